// What a user checks after `docker compose up`, through the published ports only: the dashboard loads, the
// reports count the orders datagen's container sends, and a category edited through the admin API shows up
// in GET /api/categories. `node .ci/compose/check.ts [base-url]`; exit 0 when all hold, 1 with the reason.
const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const adminToken = process.env.ADMIN_TOKEN ?? 'demo-admin-token';
const DEADLINE_MS = 120_000;

const say = (line: string): void => void process.stdout.write(`compose check: ${line}\n`);

/** Retries `probe` until it returns a value, or fails with the last reason after the deadline. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + DEADLINE_MS;
  let reason = 'no answer yet';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > until) throw new Error(`${what}: not within ${DEADLINE_MS / 1000} s (${reason})`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function get(path: string): Promise<Response> {
  const res = await fetch(new URL(path, base), { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return res;
}

async function dashboardLoads(): Promise<void> {
  const html = await (await get('/')).text();
  if (!html.includes('<html')) throw new Error('GET / is not the dashboard page');
  const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] ?? '');
  for (const asset of assets) await get(asset);
  say(`dashboard loads (${assets.length} assets: ${assets.join(', ')})`);
}

interface HourlyReport {
  series: { orders: number }[];
}
const ordersCounted = async (): Promise<number> => {
  const report = (await (await get('/api/reports/orders/hourly?hours=2')).json()) as HourlyReport;
  return report.series.reduce((sum, bucket) => sum + bucket.orders, 0);
};

async function reportsCountOrders(): Promise<void> {
  const first = await eventually('orders in the reports', async () => {
    const n = await ordersCounted();
    return n > 0 ? n : undefined;
  });
  const later = await eventually('more orders in the reports', async () => {
    const n = await ordersCounted();
    return n > first ? n : undefined;
  });
  say(`reports count datagen's orders (${first}, then ${later})`);
}

interface Category {
  categoryId: number;
  name: string;
  description: string;
}
const categories = async (): Promise<Category[]> =>
  ((await (await get('/api/categories')).json()) as { items: Category[] }).items;

async function categoryEditShows(): Promise<void> {
  const [category] = await eventually('categories', async () => {
    const items = await categories();
    return items.length > 0 ? items : undefined;
  });
  if (category === undefined) throw new Error('no category to edit');
  const name = `${category.name} (edited by CI ${Date.now()})`;
  const res = await fetch(new URL(`/api/admin/categories/${category.categoryId}`, base), {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, description: category.description }),
    signal: AbortSignal.timeout(5_000),
  });
  if (res.status !== 200) throw new Error(`admin PUT answered ${res.status}: ${await res.text()}`);
  await eventually('the edited category in GET /api/categories', async () => {
    const items = await categories();
    return items.some((c) => c.categoryId === category.categoryId && c.name === name) ? true : undefined;
  });
  say(`category ${category.categoryId} edited through the admin API shows in GET /api/categories`);
}

try {
  await eventually('the dashboard', async () => {
    await dashboardLoads();
    return true;
  });
  await reportsCountOrders();
  await categoryEditShows();
} catch (err) {
  say(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
