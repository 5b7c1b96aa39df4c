// The compare-and-set script against a real redis-server: the same decisions as rules.ts, applied atomically.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideWrite,
  RedisCategoryCache,
  type CacheHead,
  type CacheWrite,
  type Category,
} from '../src/index.ts';
import { startRedis, type RunningRedis } from './support/redis-server.ts';

let redis: RunningRedis;
before(async () => {
  redis = await startRedis();
});
after(() => redis.stop());

const cat = (categoryId: number, name = `C${categoryId}`): Category => ({
  categoryId,
  name,
  description: 'd',
});
const now = new Date('2026-11-22T05:00:00.000Z');
let n = 0;
const freshCache = (ttlSeconds?: number): RedisCategoryCache =>
  new RedisCategoryCache(redis.client(), { prefix: `test-${++n}`, ttlSeconds });

test('a write stores the list, its version and one key per category; an older one is refused', async () => {
  const cache = freshCache();
  const first = await cache.write([cat(1, 'A'), cat(2, 'B')], { kind: 'newer', version: 10 }, now);
  assert.equal(first.written, true);
  assert.equal(first.version, 10);
  const stored = await cache.read();
  assert.deepEqual(stored?.items, [cat(1, 'A'), cat(2, 'B')]);
  assert.equal(stored?.version, 10);
  assert.equal(stored?.writtenAt, now.toISOString());
  assert.deepEqual(await cache.readOne(2), { state: 'present', version: 10, category: cat(2, 'B') });
  assert.deepEqual(await cache.readOne(3), { state: 'present', version: 10, category: undefined });

  const older = await cache.write([cat(1, 'old')], { kind: 'newer', version: 9 }, now);
  assert.deepEqual(older, { written: false, version: 10, writeId: first.writeId });
  const same = await cache.write([cat(1, 'same version')], { kind: 'newer', version: 10 }, now);
  assert.equal(same.written, false);
  assert.deepEqual((await cache.read())?.items, [cat(1, 'A'), cat(2, 'B')]);
});

test('per-category keys follow the list: a category that went away loses its key', async () => {
  const cache = freshCache();
  await cache.write([cat(1), cat(2), cat(3)], { kind: 'newer', version: 1 }, now);
  await cache.write([cat(1), cat(3)], { kind: 'newer', version: 2 }, now);
  assert.equal((await cache.readOne(2)).state, 'present');
  assert.equal(((await cache.readOne(2)) as { category?: Category }).category, undefined);
  const r = redis.client();
  assert.equal(await r.exists(cache.keys.item(2)), 0);
  assert.deepEqual((await r.smembers(cache.keys.ids)).sort(), ['1', '3']);
  await cache.write([], { kind: 'newer', version: 3 }, now);
  assert.deepEqual((await cache.read())?.items, []);
  assert.equal(await r.exists(cache.keys.item(1), cache.keys.item(3)), 0);
});

test('absent cache: readOne says so, so the caller goes to the store', async () => {
  const cache = freshCache();
  assert.deepEqual(await cache.readOne(1), { state: 'absent' });
  assert.equal(await cache.read(), undefined);
  assert.equal(await cache.head(), undefined);
});

test('a repair replaces only the list it compared against, keeping the higher version', async () => {
  const cache = freshCache();
  const first = await cache.write([cat(1), cat(2)], { kind: 'newer', version: 20 }, now);
  const seen = (await cache.head())!;
  assert.equal(seen.writeId, first.writeId);
  // The store lost category 2 by a hard delete; its remaining documents top out at LSN 15.
  const repaired = await cache.write([cat(1)], { kind: 'repair', version: 15, expected: seen }, now);
  assert.equal(repaired.written, true);
  assert.equal(repaired.version, 20);
  assert.deepEqual((await cache.read())?.items, [cat(1)]);
  // A second repair from the same (now stale) observation is refused.
  const stale = await cache.write([cat(1), cat(2)], { kind: 'repair', version: 15, expected: seen }, now);
  assert.equal(stale.written, false);
  // Newer writes after the repair still need version > 20.
  assert.equal((await cache.write([cat(9)], { kind: 'newer', version: 20 }, now)).written, false);
  assert.equal((await cache.write([cat(9)], { kind: 'newer', version: 21 }, now)).written, true);
  // Expect-absent repair into a full cache is refused.
  assert.equal(
    (await cache.write([cat(5)], { kind: 'repair', version: 99, expected: undefined }, now)).written,
    false,
  );
});

test('many concurrent writers with shuffled versions: the final version is the max, with its list', async () => {
  const cache = freshCache();
  const versions = Array.from({ length: 200 }, (_, i) => i + 1);
  for (let i = versions.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [versions[i], versions[j]] = [versions[j]!, versions[i]!];
  }
  // Eight connections, as eight writer processes would have.
  const writers = Array.from(
    { length: 8 },
    () => new RedisCategoryCache(redis.client(), { prefix: `test-${n}` }),
  );
  const results = await Promise.all(
    versions.map((v, i) =>
      writers[i % writers.length]!.write([cat(v, `v${v}`)], { kind: 'newer', version: v }, now),
    ),
  );
  const stored = await cache.read();
  assert.equal(stored?.version, 200);
  assert.deepEqual(stored?.items, [cat(200, 'v200')]);
  assert.deepEqual(await cache.readOne(200), { state: 'present', version: 200, category: cat(200, 'v200') });
  assert.ok(
    results.some((r) => !r.written),
    'some writers lost the race',
  );
  assert.equal(await redis.client().scard(cache.keys.ids), 1);
});

test('the script decides exactly as rules.ts decideWrite', async () => {
  const writes: Array<(head: CacheHead | undefined) => CacheWrite> = [
    () => ({ kind: 'newer', version: 5 }),
    () => ({ kind: 'newer', version: 50 }),
    (head) => ({ kind: 'repair', version: 1, expected: head }),
    (head) => ({ kind: 'repair', version: 80, expected: head }),
    () => ({ kind: 'repair', version: 3, expected: undefined }),
    () => ({ kind: 'repair', version: 3, expected: { version: 1, writeId: 'someone-else' } }),
  ];
  for (const setup of [undefined, 10, 60]) {
    for (const make of writes) {
      const cache = freshCache();
      if (setup !== undefined) await cache.write([cat(1)], { kind: 'newer', version: setup }, now);
      const head = await cache.head();
      const write = make(head);
      const expected = decideWrite(head, write);
      const result = await cache.write([cat(2)], write, now);
      assert.equal(result.written, expected.write, `${setup} ${JSON.stringify(write)}`);
      if (expected.write) assert.equal(result.version, expected.version);
    }
  }
});

test('the safety TTL applies to every key, and no TTL means none', async () => {
  const withTtl = freshCache(30);
  await withTtl.write([cat(1)], { kind: 'newer', version: 1 }, now);
  const r = redis.client();
  for (const key of [withTtl.keys.list, withTtl.keys.ids, withTtl.keys.item(1)]) {
    const ttl = await r.ttl(key);
    assert.ok(ttl > 0 && ttl <= 30, `${key} ttl ${ttl}`);
  }
  const without = freshCache();
  await without.write([cat(1)], { kind: 'newer', version: 1 }, now);
  assert.equal(await r.ttl(without.keys.list), -1);
  assert.equal(await r.ttl(without.keys.item(1)), -1);
});

test('the script survives SCRIPT FLUSH (EVALSHA falls back to EVAL)', async () => {
  const cache = freshCache();
  await cache.write([cat(1)], { kind: 'newer', version: 1 }, now);
  await redis.client().script('FLUSH');
  assert.equal((await cache.write([cat(2)], { kind: 'newer', version: 2 }, now)).written, true);
});
