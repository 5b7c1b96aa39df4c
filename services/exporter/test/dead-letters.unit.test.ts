// The exporter's dead-letter record is bounded whatever the event it names, and shaped like the projector's
// quarantine records (stage, eventId, reasons, quarantinedAt) so `pnpm deadletters` and the pipeline panel
// read it with the others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportDeadLetterId, toExportDeadLetter } from '../src/index.ts';

const NOW = new Date('2026-11-30T12:00:00.000Z');

test('a refusal becomes a record naming the event, its place in the feed and the reason', () => {
  const change = {
    id: 'ev-1',
    type: 'OrderPlaced',
    occurredAt: '2026-11-30T10:00:00.000Z',
    receivedAt: '2026-11-30T10:00:01Z',
    source: { partitionId: '3', sequenceNumber: 7, offset: '700' },
    _lsn: 12,
  };
  const record = toExportDeadLetter(
    { change, lsn: 12, reason: 'Parquet encoding refused the rows: "x\\"y" is bad', reasonClass: 'encoding' },
    '-3F',
    NOW,
  );
  assert.deepEqual(record, {
    id: 'exporter.ev-1',
    stage: 'exporter',
    eventId: 'ev-1',
    reasons: ['Parquet encoding refused the rows: "x\\"y" is bad'],
    reasonCount: 1,
    reasonGroup: 'Parquet encoding refused the rows: "…" is bad',
    reasonClass: 'encoding',
    type: 'OrderPlaced',
    occurredAt: '2026-11-30T10:00:00.000Z',
    receivedAt: '2026-11-30T10:00:01.000Z',
    source: { partitionId: '3', sequenceNumber: 7, offset: '700' },
    feed: { lease: '-3F', lsn: 12 },
    quarantinedAt: '2026-11-30T12:00:00.000Z',
  });
});

test('whatever the event holds, the record stays small and writable', () => {
  let deep: unknown = {};
  for (let i = 0; i < 20_000; i++) deep = { deep };
  const change = {
    id: 'e'.repeat(255),
    type: 'T'.repeat(10_000),
    occurredAt: { not: 'a string' },
    receivedAt: 'not a time',
    source: {
      partitionId: 'p'.repeat(10_000),
      nested: deep,
      ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])),
    },
  };
  const record = toExportDeadLetter(
    { change, lsn: 1, reason: 'r'.repeat(100_000), reasonClass: 'partition' },
    '',
    NOW,
  );
  assert.ok(JSON.stringify(record).length < 3_000, `${JSON.stringify(record).length} characters`);
  assert.match(record.id, /^exporter\.sha256:[0-9a-f]{64}$/);
  assert.equal(
    record.id,
    exportDeadLetterId('e'.repeat(255)),
    'deterministic: a redelivery meets the same record',
  );
  assert.equal(record.receivedAt, NOW.toISOString(), 'a time even when the event has none');
  assert.equal(record.occurredAt, undefined);
  assert.equal(record.reasons[0]?.length, 500);
  assert.ok(Object.keys(record.source ?? {}).length <= 10);
});
