// The whole pipeline as it runs in production, every service its own process on a private local stack:
// datagen → Event Hubs → ingest → events → projector → views → api → /api/stream and the dashboard. Both event
// families: orders on the orders hub, the website's clickstream on its own hub with its own ingest.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { chromium, type Browser } from 'playwright-core';
import { seed } from '@marquee/seed';
import {
  freePort,
  eventually,
  ServiceProcess,
  SseReader,
  stackEnv,
  startLocalStack,
  startReady,
  startWorker,
  type LocalStack,
} from './support/index.ts';

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const ADMIN_TOKEN = 'e2e-admin-token';

interface TodayPayload {
  daily: { today: { orders: number } };
}

/** Runs the datagen CLI to completion and returns how many valid orders it sent. */
async function datagen(stack: LocalStack, args: string[]): Promise<number> {
  const run = new ServiceProcess({
    service: 'datagen',
    env: stackEnv(stack),
    args: ['--rate', '0', ...args],
  });
  const { code } = await run.exited;
  assert.equal(code, 0, run.logs.join('\n'));
  const summary = run.logs.find((line) => line.startsWith('done:'));
  const valid = /valid=(\d+)/.exec(summary ?? '')?.[1];
  assert.ok(valid, `datagen printed a summary: ${run.logs.slice(-3).join('\n')}`);
  return Number(valid);
}

/** Each click type's count in a datagen --out file (a click is sent once; a resend would be the same content). */
function clicksIn(out: string): Record<string, number> {
  const sent = new Set<string>();
  const counts: Record<string, number> = { ProductViewed: 0, AddedToCart: 0, CheckoutStarted: 0 };
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { kind: string; type?: string; body?: string };
    const key = `${record.type}:${record.body}`;
    if (record.kind !== 'click' || record.type === undefined || sent.has(key)) continue;
    sent.add(key);
    counts[record.type] = (counts[record.type] ?? 0) + 1;
  }
  return counts;
}

/** The dashboard test's browser, launched while the services start (its own start is seconds of CPU and waits). */
function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'].concat(
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ),
  });
}

describe('the pipeline end to end', () => {
  let stack: LocalStack;
  let api: string;
  let browser: Promise<Browser> | undefined;
  const services: ServiceProcess[] = [];
  /** Valid orders sent so far, by every test (all of them live: in the funnel's last 24 hours). */
  let ordersSent = 0;

  before(async () => {
    stack = await startLocalStack({ ports: 'free' });
    const client = new CosmosClient(stack.connections.cosmos);
    await seed(client, 'marquee');
    client.dispose();
    const apiPort = await freePort();
    api = `http://127.0.0.1:${apiPort}`;
    const worker = async (service: string, env: Record<string, string>): Promise<ServiceProcess> =>
      (await startWorker(stack, service, env)).process;
    const apiEnv = {
      ...stackEnv(stack),
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      OPS_PORT: '0',
      ADMIN_TOKEN,
    };
    browser = launchBrowser();
    browser.catch(() => undefined); // a failed launch fails the dashboard test, which awaits it
    // In parallel; a service that fails to start is killed by the helper, the others by after().
    const started = await Promise.allSettled([
      worker('ingest', { MAX_WAIT_TIME_SECONDS: '1', LOAD_BALANCING_INTERVAL_MS: '500' }),
      worker('ingest', {
        EVENTHUB_NAME: 'clickstream',
        DEFAULT_EVENT_TYPE: 'none',
        MAX_WAIT_TIME_SECONDS: '1',
        LOAD_BALANCING_INTERVAL_MS: '500',
      }),
      worker('projector', { POLL_INTERVAL_MS: '50', LEASE_ACQUIRE_INTERVAL_MS: '500' }),
      worker('cache-sync', { CHANGE_FEED_POLL_INTERVAL_MS: '50', LEASE_ACQUIRE_INTERVAL_MS: '500' }),
      startReady({ service: 'api', env: apiEnv }, `${api}/readyz`),
    ]);
    for (const result of started) if (result.status === 'fulfilled') services.push(result.value);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });

  after(async () => {
    await (await browser?.catch(() => undefined))?.close();
    for (const service of services) service.kill('SIGKILL');
    await stack?.stop();
  });

  test('orders sent by datagen reach /api/stream as a views update', async (t) => {
    const stream = await SseReader.open(`${api}/api/stream`);
    try {
      const valid = await datagen(stack, ['--count', '300', '--seed', '5']);
      ordersSent += valid;
      const sentAt = performance.now();
      const update = await stream.waitFor((e) => {
        if (e.event !== 'views' || e.data === undefined) return false;
        return (JSON.parse(e.data) as TodayPayload).daily.today.orders === valid;
      }, 30_000);
      t.diagnostic(
        `the views update reached the stream ${Math.round(update.at - sentAt)} ms after datagen finished sending`,
      );
      const daily = (await (await fetch(`${api}/api/reports/orders/daily?days=1`)).json()) as {
        today: { orders: number };
      };
      assert.equal(daily.today.orders, valid, 'the report route agrees with the stream');
    } finally {
      stream.close();
    }
  });

  test('clicks and orders reach the funnel report exactly, each family through its own hub and ingest', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'e2e-funnel-')), 'sessions.jsonl');
    ordersSent += await datagen(stack, ['--count', '40', '--seed', '7', '--clickstream', '--out', out]);
    const clicks = clicksIn(out);
    assert.ok((clicks.ProductViewed ?? 0) > 40, 'the sessions were sent');
    const expected = {
      views: clicks.ProductViewed,
      carts: clicks.AddedToCart,
      checkouts: clicks.CheckoutStarted,
      orders: ordersSent,
    };
    await eventually(
      async () => {
        const report = (await (await fetch(`${api}/api/reports/funnel?hours=24`)).json()) as {
          total: Record<string, unknown>;
        };
        const { views, carts, checkouts, orders } = report.total;
        assert.deepEqual({ views, carts, checkouts, orders }, expected);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  });

  test('the dashboard in a real browser follows new orders without a reload', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const launched = await (browser ?? launchBrowser());
    try {
      const page = await launched.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(`${api}/`);
      const ordersToday = page.locator('#kpi-orders-today');
      await ordersToday.filter({ hasText: /^[1-9][\d,]*$/ }).waitFor({ timeout: 15_000 });
      const before = Number((await ordersToday.innerText()).replaceAll(',', ''));
      await page.evaluate(() => ((globalThis as { __sameDocument?: boolean }).__sameDocument = true));
      const added = await datagen(stack, ['--count', '40', '--seed', '6']);
      ordersSent += added;
      const expected = (before + added).toLocaleString('en-US');
      await page
        .locator('#kpi-orders-today', { hasText: new RegExp(`^${expected}$`) })
        .waitFor({ timeout: 30_000 });
      const same = await page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument);
      assert.equal(same, true, 'the tiles changed without a reload');
      await page.locator('#category-list li').first().waitFor();
      // The funnel panel (polled) shows what the funnel report counted.
      await page.locator('#funnel-steps li[data-step="views"]').filter({ hasText: /[1-9]/ }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-e2e.png'), fullPage: true });
    } finally {
      await launched.close();
    }
  });

  test('every service drains and exits 0 on SIGTERM', async () => {
    const exits = await Promise.all(services.map((s) => s.stop()));
    exits.forEach((exit, i) => assert.equal(exit.code, 0, `${services[i]?.logs.slice(-5).join('\n')}`));
  });
});
