// The dashboard in a real browser (Debian's chromium driven by playwright-core): against the API on a
// Cosmos emulator with view docs written here, it draws the right numbers and follows live updates.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  dayKeyOf,
  funnelDocsOf,
  generateCatalog,
  ordersHourDocsOf,
  hourKeyOf,
  hourKeysBetween,
} from '@marquee/domain';
import type { MarqueeApp } from '../src/index.ts';
import type { StageStatusDoc } from '@marquee/platform';
import { startStore, testApp, writeGenerations, writeView, type Store } from './reports-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';

/** What the page exposes on window, as the functions below (run in the browser) read it. */
interface PageGlobals {
  Chart: { getChart(id: string): { data: { labels: string[]; datasets: { data: number[] }[] } } };
  marquee?: { updates: number };
  __sameDocument?: boolean;
}

const ARTIFACTS = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../test/artifacts');

let store: Store;
let app: MarqueeApp;
let base: string;
let browser: Browser;
let page: Page;

const catalog = generateCatalog();
const topMovies = catalog.movies.slice(0, 12).map((m, i) => ({ ...m, units: 300 - i * 20 }));
const now = new Date();
const hours = hourKeysBetween(new Date(now.getTime() - 23 * 3_600_000), now);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** Orders per hour written so far: a day doc holds every hour of its day, so each write carries them all. */
const ordersByHour = new Map<string, number>();

async function writeHours(hours: readonly [string, number][], writtenAt = new Date().toISOString()) {
  for (const [hour, orders] of hours) ordersByHour.set(hour, orders);
  const days = new Set(hours.map(([hour]) => hour.slice(0, 10)));
  const all = [...ordersByHour]
    .filter(([hour]) => days.has(hour.slice(0, 10)))
    .map(([hour, orders]) => ({ hour, orders, revenue: orders * 1_499, units: orders * 2 }));
  for (const doc of ordersHourDocsOf(all)) await writeView(store.views, doc, { writtenAt });
}

before(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (see .ci/bootstrap)`,
    );
  mkdirSync(ARTIFACTS, { recursive: true });
  store = await startStore();
  // Views written five minutes ago: the page must call them stale until a fresh write arrives.
  const old = minutesAgo(5);
  await writeView(
    store.views,
    {
      id: 'top-movies',
      kind: 'top-movies',
      movies: Object.fromEntries(
        topMovies.map((m) => [
          String(m.movieId),
          { unitsSold: m.units, orders: m.units - 5, revenue: m.units * 999 },
        ]),
      ),
    },
    { writtenAt: old },
  );
  await writeView(
    store.views,
    {
      id: 'categories',
      kind: 'categories',
      categories: {
        '28': { unitsSold: 900, orders: 700, revenue: 899_100 },
        '35': { unitsSold: 650, orders: 500, revenue: 649_350 },
        '18': { unitsSold: 420, orders: 400, revenue: 419_580 },
        '0': { unitsSold: 15, orders: 15, revenue: 14_985 },
      },
    },
    { writtenAt: old },
  );
  await writeHours(
    hours.map((h, i) => [h, i === hours.length - 1 ? 1_234 : 100 + i * 10]),
    old,
  );
  const today = dayKeyOf(now, 'UTC');
  await writeView(
    store.views,
    {
      id: `orders-day-${today}`,
      kind: 'orders-day',
      day: today,
      timeZone: 'UTC',
      orders: 5_678,
      revenue: 12_345_678,
      units: 9_000,
    },
    { writtenAt: old },
  );

  await writePipelineStatus();
  await writeFunnel();
  app = testApp(store, { views: { pollMs: 200 } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

/** What the workers would have written: ingest keeping up, one projector lease stalled; two dead letters. */
async function writePipelineStatus(): Promise<void> {
  const database = store.client.database('marquee');
  const status = (stage: string, units: StageStatusDoc['units']): StageStatusDoc => ({
    id: `${stage}.pod-1`,
    kind: 'stage-status',
    stage,
    instance: 'pod-1',
    updatedAt: new Date().toISOString(),
    // Long enough to stay current for the whole test.
    intervalMs: 600_000,
    ttl: 1_800,
    units,
  });
  const unit = { lagSeconds: null, stuckSeconds: 0, stalled: false, lastProgressAt: null };
  await database
    .container('status')
    .items.upsert(status('ingest', [{ ...unit, unit: '0', lag: 12, lagUnit: 'events' }]));
  await database.container('status').items.upsert(
    status('projector', [
      {
        ...unit,
        unit: '-80',
        group: 'categories',
        lag: 40,
        lagUnit: 'lsn',
        stuckSeconds: 95,
        stalled: true,
      },
    ]),
  );
  for (const id of ['dl-1', 'dl-2'])
    await database.container('deadletters').items.create({ id, receivedAt: minutesAgo(0), reasons: ['bad'] });
}

/** The funnel of the last two hours: the current one from two leases, and the hour before it. */
async function writeFunnel(): Promise<void> {
  const counts = (views: number, carts: number, checkouts: number, orders: number) => ({
    views,
    carts,
    checkouts,
    orders,
  });
  // One call per writer: a day doc holds both hours, so each writer's partial carries all of its hours.
  const write = async (writer: string, hours: Parameters<typeof funnelDocsOf>[0]) => {
    for (const doc of funnelDocsOf(hours)) await writeView(store.views, doc, { writer });
  };
  const [previous, current] = hours.slice(-2) as [string, string];
  await write('-80', [
    { hour: current, total: counts(600, 240, 150, 120), categories: { 28: counts(600, 240, 150, 120) } },
    { hour: previous, total: counts(100, 0, 0, 0), categories: { 0: counts(100, 0, 0, 0) } },
  ]);
  await write('80-FF', [
    { hour: current, total: counts(300, 60, 30, 30), categories: { 35: counts(300, 60, 30, 30) } },
  ]);
}

const text = (id: string) => page.locator(`#${id}`).innerText();
const chartData = (id: string) =>
  page.evaluate((canvasId) => {
    const chart = (globalThis as unknown as PageGlobals).Chart.getChart(canvasId);
    return { labels: chart.data.labels, values: chart.data.datasets[0]!.data };
  }, id);

test('the page loads everything from this server and draws the views', async () => {
  const external: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(base)) external.push(request.url());
  });
  await page.goto(`${base}/`);
  await page.waitForFunction(
    () => ((globalThis as unknown as PageGlobals).marquee?.updates ?? 0) >= 1,
    undefined,
    { timeout: 10_000 },
  );
  assert.deepEqual(external, []);

  assert.equal(await text('kpi-orders-hour'), '1,234');
  assert.equal(await text('kpi-orders-today'), '5,678');
  assert.equal(await text('kpi-revenue-today'), '$123,456.78');

  const top = await chartData('chart-top-movies');
  assert.deepEqual(
    top.values,
    topMovies.slice(0, 10).map((m) => m.units),
  );
  assert.equal(
    top.labels[0],
    topMovies[0]!.title.length > 28 ? `${topMovies[0]!.title.slice(0, 27)}…` : topMovies[0]!.title,
  );

  const categories = await chartData('chart-categories');
  assert.deepEqual(categories.labels, ['Action', 'Comedy', 'Drama', 'Unknown']);
  assert.deepEqual(categories.values, [900, 650, 420, 15]);

  const hourly = await chartData('chart-hourly');
  assert.equal(hourly.values.length, 24);
  assert.equal(hourly.values.at(-1), 1_234);
  assert.equal(hourly.values[0], 100);
  assert.equal(hourly.labels.at(-1), `${hourKeyOf(now).slice(11)}:00`);
});

test('data written five minutes ago is marked stale', async () => {
  await page.locator('#status[data-state="stale"]').waitFor();
  assert.match(await text('status'), /stale: data is \d+ s old/);
});

test('a view update changes the tiles and charts without a reload, and clears the stale mark', async () => {
  await page.evaluate(() => ((globalThis as unknown as PageGlobals).__sameDocument = true));
  await writeHours([[hourKeyOf(new Date()), 1_300]]);
  await page.locator('#kpi-orders-hour', { hasText: /^1,300$/ }).waitFor({ timeout: 5_000 });
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as PageGlobals).__sameDocument),
    true,
    'no reload',
  );
  assert.equal((await chartData('chart-hourly')).values.at(-1), 1_300);
  await page.locator('#status[data-state="live"]').waitFor();
  assert.equal(await text('status'), 'live');
  // 66 more orders since the previous event: a rate is shown.
  assert.match(await text('kpi-eps'), /^\d+(\.\d)?$/);
  // The categories panel: the cached list, its version and hit counts (from the category cache routes).
  await page.locator('#category-list li').first().waitFor();
  assert.equal(await page.locator('#category-list li').count(), 19);
  assert.match(await text('cache-version'), /^\d+$/);
  assert.match(await text('cache-l1'), /^\d[\d,]*$/);
  assert.match(await text('cache-redis'), /^\d[\d,]*$/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
});

test('the pipeline panel names the stalled stage and for how long; dead letters per minute are drawn', async () => {
  await page.locator('#pipeline-panel[data-stalled="true"]').waitFor({ timeout: 10_000 });
  assert.match(await text('pipeline-summary'), /Projector stalled for 95 s/);
  const stages = page.locator('#pipeline-stages');
  assert.match(
    await stages.locator('[data-stage="ingest"]').innerText(),
    /ok · 1 instance[\s\S]*lag 12 events/,
  );
  assert.match(
    await stages.locator('[data-stage="projector"]').innerText(),
    /categories · -80: lag 40 LSN · no progress for 95 s/,
  );
  assert.match(await stages.locator('[data-stage="exporter"]').innerText(), /not reporting/);
  assert.equal(await text('dead-letters-total'), '2');
  const deadLetters = await chartData('chart-dead-letters');
  assert.equal(deadLetters.values.length, 30);
  // Written at the start (the minute may have turned since): both within the last minutes.
  assert.equal(
    deadLetters.values.slice(-3).reduce((a, b) => a + b, 0),
    2,
  );
});

test('the funnel panel shows the last 24 h: each step, its rate, and the categories by views', async () => {
  await page.locator('#funnel-steps li').nth(3).waitFor({ timeout: 10_000 });
  const steps = await page.locator('#funnel-steps li').allInnerTexts();
  assert.deepEqual(steps, [
    'Viewed 1,000',
    'Added to cart 300 (30.0%)',
    'Checked out 180 (60.0%)',
    'Ordered 150 (83.3%)',
  ]);
  assert.equal(await text('funnel-overall'), 'Views to orders: 15.0%');
  assert.deepEqual((await chartData('chart-funnel')).values, [1_000, 300, 180, 150]);
  const rows = await page.locator('#funnel-categories tr').allInnerTexts();
  assert.deepEqual(
    rows.slice(0, 3).map((r) => r.split('\t')),
    [
      ['Action', '600', '40.0%', '20.0%'],
      ['Comedy', '300', '20.0%', '10.0%'],
      ['Unknown', '100', '0.0%', '0.0%'],
    ],
  );
});

test('a view rebuilt for a new release layout shows as rebuilding, not as zeros, and comes back after the switch', async () => {
  // The pointer as a release from before layout versions left it: orders-hour and the funnel in layout 1.
  await store.views.items.upsert({
    id: 'view-generations',
    generations: { 'top-movies': 1, categories: 1, 'orders-hour': 1, 'orders-day': 1, funnel: 1 },
    switchedAt: new Date().toISOString(),
  });
  await page.locator('#kpi-orders-hour', { hasText: /^rebuilding$/ }).waitFor({ timeout: 5_000 });
  assert.match(await text('hourly-note'), /Rebuilding after an upgrade/);
  assert.equal(await page.locator('#chart-hourly').getAttribute('data-rebuilding'), 'true');
  await page.locator('#funnel-panel[data-rebuilding="true"]').waitFor({ timeout: 10_000 });
  assert.match(await text('funnel-overall'), /Rebuilding after an upgrade/);
  // The projector's switch: the pointer records this release's layouts.
  await writeGenerations(store.views, {});
  await page.locator('#kpi-orders-hour', { hasText: /^1,300$/ }).waitFor({ timeout: 5_000 });
  assert.equal(await text('hourly-note'), '');
  await page.locator('#funnel-panel[data-rebuilding="false"]').waitFor({ timeout: 10_000 });
});

test('on a phone-sized screen nothing overflows sideways', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 1000 });
});

test('when the stream drops, the page says so', async () => {
  await app.close();
  await page.locator('#status[data-state="stale"]').waitFor({ timeout: 5_000 });
  assert.match(await text('status'), /stale: stream disconnected/);
});
