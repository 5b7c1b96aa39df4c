import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCatalog } from '@marquee/domain';
import { plainLine, progressOf, RateMeter, summaryLine, ttyLine } from '../src/cli/progress-format.ts';
import { createOrderGenerator } from '../src/generate/index.ts';
import { outRecord, parseOutFile, recordBytes } from '../src/send/out-record.ts';
import type { SendProgress } from '../src/send/tally.ts';

test('--out records give back the exact bytes, as text when possible and base64 otherwise', () => {
  const generator = createOrderGenerator({
    seed: 3,
    catalog: generateCatalog(),
    now: () => new Date(0),
    invalidRatio: 0.6,
    duplicateRatio: 0.1,
    partitionKey: 'region',
  });
  const events = Array.from({ length: 2_000 }, () => generator.next());
  const text = events.map((e) => `${JSON.stringify(outRecord(e))}\n`).join('');
  const records = parseOutFile(text);
  assert.equal(records.length, events.length);
  records.forEach((record, i) => {
    const event = events[i]!;
    assert.equal(record.seq, event.seq);
    assert.equal(record.kind, event.kind);
    assert.equal(record.partitionKey, event.partitionKey);
    assert.ok(recordBytes(record).equals(event.body), `seq ${event.seq} (${event.kind})`);
    assert.equal(record.bodyBase64 !== undefined, event.kind === 'invalid:invalid-utf8');
  });
  const none = outRecord({ seq: 1, kind: 'valid', body: Buffer.from('{}') });
  assert.deepEqual(Object.keys(none), ['seq', 'kind', 'body'], 'no partitionKey member without a key');
  // A leading byte-order mark is a byte like any other: it must survive the round trip.
  const bom = Buffer.from('\uFEFF{}', 'utf8');
  assert.ok(recordBytes(outRecord({ seq: 2, kind: 'valid', body: bom })).equals(bom));
});

const progress = (p: Partial<SendProgress>): SendProgress => ({
  sent: 0, valid: 0, invalid: 0, duplicates: 0, batches: 0, retries: 0, elapsedMs: 0, ...p,
}); // prettier-ignore

test('rate over a sliding window', () => {
  const meter = new RateMeter(5_000);
  meter.add(0, 0);
  meter.add(1_000, 100);
  assert.equal(meter.rate(1_000), 100);
  meter.add(10_000, 1_000);
  meter.add(11_000, 1_500);
  // The window reaches back to the newest sample at least 5 s old: t=1 s here.
  assert.equal(meter.rate(11_000), 140);
  meter.add(16_000, 2_000);
  // Now t=11 s is that sample: 500 events in the last 5 s.
  assert.equal(meter.rate(16_000), 100);
});

test('progress fraction and ETA from the count or the duration', () => {
  assert.deepEqual(progressOf(progress({ sent: 250, total: 1_000 }), 50), { fraction: 0.25, etaMs: 15_000 });
  assert.deepEqual(progressOf(progress({ elapsedMs: 15_000, durationMs: 60_000 }), 50), {
    fraction: 0.25,
    etaMs: 45_000,
  });
  assert.deepEqual(progressOf(progress({ sent: 10 }), 50), {});
});

test('the TTY line fits the terminal and shows counts, rate, ETA, invalid and duplicates', () => {
  const line = ttyLine(
    progress({ sent: 1_234, total: 5_000, invalid: 12, duplicates: 5, elapsedMs: 2_000 }),
    617,
    120,
  );
  assert.match(
    line,
    /^\[#+-+\] 1,234\/5,000 24% {2}617\/s {2}elapsed 2\.0s {2}ETA 6\.1s {2}invalid 12 {2}dup 5$/,
  );
  assert.ok(ttyLine(progress({ sent: 1, total: 2 }), 1, 40).length < 40);
  assert.doesNotMatch(ttyLine(progress({ sent: 7 }), 1, 120), /\[/, 'no bar without a target');
});

test('plain and summary lines', () => {
  assert.equal(
    plainLine(progress({ sent: 500, invalid: 3, duplicates: 2, elapsedMs: 5_000 }), 99.6),
    'sent=500 rate=100/s invalid=3 duplicates=2 elapsed=5.0s',
  );
  const summary = summaryLine({
    sent: 200, valid: 180, invalid: 15, duplicates: 5, batches: 2, retries: 0, kinds: {}, seconds: 0.5, seed: 9, stopped: false, clicks: 0,
  }); // prettier-ignore
  assert.equal(
    summary,
    'done: sent=200 valid=180 invalid=15 duplicates=5 batches=2 retries=0 seconds=0.50 rate=400/s seed=9',
  );
});
