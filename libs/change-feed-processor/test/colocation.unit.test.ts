import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planBalancing } from '../src/lease/balancing.ts';
import { placementOf, type AnchorSnapshot } from '../src/lease/colocation.ts';
import type { LeaseDocument } from '../src/lease/lease-document.ts';
import { lease, owned, ranges } from './support/leases.ts';

const NOW = 1_000_000;
const EXP = 1_500;

const snapshotOf = (leases: LeaseDocument[], at = NOW): AnchorSnapshot => ({ leases, at });

function placement(anchor: LeaseDocument[], at = NOW) {
  return placementOf({ snapshot: snapshotOf(anchor, at), now: NOW, leaseExpirationMs: EXP });
}

function plan(anchor: LeaseDocument[], follower: LeaseDocument[], me: string) {
  const held = new Set(follower.filter((l) => l.owner === me).map((l) => l.id));
  return planBalancing({
    leases: follower,
    me,
    held,
    now: NOW,
    leaseExpirationMs: EXP,
    placement: placement(anchor),
  });
}

test('a follower lease goes where the anchor lease of its range is held', () => {
  const anchor = owned(['a', 'b', 'a', 'b'], NOW);
  const follower = owned(['a', 'b', null, null], NOW);
  const where = placement(anchor);
  assert.deepEqual(
    follower.map((l) => where(l)),
    ['a', 'b', 'a', 'b'],
  );
});

test('an anchor lease being handed over places its range with the instance it goes to', () => {
  const anchor = owned(['a', 'a', 'b', 'b'], NOW);
  anchor[1]!.handoverTo = 'b';
  anchor[1]!.handoverAt = NOW - 10;
  const follower = owned(['a', 'a', 'b', 'b'], NOW);
  assert.equal(placement(anchor)(follower[1]!), 'b');
  assert.equal(plan(anchor, follower, 'b').requestHandover?.id, follower[1]!.id);
});

test('no placement for a range whose anchor lease is free or expired, nor from a stale snapshot', () => {
  const anchor = owned(['a', null, 'b', 'b'], NOW);
  anchor[3]!.timestamp = NOW - EXP - 1;
  const follower = owned(['a', 'b', null, null], NOW);
  const where = placement(anchor);
  assert.deepEqual(
    follower.map((l) => where(l)),
    ['a', undefined, 'b', undefined],
  );
  const stale = placement(owned(['a', 'a', 'a', 'a'], NOW), NOW - EXP - 1);
  assert.ok(follower.every((l) => stale(l) === undefined));
});

test("a free lease placed with an instance that does not take it is anyone's after two expiry intervals", () => {
  // c holds the anchor's leases of ranges 1 and 3 but never takes their follower leases (it runs no follower of
  // this processor: another release, another generation).
  const anchor = owned(['a', 'c', 'a', 'c'], NOW);
  const follower = owned(['a', null, null, null], NOW - 2 * EXP);
  follower[0]!.timestamp = NOW;
  const early = plan(anchor, follower, 'a');
  assert.deepEqual(
    early.acquire.map((x) => x.lease.id),
    [follower[2]!.id],
    'within two intervals of being freed, ranges 1 and 3 are left to c',
  );
  for (const l of follower.slice(1)) l.timestamp = NOW - 2 * EXP - 1;
  const late = plan(anchor, follower, 'a');
  assert.equal(late.acquire.length, 3, 'then a takes them: no range waits for an instance that never comes');
});

test('a follower range over two anchor ranges is placed only when one instance holds both', () => {
  const [whole] = ranges(1);
  const halves = ranges(2);
  const follower = [lease(whole!, { owner: 'b', timestamp: NOW })];
  const split = halves.map((r) => lease(r, { owner: 'b', timestamp: NOW }));
  assert.equal(placement(split)(follower[0]!), 'b');
  split[1]!.owner = 'a';
  assert.equal(placement(split)(follower[0]!), undefined);
});

test('free leases placed with me are taken whatever the fair share; those placed with another follower are left to it', () => {
  const anchor = owned(['a', 'a', 'a', 'b'], NOW);
  const follower = owned([null, null, null, 'b'], NOW);
  const p = plan(anchor, follower, 'a');
  assert.deepEqual(
    p.acquire.map((x) => x.lease.id).sort(),
    follower
      .slice(0, 3)
      .map((l) => l.id)
      .sort(),
  );
  assert.equal(p.target, 2, 'the fair share alone would have stopped at 2');
  // b leaves the ranges placed with a free for a, even before a holds any of them.
  const b = plan(anchor, owned([null, null, null, 'b'], NOW), 'b');
  assert.deepEqual(b.acquire, [], 'b leaves the ranges placed with a free for a');
  assert.equal(b.requestHandover, undefined, 'and asks for nothing placed elsewhere');
});

test('a lease placed with me that another instance holds is asked for by handover, even with one pending', () => {
  const anchor = owned(['a', 'a', 'b', 'b'], NOW);
  const follower = owned(['b', 'b', 'b', 'b'], NOW);
  follower[0]!.handoverTo = 'a'; // already asked last round, not answered yet
  follower[0]!.handoverAt = NOW - 10;
  const p = plan(anchor, follower, 'a');
  assert.deepEqual(p.acquire, []);
  assert.equal(p.requestHandover?.id, follower[1]!.id);
});

test('fair-share stealing never takes a lease placed with its owner', () => {
  const anchor = owned(['b', 'b', 'b', 'b'], NOW);
  const follower = owned(['b', 'b', 'b', 'b'], NOW);
  assert.equal(plan(anchor, follower, 'a').requestHandover, undefined);
});

test('the cap on leases per instance holds for placed leases too', () => {
  const anchor = owned(['a', 'a', 'a', 'a'], NOW);
  const follower = owned([null, null, null, null], NOW);
  const p = planBalancing({
    leases: follower,
    me: 'a',
    held: new Set(),
    now: NOW,
    leaseExpirationMs: EXP,
    maxLeasesPerInstance: 2,
    placement: placement(anchor),
  });
  assert.equal(p.acquire.length, 2);
});

/**
 * A fleet in rounds: each instance runs its anchor's balancing, then its followers', in a random order of
 * instances; owners answer handover requests at their next turn; instances join one after another.
 */
function simulate(
  instances: string[],
  followers: number,
  rounds: number,
  seed: number,
  anchorOnly: readonly string[] = [],
) {
  let state = seed;
  const random = (): number => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  const sets = [
    owned([null, null, null, null], 0),
    ...Array.from({ length: followers }, () => owned([null, null, null, null], 0)),
  ];
  const held = new Map<string, Set<string>>(); // `${instance}|${set}` → lease ids processed there
  const snapshots = new Map<string, AnchorSnapshot>();
  for (let round = 1; round <= rounds; round += 1) {
    const now = NOW + round * 100;
    const running = instances.filter((_, i) => round > i * 3);
    for (const me of [...running].sort(() => random() - 0.5)) {
      // The processors of one instance run their rounds at their own times, and answer handovers when their
      // batch in flight ends: not in step, as the real ones.
      const order = sets.map((set, index) => ({ set, index })).sort(() => random() - 0.5);
      for (const { set, index } of order) {
        if (index > 0 && anchorOnly.includes(me)) continue; // runs no follower of these processors
        const mine = held.get(`${me}|${index}`) ?? new Set<string>();
        held.set(`${me}|${index}`, mine);
        for (const l of set) {
          if (l.owner === me && l.handoverTo !== null && random() < 0.5) {
            mine.delete(l.id); // answers the request: finishes its batch, writes the lease over
            Object.assign(l, { owner: l.handoverTo, handoverTo: null, handoverAt: null, timestamp: now });
          } else if (l.owner === me) l.timestamp = now;
        }
        const p = planBalancing({
          leases: set,
          me,
          held: mine,
          now,
          leaseExpirationMs: EXP,
          ...(index === 0
            ? {}
            : {
                placement: placementOf({ snapshot: snapshots.get(me), now, leaseExpirationMs: EXP }),
              }),
        });
        for (const { lease: l } of p.acquire) {
          Object.assign(l, { owner: me, handoverTo: null, handoverAt: null, timestamp: now });
          mine.add(l.id);
        }
        if (p.requestHandover !== undefined)
          Object.assign(p.requestHandover, { handoverTo: me, handoverAt: now });
        if (index === 0) snapshots.set(me, { at: now, leases: set.map((l) => ({ ...l })) });
      }
    }
  }
  return sets;
}

test('a fleet joining one by one ends with every range read in one place, the anchor balanced', () => {
  for (const fleet of [
    ['a', 'b'],
    ['a', 'b', 'c'],
    ['a', 'b', 'c', 'd'],
  ]) {
    for (let seed = 1; seed <= 20; seed += 1) {
      const [anchor, ...views] = simulate(fleet, 4, 30, seed);
      for (const [i, range] of anchor!.entries()) {
        const owners = views.map((v) => v[i]!.owner);
        assert.ok(
          owners.every((o) => o === range.owner),
          `fleet ${fleet.length}, seed ${seed}, range ${i}: anchor at ${range.owner}, views at ${owners.join(',')}`,
        );
      }
      const counts = fleet.map((me) => anchor!.filter((l) => l.owner === me).length);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `anchor shares ${counts.join(',')}`);
    }
  }
});

test('an instance that runs only the anchor leaves no range unread: its ranges go to the others after two intervals', () => {
  for (let seed = 1; seed <= 20; seed += 1) {
    // c starts first and holds every anchor lease at first, two of them to the end (its fair share).
    const [anchor, ...views] = simulate(['c', 'a', 'b'], 4, 60, seed, ['c']);
    assert.ok(anchor!.some((l) => l.owner === 'c'));
    for (const view of views) {
      const owners = view.map((l) => l.owner);
      assert.ok(
        owners.every((o) => o === 'a' || o === 'b'),
        `seed ${seed}: ${owners.join(',')}`,
      );
    }
  }
});
