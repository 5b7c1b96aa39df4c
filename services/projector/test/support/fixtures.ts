// Hand-made change feed items and an in-memory DocStore, for the pure and handler-level unit tests.
import type { OrderPlaced } from '@marquee/domain';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { ProjectorMetrics } from '../../src/metrics.ts';
import type { FeedEvent } from '../../src/projection/index.ts';
import type {
  DocStore,
  Quarantined,
  QuarantineSink,
  Versioned,
  WriteOutcome,
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

/** A range of the key space and its lease token, as the processor names them. */
export function lease(minInclusive: string, maxExclusive: string) {
  return { leaseToken: `${minInclusive}-${maxExclusive}`, feedRange: { minInclusive, maxExclusive } };
}

export function context(l: ReturnType<typeof lease>, events: readonly FeedEvent[]) {
  const lsns = events.map((e) => e._lsn ?? 0);
  return { ...l, lsn: { minLsn: Math.min(...lsns), maxLsn: Math.max(...lsns) } };
}

/** Cosmos-like semantics: create → 409 when present, replace → 412 unless the ETag matches. */
export class MemoryStore<T extends { id: string }> implements DocStore<T> {
  readonly docs = new Map<string, Versioned<T>>();
  writes = 0;
  #version = 0;
  /** Called before every write lands; a test can sneak in a concurrent write here. */
  beforeWrite: ((id: string) => Promise<void> | void) | undefined;

  async read(id: string): Promise<Versioned<T> | undefined> {
    await Promise.resolve();
    const found = this.docs.get(id);
    return found && { doc: structuredClone(found.doc), etag: found.etag };
  }

  async create(doc: T): Promise<WriteOutcome> {
    await this.beforeWrite?.(doc.id);
    if (this.docs.has(doc.id)) return { ok: false, reason: 'exists' };
    return this.#put(doc);
  }

  async replace(doc: T, etag: string): Promise<WriteOutcome> {
    await this.beforeWrite?.(doc.id);
    const found = this.docs.get(doc.id);
    if (found === undefined) return { ok: false, reason: 'gone' };
    if (found.etag !== etag) return { ok: false, reason: 'changed' };
    return this.#put(doc);
  }

  #put(doc: T): WriteOutcome {
    const etag = `"${++this.#version}"`;
    this.writes += 1;
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
  readonly items: Quarantined[] = [];
  failures = 0;

  async put(items: readonly Quarantined[]): Promise<void> {
    await Promise.resolve();
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error('service unavailable'), { code: 503 });
    }
    this.items.push(...items);
  }
}
