// The conversion funnel panel: polled from /api/reports/funnel like the pipeline panel (hour figures; the SSE
// stream carries the order views only, so a funnel batch does not resend the whole dashboard to every client).
/* global window, fetch, setInterval, Chart */
import { $, el } from './dom.js';

const REFRESH_MS = 5_000;
const HOURS = 24;
const CATEGORIES_SHOWN = 6;
const STEPS = [
  ['views', 'Viewed', null],
  ['carts', 'Added to cart', 'viewToCart'],
  ['checkouts', 'Checked out', 'cartToCheckout'],
  ['orders', 'Ordered', 'checkoutToOrder'],
];

const integer = new Intl.NumberFormat('en-US');
const percent = (rate) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);

/** Read by the browser test (window.marqueeFunnel). */
const state = { report: null, loadedAt: 0, error: null, chart: null };
window.marqueeFunnel = state;

/** Each step's count, and the share of the step before it that got this far. */
function renderSteps(total) {
  const list = $('funnel-steps');
  list.replaceChildren();
  for (const [key, label, rate] of STEPS) {
    const item = el('li', 'funnel-step');
    item.dataset.step = key;
    item.append(el('span', 'funnel-label', label), ' ', el('strong', '', integer.format(total[key])));
    if (rate) item.append(' ', el('span', 'hint', `(${percent(total.rates[rate])})`));
    list.append(item);
  }
  $('funnel-overall').textContent = `Views to orders: ${percent(total.rates.viewToOrder)}`;
}

function renderCategories(categories) {
  const body = $('funnel-categories');
  body.replaceChildren();
  for (const c of categories.slice(0, CATEGORIES_SHOWN)) {
    const row = el('tr');
    row.dataset.category = String(c.categoryId);
    row.append(
      el('td', '', c.name),
      el('td', 'num', integer.format(c.views)),
      el('td', 'num', percent(c.rates.viewToCart)),
      el('td', 'num', percent(c.rates.viewToOrder)),
    );
    body.append(row);
  }
}

function renderChart(total) {
  const values = STEPS.map(([key]) => total[key]);
  const canvas = $('chart-funnel');
  canvas.dataset.values = JSON.stringify(values);
  if (typeof Chart === 'undefined') return;
  state.chart ??= new Chart(canvas, {
    type: 'bar',
    data: {
      labels: STEPS.map(([, label]) => label),
      datasets: [{ label: 'Last 24 h', data: [], backgroundColor: '#3b6fd8' }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  state.chart.data.datasets[0].data = values;
  state.chart.update('none');
}

async function refresh() {
  try {
    const response = await fetch(`/api/reports/funnel?hours=${HOURS}`, {
      headers: { accept: 'application/json' },
    });
    if (response.status === 503) {
      // The funnel view is being rebuilt for a new release's layout (problem+json names it): no figures yet.
      const problem = await response.json().catch(() => ({}));
      if (problem.view === 'funnel') {
        state.error = 'rebuilding';
        $('funnel-panel').dataset.rebuilding = 'true';
        $('funnel-overall').textContent =
          'Rebuilding after an upgrade: the funnel is shown again once every stored event is counted.';
        return;
      }
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    $('funnel-panel').dataset.rebuilding = 'false';
    const report = await response.json();
    renderSteps(report.total);
    renderCategories(report.categories);
    renderChart(report.total);
    Object.assign(state, { report, loadedAt: Date.now(), error: null });
  } catch (err) {
    state.error = String(err);
    $('funnel-overall').textContent = `Funnel unavailable (${state.error}); retrying.`;
  }
}

void refresh();
setInterval(() => void refresh(), REFRESH_MS);
