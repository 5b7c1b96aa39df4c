import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from '../src/cli/durations.ts';
import { helpText, parseCli } from '../src/cli/options.ts';
import type { CliOptions, CliParse } from '../src/cli/options.ts';

const parse = (args: string[], env: Record<string, string> = {}): CliParse => parseCli(args, env, () => 1234);
const run = (args: string[], env: Record<string, string> = {}): CliOptions => {
  const parsed = parse(args, env);
  assert.equal(parsed.kind, 'run', JSON.stringify(parsed));
  return (parsed as { options: CliOptions }).options;
};
const problems = (args: string[]): string[] => {
  const parsed = parse(args);
  assert.equal(parsed.kind, 'error');
  return (parsed as { problems: string[] }).problems;
};

test('durations: units, combinations and bare seconds', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('3d'), 259_200_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('1.5s'), 1_500);
  assert.equal(parseDuration('45'), 45_000);
  for (const bad of ['', 'abc', '5x', '5m junk', '-3s', 'm5'])
    assert.equal(parseDuration(bad), undefined, bad);
});

test('defaults', () => {
  assert.deepEqual(run([]), {
    rate: 50,
    count: undefined,
    durationMs: undefined,
    seed: 1234,
    seedGiven: false,
    partitionKey: 'none',
    batchSize: 100,
    backfillMs: undefined,
    start: undefined,
    invalidRatio: 0,
    duplicateRatio: 0,
    out: undefined,
    hub: 'orders',
    hubs: ['orders'],
  });
  assert.equal(run([], { EVENTHUB_NAME: 'sales' }).hub, 'sales');
  assert.equal(run(['--hub', 'other'], { EVENTHUB_NAME: 'sales' }).hub, 'other');
});

test('every option is read', () => {
  const options = run([
    '--rate', '0', '--count', '200', '--duration', '5m', '--seed', '42', '--partition-key', 'customer',
    '--batch-size', '250', '--backfill', '3d', '--start', '2026-03-01T00:00:00+01:00', '--invalid-ratio', '0.1',
    '--duplicate-ratio', '0.05', '--out', 'sent.jsonl', '--hub', 'orders2',
  ]); // prettier-ignore
  assert.deepEqual(options, {
    rate: 0,
    count: 200,
    durationMs: 300_000,
    seed: 42,
    seedGiven: true,
    partitionKey: 'customer',
    batchSize: 250,
    backfillMs: 259_200_000,
    start: new Date('2026-02-28T23:00:00Z'),
    invalidRatio: 0.1,
    duplicateRatio: 0.05,
    out: 'sent.jsonl',
    hub: 'orders2',
    hubs: ['orders2'],
  });
});

test('--hubs (or EVENTHUB_NAMES) names one hub per region; --hub with it, or a hub twice, is refused', () => {
  assert.deepEqual(run(['--hubs', 'orders-region1, orders-region2']).hubs, [
    'orders-region1',
    'orders-region2',
  ]);
  assert.deepEqual(run([], { EVENTHUB_NAMES: 'a,b', EVENTHUB_NAME: 'c' }).hubs, ['a', 'b']);
  assert.deepEqual(run(['--hub', 'x'], { EVENTHUB_NAMES: 'a,b' }).hubs, ['x']);
  const refused = parse(['--hubs', 'a,a', '--hub', 'b']);
  assert.equal(refused.kind, 'error');
  assert.match(refused.kind === 'error' ? refused.problems.join('\n') : '', /not both[\s\S]*more than once/);
});

test('a leading -- (pnpm datagen -- …) is ignored; --help wins', () => {
  assert.equal(run(['--', '--count', '5']).count, 5);
  assert.equal(parse(['--count', '5', '--help']).kind, 'help');
  assert.equal(parse(['-h']).kind, 'help');
});

test('every problem is reported at once', () => {
  const found = problems([
    '--rate=-1', '--count', '1.5', '--seed', 'x', '--partition-key', 'tenant', '--batch-size', '0',
    '--backfill', 'soon', '--start', '2026-03-01', '--invalid-ratio', '2', '--duplicate-ratio', 'a',
  ]); // prettier-ignore
  for (const name of [
    'rate',
    'count',
    'seed',
    'partition-key',
    'batch-size',
    'backfill',
    'start',
    'invalid-ratio',
    'duplicate-ratio',
  ]) {
    assert.ok(
      found.some((p) => p.startsWith(`--${name} `)),
      `no problem for --${name}: ${found.join(' | ')}`,
    );
  }
  assert.match(
    problems(['--invalid-ratio', '0.7', '--duplicate-ratio', '0.5'])[0] ?? '',
    /must not exceed 1/,
  );
  assert.match(problems(['--nope'])[0] ?? '', /nope/);
  assert.match(problems(['stray'])[0] ?? '', /stray/);
  assert.match(problems(['--seed', String(2 ** 32)])[0] ?? '', /--seed/);
});

test('--help lists every option with its default', () => {
  const help = helpText();
  for (const name of [
    'rate',
    'count',
    'duration',
    'seed',
    'partition-key',
    'batch-size',
    'backfill',
    'start',
    'invalid-ratio',
    'duplicate-ratio',
    'out',
    'hub',
    'help',
  ]) {
    assert.match(help, new RegExp(`--${name}\\b`));
  }
  assert.match(help, /--rate <n>.*\(default: 50\)/);
  assert.match(help, /--batch-size <n>.*\(default: 100\)/);
  assert.match(help, /--partition-key <strategy>.*\(default: none\)/);
  assert.match(help, /EVENTHUB_CONNECTION_STRING/);
});

test('--clickstream sends sessions to the clickstream hub at the given conversion rates', () => {
  const parsed = parseCli(['--clickstream', '--conversion', '0.5,0.25,1'], {}, () => 1);
  assert.equal(parsed.kind, 'run');
  assert.deepEqual(parsed.kind === 'run' && parsed.options.clickstream, {
    hub: 'clickstream',
    rates: { viewToCart: 0.5, cartToCheckout: 0.25, checkoutToOrder: 1 },
  });
  const bad = parseCli(['--clickstream', '--conversion', '0.5,0'], {}, () => 1);
  assert.equal(bad.kind, 'error');
  const off = parseCli([], {}, () => 1);
  assert.equal(off.kind === 'run' && off.options.clickstream, undefined);
});
