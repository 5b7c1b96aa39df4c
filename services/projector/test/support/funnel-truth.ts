// The expected funnel, computed from what was sent in plain code, independently of the projection: clicks
// validated as ingest does and deduplicated by their content id, orders as the ground truth keeps them, then
// counted with Maps per UTC hour: totals, per category (catalog at the time, 0 = Unknown) and per movie.
import { readFile } from 'node:fs/promises';
import { clickEventId, validateEvent, type Click, type ClickType, type Order } from '@marquee/domain';
import { parseOutFile, recordBytes } from '@marquee/datagen';

export interface FunnelCounts {
  views: number;
  carts: number;
  checkouts: number;
  orders: number;
}

/** Keys: the UTC hour (`YYYY-MM-DDTHH`), and `<hour>/<categoryId>`, `<hour>/<movieId>`. */
export interface FunnelTruth {
  hours: Record<string, FunnelCounts>;
  categories: Record<string, FunnelCounts>;
  movies: Record<string, FunnelCounts>;
}

export interface SentClick {
  type: ClickType;
  data: Click;
}

/** Unique valid clicks of --out files (a resend has the same content, hence the same id: counted once). */
export async function uniqueClicks(outFiles: readonly string[]): Promise<SentClick[]> {
  const clicks = new Map<string, SentClick>();
  for (const file of outFiles) {
    for (const record of parseOutFile(await readFile(file, 'utf8'))) {
      if (record.kind !== 'click') continue;
      const declared = { type: record.type, schemaVersion: record.schemaVersion };
      const result = validateEvent(recordBytes(record), declared, { now: new Date() });
      if (!result.ok) continue;
      const click = { type: result.type as ClickType, data: result.data as Click };
      const id = clickEventId(click.type, click.data);
      if (!clicks.has(id)) clicks.set(id, click);
    }
  }
  return [...clicks.values()];
}

const STEP = { ProductViewed: 'views', AddedToCart: 'carts', CheckoutStarted: 'checkouts' } as const;

export function expectedFunnel(
  orders: readonly Order[],
  clicks: readonly SentClick[],
  categoryOf: (movieId: number) => number | undefined,
): FunnelTruth {
  const truth: FunnelTruth = { hours: {}, categories: {}, movies: {} };
  const count = (into: Record<string, FunnelCounts>, key: string, step: keyof FunnelCounts) => {
    const c = (into[key] ??= { views: 0, carts: 0, checkouts: 0, orders: 0 });
    c[step] += 1;
  };
  const step = (at: string, movies: readonly number[], kind: keyof FunnelCounts) => {
    const hour = new Date(at).toISOString().slice(0, 13);
    count(truth.hours, hour, kind);
    for (const movie of new Set(movies)) count(truth.movies, `${hour}/${movie}`, kind);
    for (const category of new Set(movies.map((m) => categoryOf(m) ?? 0)))
      count(truth.categories, `${hour}/${category}`, kind);
  };
  for (const click of clicks) step(click.data.timestamp, [click.data.movieId], STEP[click.type]);
  for (const order of orders)
    step(
      order.OrderDate,
      order.Details.map((line) => line.ProductId),
      'orders',
    );
  return truth;
}
