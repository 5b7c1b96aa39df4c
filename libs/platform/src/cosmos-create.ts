import type { Container, JSONObject, OperationInput, OperationResponse } from '@azure/cosmos';
import type { Logger } from 'pino';
import { statusOf } from './cosmos-status.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPermanentFailure, isTransient, retry } from './retry.ts';

/** What became of one document: written, already there (409), or refused for good with a reason. */
export type CreateOutcome = { kind: 'created' } | { kind: 'exists' } | { kind: 'refused'; reason: string };

export interface CreateOptions {
  signal: AbortSignal;
  logger: Logger;
  /** Bulk requests in flight at once. */
  concurrency?: number;
  /** Called with how many documents are about to be sent again, whatever the reason for the retry. */
  onRetry?: (count: number) => void;
  /**
   * The partition keys are spread evenly (a hashed id, as `events` has): calls then carry up to 65 operations per
   * physical partition instead of 100 in all, so fewer, fuller requests.
   */
  spread?: boolean;
}

// The SDK sends one request per physical partition of an items.bulk call and refuses more than 100 operations
// for one of them: 100 in all is always safe. Documents partitioned by a hashed id spread evenly, so a call of
// at most 65 per partition on average stays far below that (a partition's share of a 260-document call over 4
// partitions passes 100 about once in 10^6 calls; one that does is split, see below) in fewer, fuller requests.
// (The SDK sends the other partitions' requests before it refuses, so a split call answers some 409s.)
const PER_PARTITION = 65;
const MIN_CHUNK = 100;
const partitionCounts = new WeakMap<Container, Promise<number>>();

/** Physical partitions of the container, read once per Container object (1 if it cannot be read). */
function partitionCount(container: Container): Promise<number> {
  let count = partitionCounts.get(container);
  if (count === undefined) {
    count = container
      .readPartitionKeyRanges()
      .fetchAll()
      .then((r) => Math.max(1, r.resources.length))
      .catch(() => 1);
    partitionCounts.set(container, count);
  }
  return count;
}

/** The SDK's own refusal of a bulk call with more than 100 operations for one partition (a plain Error). */
function overPartitionLimit(err: unknown): boolean {
  return err instanceof Error && /more than 100 operations per partition/.test(err.message);
}

/**
 * Creates documents in bulk calls of 100 operations (or up to 65 per physical partition, see `spread`). Create (not upsert) makes a replay harmless:
 * a document already stored answers 409 and nothing changes, so its change feed does not fire again.
 * Throttled and transient failures are retried with backoff until they succeed or the signal aborts (which
 * also cancels the requests in flight): never dropped. A permanent failure (isPermanentFailure: 400, 413, a
 * document the SDK cannot serialise) is reported per document, so a caller can dead-letter one event instead
 * of blocking its partition. Anything else (401, 403, a missing container, an error we do not know) is
 * thrown: no document is to blame, the caller's work stays unacknowledged and its health checks say so.
 *
 * Why `items.bulk` and not `executeBulkOperations`: the latter waits a fixed 1,000 ms to accumulate
 * operations before its last dispatch (BulkHelper's intervalForPartialBatchInMs), so every call takes at
 * least a second. That would put a second of latency on every ingest batch; `items.bulk` sends at once.
 */
export async function createDocuments(
  container: Container,
  documents: readonly JSONObject[],
  options: CreateOptions,
): Promise<CreateOutcome[]> {
  const { signal, logger, concurrency = 4, onRetry, spread = false } = options;
  const outcomes = new Array<CreateOutcome | undefined>(documents.length);
  const maxChunk = spread
    ? Math.max(MIN_CHUNK, PER_PARTITION * (await partitionCount(container)))
    : MIN_CHUNK;
  let pending = documents.map((_, i) => i);
  for (let attempt = 0; pending.length > 0; attempt++) {
    // Chunks of equal size: 300 documents are 2 calls of 150, not one of 260 and one of 40 (4 nearly empty
    // requests, each costing a round trip on both sides as much as a full one).
    const chunkSize = Math.ceil(pending.length / Math.ceil(pending.length / maxChunk));
    const chunks: number[][] = [];
    for (let i = 0; i < pending.length; i += chunkSize) chunks.push(pending.slice(i, i + chunkSize));
    const again: number[] = [];
    const sendChunk = async (chunk: number[]): Promise<void> => {
      const operations: OperationInput[] = chunk.map((i) => ({
        operationType: 'Create',
        resourceBody: documents[i] as JSONObject,
      }));
      let results: OperationResponse[];
      try {
        results = await retry(
          () =>
            // Only the status of each operation is read: the written documents are not sent back.
            container.items.bulk(
              operations,
              { continueOnError: true },
              { abortSignal: signal, contentResponseOnWriteEnabled: false },
            ),
          {
            retries: Infinity,
            signal,
            onRetry: (err, n) => {
              onRetry?.(chunk.length);
              logger.warn({ err, attempt: n, container: container.id }, 'bulk request failed; retrying');
            },
          },
        );
      } catch (err) {
        if (signal.aborted) throw err;
        const overLimit = overPartitionLimit(err) && chunk.length > 1;
        if (!overLimit && !isPermanentFailure(err)) throw err;
        // Refused for good (413, 400, or the SDK could not even serialise it: a 10,000-level document
        // overflows its size calculation): one document is usually the cause, so halve the chunk until it
        // stands alone; the others are written, and only it is refused. Over the SDK's 100 per partition
        // (partition keys bunched in one partition): halve until each call fits.
        if (chunk.length === 1) {
          outcomes[chunk[0] as number] = { kind: 'refused', reason: refusalReason(err) };
          return;
        }
        if (!overLimit)
          logger.warn(
            { err, documents: chunk.length, container: container.id },
            'bulk request refused; splitting',
          );
        const half = Math.ceil(chunk.length / 2);
        await sendChunk(chunk.slice(0, half));
        await sendChunk(chunk.slice(half));
        return;
      }
      results.forEach((result, j) => {
        const index = chunk[j] as number;
        const status = result.statusCode;
        if (status >= 200 && status < 300) outcomes[index] = { kind: 'created' };
        else if (status === 409) outcomes[index] = { kind: 'exists' };
        else if (isTransient({ code: status })) again.push(index);
        else if (!isPermanentFailure({ code: status }))
          throw Object.assign(new Error(`the store answered ${status}`), { code: status });
        else outcomes[index] = { kind: 'refused', reason: refusalReason({ code: status }) };
      });
    };
    for (let i = 0; i < chunks.length; i += concurrency) {
      // Settle every request of the wave before giving up on one, so none is still writing after we return.
      const settled = await Promise.allSettled(chunks.slice(i, i + concurrency).map(sendChunk));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
    }
    if (again.length > 0) {
      onRetry?.(again.length);
      logger.warn(
        { count: again.length, attempt, container: container.id },
        'throttled or transient; retrying',
      );
      await sleep(Math.min(50 * 2 ** attempt, 5_000), undefined, { signal });
    }
    pending = again;
  }
  return outcomes as CreateOutcome[];
}

/** A short, stable reason (it is a dead letter's reason and a metric label): the status, or the error's kind. */
function refusalReason(err: unknown): string {
  const status = statusOf(err);
  if (status !== undefined) return `the store refused it with status ${status}`;
  const e = err as { name?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message.slice(0, 120) : String(err).slice(0, 120);
  return `the store could not take it: ${typeof e?.name === 'string' ? e.name : 'Error'}: ${message}`;
}
