// A handler that records every delivery and checks that no lease token is ever handled twice at once.
import type { ChangeFeedContext, ChangeFeedHandler, LatestVersionChange } from '../../src/index.ts';

export interface Delivery {
  readonly instance: string;
  readonly leaseToken: string;
  readonly ids: readonly string[];
  readonly minLsn: number;
  readonly maxLsn: number;
  readonly attempt: number;
  /** ChangeFeedContext.afterIdle (undefined when recorded from a hand-made context). */
  readonly afterIdle: boolean | undefined;
}

export class Recorder {
  readonly deliveries: Delivery[] = [];
  /** How many times each id was delivered (successful handler calls only). */
  readonly seen = new Map<string, number>();
  /** Instance handling each lease token right now, across all instances sharing this recorder. */
  readonly #inFlight = new Map<string, string>();
  readonly overlaps: string[] = [];

  handler(
    instance: string,
    inner?: (ids: string[], context: ChangeFeedContext) => Promise<void>,
  ): ChangeFeedHandler<LatestVersionChange<{ id: string }>> {
    return async (changes, context) => {
      const other = this.#inFlight.get(context.leaseToken);
      if (other !== undefined) this.overlaps.push(`${context.leaseToken}: ${other} and ${instance}`);
      this.#inFlight.set(context.leaseToken, instance);
      try {
        const ids = changes.map((c) => c.id);
        await inner?.(ids, context);
        this.record(instance, context, ids);
      } finally {
        this.#inFlight.delete(context.leaseToken);
      }
    };
  }

  record(
    instance: string,
    context: Pick<ChangeFeedContext, 'leaseToken' | 'lsn' | 'attempt'> & Partial<ChangeFeedContext>,
    ids: string[],
  ): void {
    this.deliveries.push({
      instance,
      leaseToken: context.leaseToken,
      ids,
      ...context.lsn,
      attempt: context.attempt,
      afterIdle: context.afterIdle,
    });
    for (const id of ids) this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
  }

  missing(ids: readonly string[]): string[] {
    return ids.filter((id) => !this.seen.has(id));
  }

  duplicates(): number {
    let n = 0;
    for (const count of this.seen.values()) n += count - 1;
    return n;
  }
}
