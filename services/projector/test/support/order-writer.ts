// Orders written straight into `events` as ingest stores them (toStoredEvent, create-only), remembering which
// ones the store has acknowledged, in that order: the ground truth of a test that needs no Event Hubs.
import type { Container } from '@azure/cosmos';
import { generateCatalog, toStoredEvent, type Order } from '@marquee/domain';
import { createOrderGenerator } from '@marquee/datagen';
import type { FunnelTruth } from './funnel-truth.ts';
import type { Bucket, Sales } from './ground-truth.ts';

export class OrderWriter {
  /** Orders the store has acknowledged, in acknowledgement order. */
  readonly stored: Order[] = [];
  readonly #events: () => Container;
  readonly #generator = createOrderGenerator({
    seed: 1511,
    catalog: generateCatalog(),
    now: () => new Date('2026-11-22T06:00:00Z'),
    backfillMs: 3 * 24 * 3_600_000,
    invalidRatio: 0,
    duplicateRatio: 0,
  });
  #sequence = 0;

  constructor(events: () => Container) {
    this.#events = events;
  }

  /** Writes `count` orders, `concurrency` at a time. */
  async write(count: number, concurrency = 25): Promise<void> {
    for (let i = 0; i < count; i += concurrency) await this.#writeSome(Math.min(concurrency, count - i));
  }

  /** Keeps writing `perTick` orders every `tickMs` until `stop()` says so or `max` were written. */
  async writeUntil(stop: () => boolean, o: { perTick: number; tickMs: number; max: number }): Promise<void> {
    for (let written = 0; !stop() && written < o.max; written += o.perTick) {
      await this.#writeSome(o.perTick);
      await new Promise((resolve) => setTimeout(resolve, o.tickMs));
    }
  }

  /** Resolves once `count` more orders were stored (while writeUntil runs). */
  async waitForMore(count: number): Promise<void> {
    const target = this.stored.length + count;
    while (this.stored.length < target) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async #writeSome(n: number): Promise<void> {
    const orders: Order[] = [];
    while (orders.length < n) {
      const { order } = this.#generator.next();
      if (order !== undefined) orders.push(order);
    }
    await Promise.all(
      orders.map(async (order) => {
        const sequenceNumber = this.#sequence++;
        const event = toStoredEvent(order, {
          receivedAt: new Date(),
          source: { partitionId: '0', sequenceNumber, offset: String(sequenceNumber) },
        });
        await this.#events().items.create(event);
        this.stored.push(order);
      }),
    );
  }
}

/**
 * Units counted in one view's part of the ground truth (movies, categories, hours or days); for the funnel,
 * every step counted in its hours.
 */
export function unitsIn(part: Record<string, Sales> | Record<string, Bucket> | FunnelTruth): number {
  if ('hours' in part && 'movies' in part) {
    const steps = Object.values((part as FunnelTruth).hours);
    return steps.reduce((n, c) => n + c.views + c.carts + c.checkouts + c.orders, 0);
  }
  let units = 0;
  for (const value of Object.values(part as Record<string, Sales | Bucket>))
    units += 'unitsSold' in value ? value.unitsSold : value.units;
  return units;
}
