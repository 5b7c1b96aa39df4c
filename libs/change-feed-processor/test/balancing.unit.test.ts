import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planBalancing, type BalancingInput } from '../src/lease/balancing.ts';
import type { LeaseDocument } from '../src/lease/lease-document.ts';
import { lease, owned, ranges } from './support/leases.ts';

const NOW = 1_000_000;
const EXP = 1_500;

function plan(leases: LeaseDocument[], me: string, extra: Partial<BalancingInput> = {}) {
  const held = new Set(leases.filter((l) => l.owner === me).map((l) => l.id));
  return planBalancing({ leases, me, held, now: NOW, leaseExpirationMs: EXP, ...extra });
}

test('a lone instance takes every free lease', () => {
  const p = plan(owned([null, null, null, null], 0), 'a');
  assert.equal(p.acquire.length, 4);
  assert.ok(p.acquire.every((x) => x.reason === 'free'));
  assert.equal(p.requestHandover, undefined);
  assert.equal(p.target, 4);
});

test('expired leases are taken over, live ones are not', () => {
  const leases = owned(['b', 'b', 'c', 'c'], NOW);
  leases[0]!.timestamp = NOW - EXP - 1; // b stopped renewing this one
  const p = plan(leases, 'a');
  assert.deepEqual(
    p.acquire.map((x) => [x.lease.id, x.reason]),
    [[leases[0]!.id, 'expired']],
  );
  assert.equal(p.requestHandover, undefined, 'no steal in a round that took an expired lease');
});

test('a lease renewed exactly at the expiration boundary is still live', () => {
  const leases = owned(['b'], NOW - EXP);
  assert.equal(plan(leases, 'a').acquire.length, 0);
  leases[0]!.timestamp = NOW - EXP - 1;
  assert.equal(plan(leases, 'a').acquire.length, 1);
});

test('a newcomer asks the busiest owner for exactly one lease per round', () => {
  const leases = owned(['b', 'b', 'b', 'b'], NOW);
  const p = plan(leases, 'a');
  assert.equal(p.acquire.length, 0);
  assert.equal(p.target, 2);
  assert.equal(p.requestHandover?.owner, 'b');
});

test('2-2-0 becomes 2-1-1: stealing at the fair share when two are missing', () => {
  const leases = owned(['b', 'b', 'c', 'c'], NOW);
  const p = plan(leases, 'a');
  assert.equal(p.target, 2);
  assert.ok(p.requestHandover !== undefined);
});

test('2-1-1 is stable: nobody steals', () => {
  const leases = owned(['a', 'a', 'b', 'c'], NOW);
  for (const me of ['a', 'b', 'c']) {
    const p = plan(leases, me);
    assert.equal(p.requestHandover, undefined, me);
    assert.equal(p.acquire.length, 0, me);
  }
});

test('a pending handover to me counts as mine: no second request', () => {
  const leases = owned(['b', 'b', 'b', 'b'], NOW);
  leases[1]!.handoverTo = 'a';
  const p = plan(leases, 'a');
  assert.equal(p.requestHandover, undefined);
});

test('a lease someone else already asked for is not asked for again', () => {
  const leases = owned(['b', 'b', 'b', 'b'], NOW);
  leases[0]!.handoverTo = 'c';
  const p = plan(leases, 'a');
  assert.notEqual(p.requestHandover?.id, leases[0]!.id);
});

test('leases recorded as mine but not held (restart, handover) are adopted', () => {
  const leases = owned(['a', 'a', 'b', 'b'], NOW);
  const p = plan(leases, 'a', { held: new Set([leases[0]!.id]) });
  assert.deepEqual(
    p.acquire.map((x) => [x.lease.id, x.reason]),
    [[leases[1]!.id, 'adopt']],
  );
});

test('a lease handed over to me and asked for by another before I adopted it is adopted, not left to expire', () => {
  // Nobody processes it and nobody would answer the request: adopting it drops the request, the asker asks again.
  const leases = owned(['a', 'a', 'b', 'b'], NOW);
  leases[1]!.handoverTo = 'b';
  leases[1]!.handoverAt = NOW - 10;
  const p = plan(leases, 'a', { held: new Set([leases[0]!.id]) });
  assert.deepEqual(
    p.acquire.map((x) => [x.lease.id, x.reason]),
    [[leases[1]!.id, 'adopt']],
  );
});

test('over the cap, held leases are released', () => {
  const leases = owned(['a', 'a', 'a', 'a'], NOW);
  const p = plan(leases, 'a', { maxLeasesPerInstance: 3 });
  assert.equal(p.release.length, 1);
  assert.equal(p.target, 3);
});

test('instances starting together prefer different free leases', () => {
  const leases = owned(
    Array.from({ length: 8 }, () => null),
    0,
  );
  const first = (me: string) => plan(leases, me).acquire[0]?.lease.id;
  const picks = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map(first));
  assert.ok(picks.size > 1, 'all instances would reach for the same lease');
});

test('simulated rounds converge to an even spread and then stay put', () => {
  // Three instances, 10 leases, all initially owned by "a"; each round every instance plans on the same
  // snapshot and the handover requests are honoured immediately (what renew does in the real processor).
  let leases = ranges(10).map((r) => lease(r, { owner: 'a', timestamp: NOW }));
  const instances = ['a', 'b', 'c'];
  let stableRounds = 0;
  for (let round = 0; round < 30 && stableRounds < 3; round += 1) {
    let changed = false;
    for (const me of instances) {
      const p = plan(leases, me);
      for (const { lease: l } of p.acquire) {
        leases = leases.map((x) => (x.id === l.id ? { ...x, owner: me, timestamp: NOW } : x));
        changed = true;
      }
      if (p.requestHandover !== undefined) {
        const id = p.requestHandover.id;
        leases = leases.map((x) => (x.id === id ? { ...x, owner: me, handoverTo: null } : x));
        changed = true;
      }
    }
    stableRounds = changed ? 0 : stableRounds + 1;
  }
  const counts = instances.map((me) => leases.filter((l) => l.owner === me).length).sort();
  assert.deepEqual(counts, [3, 3, 4]);
  assert.equal(stableRounds, 3);
});

test('no leases: nothing to do', () => {
  const p = plan([], 'a');
  assert.deepEqual([p.acquire.length, p.release.length, p.requestHandover, p.target], [0, 0, undefined, 0]);
});

test('a handover request left unanswered for an expiry interval (a .NET owner) turns into a steal', () => {
  const leases = owned(['dotnet', 'dotnet', 'dotnet', 'dotnet'], NOW);
  leases[0]!.handoverTo = 'a';
  leases[0]!.handoverAt = NOW - EXP;
  assert.deepEqual(plan(leases, 'a').acquire, [], 'a Marquee owner may still be finishing its batch');
  assert.equal(plan(leases, 'a').requestHandover, undefined, 'one request at a time');
  leases[0]!.handoverAt = NOW - EXP - 1;
  assert.deepEqual(
    plan(leases, 'a').acquire.map((x) => [x.lease.id, x.reason]),
    [[leases[0]!.id, 'steal']],
  );
});
