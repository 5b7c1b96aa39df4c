// Hand-made change feed items and an in-memory DocStore, for the pure and handler-level unit tests.
import type { LatestVersionChange } from '@marquee/change-feed-processor';
import {
  definitionOf,
  parseStoredViewId,
  toDomainDoc,
  type OrderPlaced,
  type SalesCounters,
  type StoredRanking,
  type StoredView,
  type StoredViewDoc,
  type AnyViewDefinition,
  type ClickstreamEvent,
  type ClickType,
  type ViewDoc,
  type ViewKind,
  hourDocId,
  ordersOfHour,
  type BucketCounters,
  type OrdersHourDoc,
} from '@marquee/domain';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { ProjectorMetrics } from '../../src/metrics.ts';
import { ViewProjection, type FeedEvent } from '../../src/projection/index.ts';
import {
  quarantineRecordId,
  ViewStores,
  type DocStore,
  type DocWriterOptions,
  type Quarantined,
  type QuarantineSink,
  type Versioned,
  type WriteOutcome,
} from '../../src/store/index.ts';

/** [productId, quantity, unitPrice in dollars] */
export type Line = [number, number, number];

export function feedEvent(lsn: number, occurredAt: string, lines: Line[], id = `order-${lsn}`): FeedEvent {
  const total = lines.reduce((sum, [, q, p]) => sum + q * p, 0);
  const event: OrderPlaced = {
    id,
    type: 'OrderPlaced',
    schemaVersion: 1,
    occurredAt,
    receivedAt: occurredAt,
    source: { partitionId: '0', sequenceNumber: lsn, offset: String(lsn) },
    data: {
      OrderDate: occurredAt,
      Total: Math.round(total * 100) / 100,
      Details: lines.map(([ProductId, Quantity, UnitPrice]) => ({
        Email: 'a@example.com',
        ProductId,
        Quantity,
        UnitPrice,
      })),
    },
  };
  return { ...event, _lsn: lsn };
}

/** A stored click as the change feed delivers it (current version, `_lsn` set). */
export function clickEvent(
  lsn: number,
  type: ClickType,
  occurredAt: string,
  movieId: number,
): LatestVersionChange<ClickstreamEvent> {
  const data = {
    sessionId: `s-${lsn}`,
    customer: 'a@example.com',
    movieId,
    timestamp: occurredAt,
    device: 'tv',
  };
  const click = {
    id: `${type}:${lsn}`,
    type,
    schemaVersion: type === 'ProductViewed' ? 2 : 1,
    occurredAt,
    receivedAt: occurredAt,
    source: { partitionId: '0', sequenceNumber: lsn, offset: String(lsn) },
    data,
  } as ClickstreamEvent;
  return { ...click, _lsn: lsn };
}

/** A range of the key space and its lease token, as the processor names them. */
export function lease(minInclusive: string, maxExclusive: string) {
  return { leaseToken: `${minInclusive}-${maxExclusive}`, feedRange: { minInclusive, maxExclusive } };
}

export function context(l: ReturnType<typeof lease>, events: readonly { _lsn?: number }[]) {
  const lsns = events.map((e) => e._lsn ?? 0);
  return { ...l, lsn: { minLsn: Math.min(...lsns), maxLsn: Math.max(...lsns) } };
}

/**
 * Cosmos-like semantics: create → 409 when present, replace → 412 unless the ETag matches. `writes` and
 * `beforeWrite` see view docs only: a lease's one-time registration in a writers doc is not counted.
 */
export class MemoryStore<T extends { id: string }> implements DocStore<T> {
  readonly docs = new Map<string, Versioned<T>>();
  writes = 0;
  /** The id of every read, in order. */
  readonly reads: string[] = [];
  #version = 0;
  /** Called before every write lands; a test can sneak in a concurrent write here. */
  beforeWrite: ((id: string) => Promise<void> | void) | undefined;

  async read(id: string): Promise<Versioned<T> | undefined> {
    this.reads.push(id);
    await Promise.resolve();
    const found = this.docs.get(id);
    return found && { doc: structuredClone(found.doc), etag: found.etag };
  }

  async create(doc: T): Promise<WriteOutcome> {
    if (!isWritersDoc(doc.id)) await this.beforeWrite?.(doc.id);
    if (this.docs.has(doc.id)) return { ok: false, reason: 'exists' };
    return this.#put(doc);
  }

  async replace(doc: T, etag: string): Promise<WriteOutcome> {
    if (!isWritersDoc(doc.id)) await this.beforeWrite?.(doc.id);
    const found = this.docs.get(doc.id);
    if (found === undefined) return { ok: false, reason: 'gone' };
    if (found.etag !== etag) return { ok: false, reason: 'changed' };
    return this.#put(doc);
  }

  #put(doc: T): WriteOutcome {
    const etag = `"${++this.#version}"`;
    if (!isWritersDoc(doc.id)) this.writes += 1;
    this.docs.set(doc.id, { doc: structuredClone(doc), etag });
    return { ok: true, etag };
  }
}

export const quietLogger = pino({ level: 'silent' });

export function testMetrics(): ProjectorMetrics {
  return new ProjectorMetrics(new Registry());
}

/** What the projection set aside, in memory; `failures` makes the next puts throw (a store outage). */
export class MemoryQuarantine implements QuarantineSink {
  /** Every item put, repeats included. */
  readonly items: Quarantined[] = [];
  readonly #records = new Set<string>();
  failures = 0;

  async put(items: readonly Quarantined[]): Promise<boolean[]> {
    await Promise.resolve();
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error('service unavailable'), { code: 503 });
    }
    this.items.push(...items);
    return items.map((q) => {
      const id = quarantineRecordId(q.event.id, q.view);
      const created = !this.#records.has(id);
      this.#records.add(id);
      return created;
    });
  }
}

const isWritersDoc = (id: string): boolean => id.includes('.writers.');

/** The projection's stores over one in-memory container. */
export function memoryViewStores(store: MemoryStore<StoredViewDoc>, options?: DocWriterOptions): ViewStores {
  const any = store as unknown as DocStore<never>;
  return new ViewStores(
    {
      docs: any,
      rankings: any,
      writers: any,
    },
    options,
  );
}

/** A view's handler over an in-memory store, as one replica (its own caches), without a catalog. */
export function memoryProjection(
  view: ViewKind,
  store: MemoryStore<StoredViewDoc>,
  concurrency = 4,
): ViewProjection {
  return new ViewProjection({
    view,
    generation: 1,
    stores: memoryViewStores(store),
    quarantine: new MemoryQuarantine(),
    catalog: { categoryOf: () => undefined, ensureKnown: async () => undefined },
    timeZone: 'UTC',
    metrics: testMetrics(),
    concurrency,
  });
}

/** The stored partials (every lease's) of one domain doc. */
export function partialsOf(store: MemoryStore<StoredViewDoc>, domainId: string): StoredViewDoc[] {
  return [...store.docs.values()]
    .map((v) => v.doc)
    .filter((d) => {
      const parsed = parseStoredViewId(d.id);
      return parsed?.writer !== undefined && parsed.domainId === domainId;
    });
}

/** A domain doc as readers see it: every lease's partial merged with the view's own merge. */
export function merged<T>(store: MemoryStore<StoredViewDoc>, view: ViewKind, domainId: string): T {
  const definition: AnyViewDefinition = definitionOf(view);
  const docs = partialsOf(store, domainId).map((d) => toDomainDoc<ViewDoc>(d));
  assert.ok(docs.length > 0, `no partial of ${domainId}`);
  return docs.reduce((a, b) => definition.merge(a, b)) as T;
}

/** Every movie's counters summed over all bucket partials of all leases (the ground truth of the store). */
export function movieTotals(store: MemoryStore<StoredViewDoc>): Record<string, SalesCounters> {
  const totals: Record<string, SalesCounters> = {};
  for (const { doc } of store.docs.values()) {
    if (!doc.id.includes('.movie-sales-')) continue;
    for (const [id, c] of Object.entries(
      (doc as StoredView<ViewDoc> & { movies: Record<string, SalesCounters> }).movies,
    )) {
      const t = totals[id] ?? { unitsSold: 0, orders: 0, revenue: 0 };
      totals[id] = {
        unitsSold: t.unitsSold + c.unitsSold,
        orders: t.orders + c.orders,
        revenue: t.revenue + c.revenue,
      };
    }
  }
  return totals;
}

/** The top-movies ranking docs of every lease. */
export function rankingsOf(store: MemoryStore<StoredViewDoc>): StoredRanking[] {
  return [...store.docs.values()]
    .map((v) => v.doc as unknown as StoredRanking)
    .filter((d) => /\.top-movies@/.test(d.id));
}

/** Orders counted in one UTC hour, out of the day doc that holds it (every lease's partial merged). */
export const ordersInHour = (store: MemoryStore<StoredViewDoc>, hour: string): BucketCounters =>
  ordersOfHour(merged<OrdersHourDoc>(store, 'orders-hour', hourDocId(hour)), hour) ?? {
    orders: 0,
    revenue: 0,
    units: 0,
  };
