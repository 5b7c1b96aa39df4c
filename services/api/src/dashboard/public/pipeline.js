// The pipeline panel and the dead-letters chart: polled from /api/pipeline (the workers rewrite their status
// every few seconds, so a push would carry nothing fresher). Kept apart from app.js, which follows the SSE stream.
/* global window, fetch, setInterval, Chart */
import { $, el } from './dom.js';

const REFRESH_MS = 5_000;
const MINUTES = 30;
const STAGE_LABELS = {
  ingest: 'Ingest',
  projector: 'Projector',
  'cache-sync': 'Cache sync',
  exporter: 'Exporter',
};

const integer = new Intl.NumberFormat('en-US');

/** Read by the browser test (window.marqueePipeline). */
const state = { report: null, loadedAt: 0, error: null, chart: null };
window.marqueePipeline = state;

function lagText(u) {
  if (u.lag === null) return 'lag –';
  const seconds = u.lagSeconds === null ? '' : `, ${u.lagSeconds.toFixed(1)} s old`;
  return `lag ${integer.format(u.lag)} ${u.lagUnit === 'events' ? 'events' : 'LSN'}${seconds}`;
}

function stageStatus(stage) {
  if (stage.status === 'not-reporting') return 'not reporting';
  if (stage.status === 'stalled') return `stalled for ${integer.format(stage.stalledForSeconds)} s`;
  return `ok · ${stage.instances} instance${stage.instances === 1 ? '' : 's'}`;
}

function renderStages(report) {
  const box = $('pipeline-stages');
  box.replaceChildren();
  for (const stage of report.stages) {
    const block = el('div', `pipeline-stage pipeline-${stage.status}`);
    block.dataset.stage = stage.stage;
    block.dataset.status = stage.status;
    const head = el('p', 'pipeline-head');
    head.append(el('strong', '', STAGE_LABELS[stage.stage] ?? stage.stage), ' ');
    head.append(el('span', 'pipeline-state', stageStatus(stage)));
    block.append(head);
    const list = el('ul', 'pipeline-units');
    for (const u of stage.units) {
      // Ingest's units are Event Hubs partitions (of the hub in `group`); the others are leases of a feed.
      const unit = stage.stage === 'ingest' ? `partition ${u.unit}` : u.unit;
      const name = u.group ? `${u.group} · ${unit}` : unit;
      const item = el('li', u.stalled ? 'unit-stalled' : '');
      item.textContent = `${name}: ${lagText(u)}`;
      if (u.stuckSeconds > 0) item.append(el('span', 'stuck', ` · no progress for ${u.stuckSeconds} s`));
      list.append(item);
    }
    block.append(list);
    box.append(block);
  }
  const stalled = report.stages.filter((s) => s.status === 'stalled');
  $('pipeline-summary').textContent =
    stalled.length === 0
      ? 'Every reporting stage is making progress.'
      : stalled.map((s) => `${STAGE_LABELS[s.stage] ?? s.stage} ${stageStatus(s)}`).join(' · ');
  $('pipeline-panel').dataset.stalled = String(stalled.length > 0);
}

function renderDeadLetters(report) {
  const { perMinute, total, capped } = report.deadLetters;
  $('dead-letters-total').textContent = `${integer.format(total)}${capped ? '+' : ''}`;
  $('dead-letters-window').textContent = `(last ${perMinute.length} min, UTC)`;
  const labels = perMinute.map((m) => m.minute.slice(11, 16));
  const values = perMinute.map((m) => m.count);
  const canvas = $('chart-dead-letters');
  canvas.dataset.values = JSON.stringify(values);
  if (typeof Chart === 'undefined') return;
  state.chart ??= new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'Dead letters', data: [], backgroundColor: '#d1495b' }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  state.chart.data.labels = labels;
  state.chart.data.datasets[0].data = values;
  state.chart.update('none');
}

async function refresh() {
  try {
    const response = await fetch(`/api/pipeline?minutes=${MINUTES}`, {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const report = await response.json();
    renderStages(report);
    renderDeadLetters(report);
    Object.assign(state, { report, loadedAt: Date.now(), error: null });
  } catch (err) {
    state.error = String(err);
    $('pipeline-summary').textContent = `Pipeline status unavailable (${state.error}); retrying.`;
  }
}

void refresh();
setInterval(() => void refresh(), REFRESH_MS);
