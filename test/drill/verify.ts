// The end of the drill: what was acknowledged against what was stored (RPO, per hub), every view against the
// ground truth computed from what was sent (the projector tests' checker, exact to the cent), the surviving api's
// reports against the same totals, and the surviving region's category cache against the catalog.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Container } from '@azure/cosmos';
import type { Order } from '@marquee/domain';
import {
  expectedViews,
  totalOrders,
  uniqueOrders,
} from '../../services/projector/test/support/ground-truth.ts';
import { readViews } from '../../services/projector/test/support/read-views.ts';
import { eventually } from '../support/eventually.ts';
import { acknowledged, type Acknowledged } from './ledger.ts';

export interface StoreOutcome {
  /** Unique valid orders Event Hubs acknowledged (datagen's and the probes). */
  sent: Map<string, Order>;
  /** Of those, the ones stored in `events`. */
  stored: Set<string>;
  /** Acknowledged and never stored, counted by the hub that acknowledged them: the RPO. */
  lostByHub: Record<string, number>;
  /** When the last order acknowledged before the cut was stored (`receivedAt`, epoch ms): region 1's backlog. */
  backlogStoredAt: number;
}

export interface Settling {
  outFiles: readonly string[];
  /** Lines of each out file at the cut. */
  atCut: readonly number[];
  /** Orders that may have been lost with a namespace (Geo-DR): waited for `settleMs` only. */
  atRisk: (records: readonly Acknowledged[]) => Set<string>;
  settleMs: number;
  /** Bound for the orders that must arrive: past it, they count as lost. */
  timeoutMs: number;
}

/**
 * How often the end checks look again. The store holds a few hundred orders in CI (a few thousand in a long
 * drill): a read every quarter second costs little, and each check ends within a quarter second of being true.
 */
const RECHECK_MS = 250;

async function storedAt(events: Container): Promise<Map<string, number>> {
  const query = "SELECT c.id, c.receivedAt FROM c WHERE c.type = 'OrderPlaced'";
  const { resources } = await events.items.query<{ id: string; receivedAt: string }>(query).fetchAll();
  return new Map(resources.map((e) => [e.id, Date.parse(e.receivedAt)]));
}

/**
 * Waits until every order that must survive is stored (within `timeoutMs`), then `settleMs` more for those at risk;
 * what is still missing is lost. Also fails on a stored order nobody sent.
 */
export async function settleStore(events: Container, s: Settling): Promise<StoreOutcome> {
  const sent = await uniqueOrders(s.outFiles);
  const records = await acknowledged(s.outFiles);
  const risky = s.atRisk(records);
  const deadline = performance.now() + s.timeoutMs;
  let stored = await storedAt(events);
  const missing = (): string[] => [...sent.keys()].filter((id) => !stored.has(id) && !risky.has(id));
  while (missing().length > 0 && performance.now() < deadline) {
    await sleep(RECHECK_MS);
    stored = await storedAt(events);
  }
  if (risky.size > 0) {
    await sleep(s.settleMs);
    stored = await storedAt(events);
  }
  assert.deepEqual(
    [...stored.keys()].filter((id) => !sent.has(id)),
    [],
    'every stored order was sent',
  );
  const lostByHub: Record<string, number> = {};
  const hubOf = new Map(records.toReversed().map((r) => [r.id, r.hub]));
  for (const id of sent.keys()) {
    if (stored.has(id)) continue;
    const hub = hubOf.get(id) ?? '?';
    lostByHub[hub] = (lostByHub[hub] ?? 0) + 1;
  }
  const beforeCut = records.filter((r) => r.before(s.atCut)).map((r) => stored.get(r.id) ?? 0);
  return { sent, stored: new Set(stored.keys()), lostByHub, backlogStoredAt: Math.max(0, ...beforeCut) };
}

export interface ViewsOutcome {
  orders: number;
  revenueCents: number;
}

/** Every view equals the ground truth of the stored orders, to the cent (waits for the projector to finish). */
export async function checkViews(
  views: Container,
  outcome: StoreOutcome,
  timeoutMs: number,
): Promise<ViewsOutcome> {
  const orders = [...outcome.sent].filter(([id]) => outcome.stored.has(id)).map(([, order]) => order);
  const expected = expectedViews(orders);
  await eventually(async () => assert.deepEqual(await readViews(views), expected, 'views = ground truth'), {
    timeoutMs,
    intervalMs: RECHECK_MS,
  });
  const revenueCents = Object.values(expected.hours).reduce((sum, b) => sum + b.revenue, 0);
  return { orders: totalOrders(expected), revenueCents };
}

interface Bucket {
  orders: number;
  revenue: number;
}

/** The api's hourly report over the last week adds up to the same orders and cents (a busy api may shed: retried). */
export async function checkApiTotals(api: string, expected: ViewsOutcome, timeoutMs: number): Promise<void> {
  await eventually(
    async () => {
      const response = await fetch(`${api}/api/reports/orders/hourly?hours=168`);
      assert.equal(response.status, 200, `${api} hourly report`);
      const { series } = (await response.json()) as { series: Bucket[] };
      const orders = series.reduce((n, b) => n + b.orders, 0);
      const cents = series.reduce((n, b) => n + Math.round(b.revenue * 100), 0);
      assert.deepEqual(
        { orders, cents },
        { orders: expected.orders, cents: expected.revenueCents },
        `${api} reports`,
      );
    },
    { timeoutMs, intervalMs: RECHECK_MS },
  );
}

interface CategoryRow {
  categoryId: number;
  name: string;
  description: string;
}

/** What the api's Redis holds for categories equals the live categories in the catalog; returns how many. */
export async function checkCategoryCache(
  api: string,
  catalog: Container,
  timeoutMs: number,
): Promise<number> {
  const byId = (rows: CategoryRow[]): CategoryRow[] =>
    rows
      .map(({ categoryId, name, description }) => ({ categoryId, name, description }))
      .sort((a, b) => a.categoryId - b.categoryId);
  return await eventually(
    async () => {
      const query =
        "SELECT * FROM c WHERE c.type = 'category' AND NOT (IS_DEFINED(c.deleted) AND c.deleted = true)";
      const live = byId((await catalog.items.query<CategoryRow>(query).fetchAll()).resources);
      const response = await fetch(`${api}/api/cache/categories`);
      assert.equal(response.status, 200, `${api} category cache`);
      const held = byId(((await response.json()) as { items: CategoryRow[] }).items);
      assert.deepEqual(held, live, 'the category cache = the catalog');
      return held.length;
    },
    { timeoutMs, intervalMs: RECHECK_MS },
  );
}

/** A catalog change in the surviving region after the cut: its cache-sync must carry it into its Redis. */
export async function addCategory(api: string, adminToken: string): Promise<void> {
  const response = await fetch(`${api}/api/admin/categories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ categoryId: 990, name: 'Drill', description: 'Added in region 2 after the cut.' }),
  });
  if (response.status !== 201)
    throw new Error(`adding a category: ${response.status} ${await response.text()}`);
}
