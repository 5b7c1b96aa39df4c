import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_RESTART_GAP_MS, OwnershipRenewals, type OwnershipRecord } from '../src/ownership-renewals.ts';

const ME = 'me';
const record = (partitionId: string, ownerId: string, etag: string): OwnershipRecord => ({
  partitionId,
  ownerId,
  etag,
});

test('given our records renewed at every turn, when the store is read, then the loop is not stuck', () => {
  const renewals = new OwnershipRenewals(3_000, 0);
  for (let t = 0; t <= 20_000; t += 500) {
    renewals.observe([record('0', ME, `e${t}`), record('1', 'other', 'x')], ME, t);
    assert.equal(renewals.due(t), false, `at ${t} ms`);
  }
  assert.equal(renewals.stalledForMs(20_000), 0);
});

test('given our records stop changing, when more than stalledAfterMs passes, then a restart is due', () => {
  const renewals = new OwnershipRenewals(3_000, 0);
  renewals.observe([record('0', ME, 'a')], ME, 1_000);
  renewals.observe([record('0', ME, 'a'), record('1', 'other', 'b')], ME, 3_000);
  assert.equal(renewals.due(4_000), false, 'exactly stalledAfterMs is not yet stuck');
  // Another owner's records changing says nothing about our loop.
  renewals.observe([record('0', ME, 'a'), record('1', 'other', 'c')], ME, 4_001);
  assert.equal(renewals.due(4_001), true);
  assert.equal(renewals.stalledForMs(4_001), 3_001);
});

test('given we hold no partition, when nothing of ours changes, then nothing tells a stuck loop: no restart', () => {
  const renewals = new OwnershipRenewals(3_000, 0);
  renewals.observe([record('0', 'other', 'a')], ME, 60_000);
  assert.equal(renewals.due(60_000), false);
  assert.equal(renewals.stalledForMs(60_000), 0);
});

test('given restarts that do not help, when the loop stays stuck, then each next restart waits twice as long, up to a minute', () => {
  const renewals = new OwnershipRenewals(3_000, 0);
  const still = [record('0', ME, 'a')];
  renewals.observe(still, ME, 0);
  let now = 3_001;
  const restartsAt: number[] = [];
  while (now < 400_000) {
    renewals.observe(still, ME, now);
    if (renewals.due(now)) {
      restartsAt.push(now);
      renewals.restarted(now);
    }
    now += 1;
  }
  const gaps = restartsAt.slice(1).map((t, i) => t - (restartsAt[i] as number));
  assert.deepEqual(gaps.slice(0, 6), [3_001, 6_000, 12_000, 24_000, 48_000, MAX_RESTART_GAP_MS]);
  assert.ok(gaps.every((g) => g <= MAX_RESTART_GAP_MS + 1));
  // Restarts are not renewals: the stall shown (metrics, /readyz) is the whole of it.
  assert.equal(renewals.stalledForMs(now), now);
});

test('given a restart that helped, when the loop gets stuck again later, then it is restarted after stalledAfterMs, not the back-off', () => {
  const renewals = new OwnershipRenewals(3_000, 0);
  renewals.observe([record('0', ME, 'a')], ME, 0);
  for (const at of [3_001, 6_002, 12_003]) renewals.restarted(at); // three in a row: the next would wait 24 s
  renewals.observe([record('0', ME, 'b')], ME, 13_000); // the new loop turned
  renewals.observe([record('0', ME, 'b')], ME, 16_000);
  assert.equal(renewals.due(16_000), false);
  assert.equal(renewals.due(16_001), true);
});
