// The Marquee dashboard: one EventSource on /api/stream feeds every tile and chart; nothing polls.
// Chart.js is loaded beforehand as a local UMD script (window.Chart).
/* global window, document, EventSource, fetch, setInterval, setTimeout, Chart */

const STALE_AFTER_MS = 60_000;
const RATE_TTL_MS = 10_000;
const PANEL_REFRESH_MS = 10_000;
const RECONNECT_MS = 3_000;

const integer = new Intl.NumberFormat('en-US');
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const timeOfDay = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const $ = (id) => document.getElementById(id);

/** What the page shows, also read by the browser test (window.marquee). */
const state = {
  connected: false,
  stale: true,
  staleReason: 'connecting',
  lastEventId: null,
  receivedAt: 0,
  updates: 0,
  payload: null,
  charts: {},
  panelLoadedAt: 0,
};
window.marquee = state;

const PALETTE = [
  '#3b6fd8',
  '#e4572e',
  '#17a398',
  '#f3a712',
  '#7d5ba6',
  '#2e4057',
  '#d1495b',
  '#66a182',
  '#edae49',
  '#00798c',
  '#8d6a9f',
  '#c05746',
  '#4f6d7a',
  '#a3b18a',
  '#dd6e42',
  '#588157',
  '#6d597a',
  '#b56576',
  '#355070',
  '#e56b6f',
];

function baseOptions(extra) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { display: false } },
    ...extra,
  };
}

function createCharts() {
  state.charts.hourly = new Chart($('chart-hourly'), {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        {
          label: 'Orders',
          data: [],
          borderColor: PALETTE[0],
          backgroundColor: 'rgba(59,111,216,0.15)',
          fill: true,
          cubicInterpolationMode: 'monotone',
          pointRadius: 2,
        },
      ],
    },
    options: baseOptions({
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => integer.format(v) } } },
    }),
  });
  state.charts.topMovies = new Chart($('chart-top-movies'), {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'Units sold', data: [], backgroundColor: PALETTE[0] }] },
    options: baseOptions({
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { callback: (v) => integer.format(v) } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { afterLabel: (ctx) => movieTooltip(ctx.dataIndex) } },
      },
    }),
  });
  state.charts.categories = new Chart($('chart-categories'), {
    type: 'doughnut',
    data: { labels: [], datasets: [{ label: 'Units sold', data: [], backgroundColor: PALETTE }] },
    options: baseOptions({
      plugins: {
        legend: { display: true, position: legendPosition(window.innerWidth), labels: { boxWidth: 12 } },
      },
      // Beside the donut on a wide card, under it on a phone.
      onResize: (chart, size) => {
        chart.options.plugins.legend.position = legendPosition(size.width);
      },
    }),
  });
}

const legendPosition = (width) => (width < 480 ? 'bottom' : 'right');

function movieTooltip(index) {
  const movie = state.payload?.topMovies.items[index];
  if (!movie) return '';
  return `${movie.categoryName} · ${integer.format(movie.orders)} orders · ${usd.format(movie.revenue)}`;
}

const shortTitle = (title) => (title.length > 28 ? `${title.slice(0, 27)}…` : title);

function setChart(chart, labels, values, canvasId) {
  chart.data.labels = labels;
  chart.data.datasets[0].data = values;
  chart.update('none');
  // Plain data for tests and people inspecting the page.
  $(canvasId).dataset.values = JSON.stringify(values);
  $(canvasId).dataset.labels = JSON.stringify(labels);
}

function render(payload) {
  const { hourly, daily, topMovies, categories } = payload;
  // A view rebuilt for a new release's layout has no figures yet (blank parts): say so instead of zeros.
  const rebuilding = new Set(payload.rebuilding ?? []);
  $('hourly-note').textContent = rebuilding.has('orders-hour')
    ? 'Rebuilding after an upgrade: orders per hour are shown again once every stored order is counted.'
    : '';
  $('chart-hourly').dataset.rebuilding = String(rebuilding.has('orders-hour'));
  $('kpi-orders-hour').textContent = rebuilding.has('orders-hour')
    ? 'rebuilding'
    : integer.format(hourly.current.orders);
  $('kpi-orders-today').textContent = integer.format(daily.today.orders);
  $('kpi-revenue-today').textContent = usd.format(daily.today.revenue);
  $('kpi-today-zone').textContent = `${daily.today.date} (${daily.timeZone})`;
  renderRate();

  setChart(
    state.charts.hourly,
    hourly.series.map((h) => `${h.hour.slice(11)}:00`),
    hourly.series.map((h) => h.orders),
    'chart-hourly',
  );
  setChart(
    state.charts.topMovies,
    topMovies.items.map((m) => shortTitle(m.title)),
    topMovies.items.map((m) => m.unitsSold),
    'chart-top-movies',
  );
  const sold = categories.items.filter((c) => c.unitsSold > 0);
  setChart(
    state.charts.categories,
    sold.map((c) => c.name),
    sold.map((c) => c.unitsSold),
    'chart-categories',
  );
  if (payload.cache !== undefined) renderCacheStats(payload.cache);
}

function renderRate() {
  const payload = state.payload;
  if (!payload) return;
  // The rate is sent with changes only: with no change for a while, nothing is arriving.
  const quiet = Date.now() - state.receivedAt > RATE_TTL_MS;
  $('kpi-eps').textContent = rate.format(quiet ? 0 : payload.eventsPerSecond);
}

/** Age of the data: how old the newest write was when the server sent it, plus time since. */
function dataAgeMs() {
  const p = state.payload;
  if (!p) return Infinity;
  const written = [p.topMovies.asOf, p.categories.asOf, p.hourly.asOf, p.daily.asOf]
    .map((a) => (a.writtenAt ? Date.parse(a.writtenAt) : NaN))
    .filter((t) => Number.isFinite(t));
  if (written.length === 0) return Infinity;
  return Date.parse(p.serverTime) - Math.max(...written) + (Date.now() - state.receivedAt);
}

function renderStatus() {
  const age = dataAgeMs();
  let reason = '';
  if (!state.connected) reason = state.payload ? 'stream disconnected' : 'connecting';
  else if (!Number.isFinite(age)) reason = 'no data yet';
  else if (age > STALE_AFTER_MS) reason = `data is ${integer.format(Math.round(age / 1000))} s old`;
  state.stale = reason !== '';
  state.staleReason = reason;
  const pill = $('status');
  pill.className = `pill ${state.stale ? 'pill-stale' : 'pill-live'}`;
  pill.dataset.state = state.stale ? 'stale' : 'live';
  pill.textContent = state.stale ? `stale: ${reason}` : 'live';
  document.body.classList.toggle('stale', state.stale);
  const last = state.payload?.hourly.asOf.lastEventAt;
  $('as-of').textContent = last ? `newest order ${timeOfDay.format(new Date(last))}` : '';
  renderRate();
}

// ---- Categories panel: the category cache's list and hit counts (GET /api/categories, /api/cache/*).

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) return { ok: false, status: response.status };
  return { ok: true, body: await response.json(), etag: response.headers.get('etag') };
}

/** Numbers whose key says what they count, flattened: { l1: { hits: 3 } } → [['l1.hits', 3]]. */
function flatNumbers(value, prefix = '') {
  if (typeof value === 'number') return [[prefix, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => flatNumbers(v, prefix ? `${prefix}.${k}` : k));
}

function pickHits(stats, pattern) {
  const found = flatNumbers(stats).find(([key]) => pattern.test(key) && /hit/i.test(key));
  return found ? integer.format(found[1]) : '–';
}

/** Stats as the category cache reports them ({ reads: { 'HIT-L1', 'HIT-REDIS', … }, redis }), or alike. */
function renderCacheStats(stats) {
  if (!stats || typeof stats !== 'object') return;
  const counts = stats.stats ?? stats;
  const reads = counts.reads ?? {};
  $('cache-l1').textContent =
    typeof reads['HIT-L1'] === 'number'
      ? integer.format(reads['HIT-L1'])
      : pickHits(counts, /l1|memory|local/i);
  $('cache-redis').textContent =
    typeof reads['HIT-REDIS'] === 'number'
      ? integer.format(reads['HIT-REDIS'])
      : pickHits(counts, /redis|l2/i);
  if (typeof counts.redis === 'string') $('cache-redis-state').textContent = `(Redis ${counts.redis})`;
}

async function loadCategoriesPanel() {
  state.panelLoadedAt = Date.now();
  const notes = [];
  try {
    const list = await getJson('/api/categories');
    if (list.ok) {
      const items = Array.isArray(list.body) ? list.body : (list.body.items ?? list.body.categories ?? []);
      const ul = $('category-list');
      ul.replaceChildren(
        ...items.map((c) => {
          const li = document.createElement('li');
          li.textContent = c.name ?? String(c.categoryId);
          return li;
        }),
      );
      const version = list.body.version ?? list.etag;
      if (version) $('cache-version').textContent = String(version);
    } else notes.push(`categories: HTTP ${list.status}`);
    let stats = await getJson('/api/cache/categories');
    if (!stats.ok) stats = await getJson('/api/cache/stats');
    if (stats.ok) renderCacheStats(stats.body);
    else notes.push('cache stats are not available');
  } catch (err) {
    notes.push(`categories panel: ${err.message}`);
  }
  $('cache-note').textContent = notes.join(' · ');
}

// ---- The stream.

function connect() {
  const source = new EventSource('/api/stream');
  source.addEventListener('open', () => {
    state.connected = true;
    renderStatus();
  });
  source.addEventListener('error', () => {
    // EventSource reconnects by itself (after the server's retry hint), sending Last-Event-ID; but not
    // after an HTTP error (a 503 while the server sheds load): then it is closed and we start over.
    state.connected = false;
    renderStatus();
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, RECONNECT_MS);
  });
  source.addEventListener('views', (event) => {
    state.connected = true;
    state.lastEventId = event.lastEventId;
    state.receivedAt = Date.now();
    state.payload = JSON.parse(event.data);
    state.updates++;
    render(state.payload);
    renderStatus();
    if (Date.now() - state.panelLoadedAt > PANEL_REFRESH_MS) void loadCategoriesPanel();
  });
}

function start() {
  createCharts();
  renderStatus();
  void loadCategoriesPanel();
  connect();
  setInterval(renderStatus, 1000);
}

start();
