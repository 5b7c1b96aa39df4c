// The documents the query benchmarks store: events shaped like the order events in `events` (a few top-level
// fields, four types, and a nested `data` with a total and order lines).
import type { JSONObject } from '@azure/cosmos';

const TYPES = ['ViewStarted', 'ViewCompleted', 'Rated', 'AddedToWatchlist'];

/** An event shaped like the order events in `events`: a few top-level fields and a nested `data`. */
export function benchDoc(i: number): JSONObject {
  return {
    id: `evt-${String(i).padStart(9, '0')}`,
    pk: `movie-${i % 997}`,
    type: TYPES[i % TYPES.length] ?? '',
    movieId: `movie-${i % 997}`,
    userId: `user-${i % 50_000}`,
    occurredAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    seconds: i % 7200,
    device: i % 3 === 0 ? 'tv' : 'phone',
    data: {
      Region: ['West', 'East', 'North', 'South'][i % 4] ?? '',
      Email: `user-${i % 50_000}@example.com`,
      // One event in 20 is over 100: a filter that keeps 5% of the container.
      Total: (i % 20 === 0 ? 100 : 0) + ((i * 7919) % 10_000) / 100,
      Details: [{ ProductId: 397_518 + (i % 500), Quantity: 1 + (i % 3), UnitPrice: 3.99 }],
    },
  };
}
