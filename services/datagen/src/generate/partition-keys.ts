// How events are spread over partitions. Event Hubs keeps the events of one partition key in one partition, in
// order, so the key decides what ingest may rely on (e.g. `customer`: one customer's orders arrive in order).
import { randomInt } from '@marquee/domain';
import type { Rng } from '@marquee/domain';
import type { Customer } from './customers.ts';

export const PARTITION_KEY_STRATEGIES = ['none', 'customer', 'region', 'random'] as const;
export type PartitionKeyStrategy = (typeof PARTITION_KEY_STRATEGIES)[number];

/**
 * `random` draws from a fixed pool rather than inventing a key per event: events still land on partitions
 * independently of their content, but a send can group them into a few batches instead of one per event.
 */
export const RANDOM_KEY_POOL = 64;

/** The partition key for an event about `customer`; undefined lets the service round-robin (`none`). */
export function partitionKeyFor(
  strategy: PartitionKeyStrategy,
  customer: Customer,
  rng: Rng,
): string | undefined {
  switch (strategy) {
    case 'none':
      return undefined;
    case 'customer':
      return customer.Email;
    case 'region':
      return customer.Region;
    case 'random':
      return `random-${String(randomInt(rng, 0, RANDOM_KEY_POOL - 1)).padStart(2, '0')}`;
  }
}
