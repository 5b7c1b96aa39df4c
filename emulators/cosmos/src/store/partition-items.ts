// The items of one logical partition by id. Containers keyed by `/id` (events, views, leases) have one item per
// logical partition, so one item is held in two fields and a Map is made only for a second: a Map per document
// was the largest allocation of a create after the document itself, and stayed for the document's lifetime.
import type { ItemRecord } from './types.ts';

export class PartitionItems {
  #onlyId: string | undefined;
  #only: ItemRecord | undefined;
  #many: Map<string, ItemRecord> | undefined;

  get size(): number {
    if (this.#many) return this.#many.size;
    return this.#only === undefined ? 0 : 1;
  }

  get(id: string): ItemRecord | undefined {
    if (this.#many) return this.#many.get(id);
    return this.#onlyId === id ? this.#only : undefined;
  }

  set(id: string, record: ItemRecord): void {
    if (this.#many) {
      this.#many.set(id, record);
    } else if (this.#only === undefined || this.#onlyId === id) {
      this.#onlyId = id;
      this.#only = record;
    } else {
      // In insertion order, as a Map keeps them: the first item stays first.
      this.#many = new Map([[this.#onlyId as string, this.#only]]);
      this.#many.set(id, record);
      this.#onlyId = undefined;
      this.#only = undefined;
    }
  }

  delete(id: string): void {
    if (this.#many) {
      this.#many.delete(id);
    } else if (this.#onlyId === id) {
      this.#onlyId = undefined;
      this.#only = undefined;
    }
  }

  values(): IterableIterator<ItemRecord> {
    if (this.#many) return this.#many.values();
    return (this.#only === undefined ? [] : [this.#only]).values();
  }
}
