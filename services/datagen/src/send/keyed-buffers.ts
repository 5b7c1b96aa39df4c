// Groups events by partition key: an Event Hubs batch carries a single partition key, so events bound for
// different keys go in different batches. Pure bookkeeping; the sender decides when to send.
import type { GeneratedEvent } from '../generate/index.ts';

export interface PendingGroup {
  partitionKey: string | undefined;
  events: GeneratedEvent[];
}

export class KeyedBuffers {
  readonly batchSize: number;
  readonly #groups = new Map<string | undefined, GeneratedEvent[]>();
  #size = 0;

  constructor(batchSize: number) {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be an integer >= 1, got ${batchSize}`);
    }
    this.batchSize = batchSize;
  }

  /** Events buffered and not yet handed out. */
  get size(): number {
    return this.#size;
  }

  /** Buffers the event; returns its group once the group is full (and forgets it). */
  add(event: GeneratedEvent): PendingGroup | undefined {
    const key = event.partitionKey;
    let events = this.#groups.get(key);
    if (events === undefined) {
      events = [];
      this.#groups.set(key, events);
    }
    events.push(event);
    this.#size++;
    if (events.length < this.batchSize) return undefined;
    this.#groups.delete(key);
    this.#size -= events.length;
    return { partitionKey: key, events };
  }

  /** Every partly filled group, oldest key first, leaving the buffers empty. */
  drain(): PendingGroup[] {
    const groups = [...this.#groups].map(([partitionKey, events]) => ({ partitionKey, events }));
    this.#groups.clear();
    this.#size = 0;
    return groups;
  }
}
