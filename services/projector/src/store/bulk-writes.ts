// View doc writes sent together: the creates and ETag-guarded replaces asked for in the same turn of the event
// loop (the docs of a batch, written a few at a time, and the other leases' and views' batches meanwhile) go
// out as one `items.bulk` call, one request per physical partition, answered without the written bodies
// (`contentResponseOnWriteEnabled: false`: only the ETag is needed). A batch's dozens of writes cost a few
// requests instead of dozens of requests and responses, each signed, sent, parsed and diagnosed by the SDK.
// Each operation keeps its own outcome: 412 and 409 come back to the read-modify-write loop as values, as from
// single writes; anything else fails that write (the batch is retried by the processor).
import type { Container, JSONObject, OperationInput, OperationResponse } from '@azure/cosmos';
import type { WriteOutcome } from './view-store.ts';

// The SDK refuses a call with more than 100 operations for one partition: 100 in all is always safe.
const MAX_OPERATIONS = 100;

interface Pending {
  id: string;
  operation: OperationInput;
  resolve: (outcome: WriteOutcome) => void;
  reject: (err: unknown) => void;
}

export class BulkWrites {
  readonly #container: Container;
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(container: Container) {
    this.#container = container;
  }

  create(doc: { id: string }): Promise<WriteOutcome> {
    return this.#enqueue(doc.id, {
      operationType: 'Create',
      partitionKey: doc.id,
      resourceBody: doc as unknown as JSONObject,
    });
  }

  replace(doc: { id: string }, etag: string): Promise<WriteOutcome> {
    return this.#enqueue(doc.id, {
      operationType: 'Replace',
      id: doc.id,
      partitionKey: doc.id,
      ifMatch: etag,
      resourceBody: doc as unknown as JSONObject,
    });
  }

  #enqueue(id: string, operation: OperationInput): Promise<WriteOutcome> {
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.#queue.push({ id, operation, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // After the current turn's microtasks: every write asked for meanwhile joins the call.
      setImmediate(() => {
        this.#scheduled = false;
        const queue = this.#queue;
        this.#queue = [];
        for (let i = 0; i < queue.length; i += MAX_OPERATIONS)
          void this.#send(queue.slice(i, i + MAX_OPERATIONS));
      });
    });
  }

  async #send(writes: Pending[]): Promise<void> {
    let results: OperationResponse[];
    try {
      results = await this.#container.items.bulk(
        writes.map((w) => w.operation),
        { continueOnError: true },
        { contentResponseOnWriteEnabled: false },
      );
    } catch (err) {
      for (const w of writes) w.reject(err);
      return;
    }
    writes.forEach((w, i) => {
      const result = results[i];
      if (result === undefined) {
        w.reject(new Error(`bulk write of ${w.id} got no answer`));
        return;
      }
      const outcome = outcomeOf(result);
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    });
  }
}

function outcomeOf(result: OperationResponse): WriteOutcome | Error {
  const status = result.statusCode;
  if (status >= 200 && status < 300) return { ok: true, etag: result.eTag ?? '' };
  if (status === 412) return { ok: false, reason: 'changed' };
  if (status === 409) return { ok: false, reason: 'exists' };
  if (status === 404) return { ok: false, reason: 'gone' };
  return Object.assign(new Error(`view doc write answered ${status}`), { code: status });
}
