// BuiltReports (a report built once per view change or ttl, served on while its successor is built) and the
// If-None-Match comparison of the cached report bodies. A hand-driven clock and reader version: no waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltReports } from '../src/read-models/built-reports.ts';
import { matchesEtag } from '../src/plugins/cached-bodies.ts';
import { kindOfViewDocId } from '../src/read-models/view-reader.ts';

function setup(docTtlMs = 100) {
  const reader = { version: 0, docTtlMs };
  const clock = { now: 0 };
  const built = new BuiltReports(reader, () => clock.now);
  let builds = 0;
  const pending: (() => void)[] = [];
  /** A build that finishes when `finish()` is called, so a test sees what is served meanwhile. */
  const slow = () =>
    built.get('k', () => {
      const n = ++builds;
      return new Promise<{ n: number }>((resolve) => pending.push(() => resolve({ n })));
    });
  const finish = async () => {
    for (const f of pending.splice(0)) f();
    await new Promise((r) => setImmediate(r));
  };
  return { reader, clock, built, slow, finish, builds: () => builds };
}

test('within the ttl and at one reader version: the same report object, built once', async () => {
  const s = setup();
  const first = s.slow();
  const joined = s.slow();
  assert.equal(joined, first, 'concurrent requests share the build');
  await s.finish();
  s.clock.now = 99;
  assert.equal(await s.slow(), await first);
  assert.equal(s.builds(), 1);
});

test('past the ttl: the last report is served while the next is built behind, then replaced', async () => {
  const s = setup();
  const first = s.slow();
  await s.finish();
  s.clock.now = 150;
  assert.equal(await s.slow(), await first, 'served stale, not waited on');
  assert.equal(await s.slow(), await first);
  assert.equal(s.builds(), 2, 'one rebuild behind, however many requests');
  await s.finish();
  assert.deepEqual(await s.slow(), { n: 2 });
});

test('a new reader version (a view changed) is built and waited on at once', async () => {
  const s = setup();
  const first = s.slow();
  await s.finish();
  s.reader.version = 1;
  const next = s.slow();
  assert.notEqual(next, first);
  await s.finish();
  assert.deepEqual(await next, { n: 2 });
});

test('too old to serve (4 ttls): built and waited on', async () => {
  const s = setup();
  await Promise.all([s.slow(), s.finish()]);
  s.clock.now = 400;
  const next = s.slow();
  await s.finish();
  assert.deepEqual(await next, { n: 2 });
});

test('a failed build is not kept; ttl 0 builds every time; clear() forgets', async () => {
  const s = setup(0);
  let fail = true;
  const build = async () => {
    if (fail) throw new Error('store down');
    return { ok: true };
  };
  await assert.rejects(s.built.get('x', build), /store down/);
  fail = false;
  assert.deepEqual(await s.built.get('x', build), { ok: true });
  assert.notEqual(await s.built.get('x', build), await s.built.get('x', build));
  const kept = setup();
  const a = await kept.built.get('y', async () => ({}));
  kept.built.clear();
  assert.notEqual(await kept.built.get('y', async () => ({})), a);
});

test('If-None-Match: the exact tag, one of a list, a weak form, or *', () => {
  const etag = '"abc"';
  assert.equal(matchesEtag(undefined, etag), false);
  assert.equal(matchesEtag('"abc"', etag), true);
  assert.equal(matchesEtag('"x", W/"abc"', etag), true);
  assert.equal(matchesEtag('*', etag), true);
  assert.equal(matchesEtag('"abcd"', etag), false);
  assert.equal(matchesEtag('abc', etag), false);
});

test('a stored doc id names its view: partials, whole docs, writers docs; the pointer names none', () => {
  assert.equal(kindOfViewDocId('g3.orders-hours-2026-11-22@-7FFF'), 'orders-hour');
  assert.equal(kindOfViewDocId('g1.categories'), 'categories');
  assert.equal(kindOfViewDocId('g2.writers.funnel'), 'funnel');
  assert.equal(kindOfViewDocId('g2.writers.nope'), undefined);
  assert.equal(kindOfViewDocId('view-generations'), undefined);
});
