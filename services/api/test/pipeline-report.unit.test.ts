import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StageStatusDoc, UnitStatus } from '@marquee/platform';
import { perMinute, stagesOf } from '../src/pipeline/pipeline-report.ts';

const NOW = Date.parse('2026-11-30T10:30:20Z');

const unit = (over: Partial<UnitStatus> = {}): UnitStatus => ({
  unit: '0',
  lag: 0,
  lagUnit: 'events',
  lagSeconds: null,
  stuckSeconds: 0,
  stalled: false,
  lastProgressAt: '2026-11-30T10:30:18Z',
  ...over,
});

const doc = (stage: string, instance: string, units: UnitStatus[], ageMs = 1_000): StageStatusDoc => ({
  id: `${stage}.${instance}`,
  kind: 'stage-status',
  stage,
  instance,
  updatedAt: new Date(NOW - ageMs).toISOString(),
  intervalMs: 5_000,
  ttl: 15,
  units,
});

test('every known stage is listed in pipeline order, a stall names its longest time, silent stages say so', () => {
  const stages = stagesOf(
    [
      doc('projector', 'b', [unit({ unit: '-80', group: 'categories', stalled: true, stuckSeconds: 95 })]),
      doc('projector', 'a', [unit({ unit: '80-FF', group: 'categories', stalled: true, stuckSeconds: 12 })]),
      doc('ingest', 'i1', [unit({ lag: 40 })]),
      doc('custom', 'x', []),
      doc('exporter', 'e1', [unit({ unit: '-FF', lag: 3, lagUnit: 'lsn', lagSeconds: 0.4 })]),
    ],
    NOW,
  );
  assert.deepEqual(
    stages.map((s) => [s.stage, s.status, s.instances, s.stalledForSeconds]),
    [
      ['ingest', 'ok', 1, 0],
      ['projector', 'stalled', 2, 95],
      ['cache-sync', 'not-reporting', 0, 0],
      ['exporter', 'ok', 1, 0],
      ['custom', 'ok', 1, 0],
    ],
  );
  assert.deepEqual(
    stages[1]?.units.map((u) => u.instance),
    ['a', 'b'],
  );
});

test('an instance that stopped writing its status is left out (older than 3 intervals)', () => {
  const [ingest] = stagesOf([doc('ingest', 'dead', [unit()], 15_001)], NOW);
  assert.equal(ingest?.status, 'not-reporting');
});

test('dead letters are counted per UTC minute over the window, the current minute last', () => {
  const minutes = perMinute(
    ['2026-11-30T10:30:01Z', '2026-11-30T10:29:59.999Z', '2026-11-30T10:28:00Z', '2026-11-30T10:27:59Z'],
    3,
    NOW,
  );
  assert.deepEqual(minutes, [
    { minute: '2026-11-30T10:28:00.000Z', count: 1 },
    { minute: '2026-11-30T10:29:00.000Z', count: 1 },
    { minute: '2026-11-30T10:30:00.000Z', count: 1 },
  ]);
});
