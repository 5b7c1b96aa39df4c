// The equality index stays exactly what a scan would find: after creates, replaces that change the value,
// upserts, patches, deletes, TTL expiry and its sweep, a partition emptied, and a restart from the snapshot and
// the journal. Every check compares a lookup with a scan of the same store (same records, same order).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ContainerStore } from '../src/store/container.ts';
import { Persistence } from '../src/store/persistence.ts';
import type { Doc } from '../src/store/types.ts';
import { memoryAccount, memoryStore, write } from './memory-store.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TYPES = ['Rated', 'Viewed', 'Added', 7, true, null];

/** Ids a scan finds with `field` in `values`, in scan order. */
function scanned(store: ContainerStore, field: string, values: unknown[], nowMs: number): string[] {
  return store
    .records({}, nowMs)
    .filter((r) => values.some((v) => (JSON.parse(r.json) as Doc)[field] === v))
    .map((r) => r.id);
}

function looked(
  store: ContainerStore,
  field: string,
  values: unknown[],
  nowMs: number,
): string[] | undefined {
  return store.index
    ?.lookup(field, values as (string | number | boolean | null)[], {}, nowMs)
    ?.records.map((r) => r.id);
}

function assertAgrees(store: ContainerStore, nowMs: number): void {
  for (const value of TYPES) {
    assert.deepEqual(
      looked(store, 'type', [value], nowMs),
      scanned(store, 'type', [value], nowMs),
      String(value),
    );
  }
  assert.deepEqual(
    looked(store, 'type', ['Rated', 7, null], nowMs),
    scanned(store, 'type', ['Rated', 7, null], nowMs),
  );
}

const at = 1_800_000_000_000;

function writeHistory(store: ContainerStore): void {
  for (let i = 0; i < 200; i++) {
    write(
      store,
      { kind: 'create', body: { id: `d${i}`, pk: `p${i % 13}`, type: TYPES[i % TYPES.length] } },
      at,
    );
  }
  for (let i = 0; i < 200; i += 3) {
    const body = { id: `d${i}`, pk: `p${i % 13}`, type: TYPES[(i + 1) % TYPES.length] };
    write(store, i % 2 ? { kind: 'replace', id: `d${i}`, body } : { kind: 'upsert', body }, at, `p${i % 13}`);
  }
  for (let i = 1; i < 200; i += 7) {
    const patch = { operations: [{ op: 'set', path: '/type', value: 'Viewed' }] };
    write(store, { kind: 'patch', id: `d${i}`, patch }, at, `p${i % 13}`);
  }
  for (let i = 2; i < 200; i += 5) write(store, { kind: 'delete', id: `d${i}` }, at, `p${i % 13}`);
}

test('creates, replaces, upserts, patches and deletes keep the index equal to a scan', () => {
  const store = memoryStore();
  writeHistory(store);
  assertAgrees(store, at);
  assert.ok((looked(store, 'type', ['Viewed'], at) ?? []).length > 30);
  // Many rewrites of a few documents: postings are compacted, and stay right.
  for (let round = 0; round < 300; round++) {
    write(store, { kind: 'upsert', body: { id: 'hot', pk: 'h', type: TYPES[round % 2] } }, at);
  }
  assertAgrees(store, at);
});

test('a partition emptied item by item leaves nothing behind', () => {
  const store = memoryStore();
  writeHistory(store);
  for (const r of store.records({}, at).filter((r) => r.pkJson === '["p3"]')) {
    write(store, { kind: 'delete', id: r.id }, at, 'p3');
  }
  assert.equal(store.partitions.has('["p3"]'), false);
  assertAgrees(store, at);
});

test('expired items leave lookups at once, and the sweep removes them', () => {
  const store = memoryStore(memoryAccount(), { defaultTtl: -1 });
  for (let i = 0; i < 40; i++) {
    const body: Doc = { id: `t${i}`, pk: `p${i % 3}`, type: 'Rated', ...(i % 2 ? { ttl: 5 } : {}) };
    write(store, { kind: 'create', body }, at);
  }
  assert.equal(looked(store, 'type', ['Rated'], at)?.length, 40);
  const later = at + 6_000;
  assert.equal(looked(store, 'type', ['Rated'], later)?.length, 20);
  assertAgrees(store, later);
  assert.equal(store.sweepExpired(later), 20);
  assertAgrees(store, later);
});

test('a property with many distinct values is dropped, the others stay indexed', () => {
  const store = memoryStore();
  for (let i = 0; i < 1100; i++) {
    write(
      store,
      { kind: 'create', body: { id: `u${i}`, pk: `p${i % 5}`, seq: i, type: 'Rated', doc: { a: 1 } } },
      at,
    );
  }
  assert.equal(store.index?.has('seq'), false);
  assert.equal(store.index?.has('type'), true);
  assert.equal(store.index?.has('doc'), false, 'objects are not indexed');
  assert.equal(store.index?.has('id'), false);
  assert.equal(looked(store, 'seq', [5], at), undefined);
});

test('a restart rebuilds the index from the snapshot and the journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cosmos-index-'));
  dirs.push(dir);
  const first = memoryAccount();
  const persistence = new Persistence(dir, first);
  persistence.load();
  const store = memoryStore(first);
  writeHistory(store);
  persistence.close(); // snapshot

  const second = memoryAccount();
  const reopened = new Persistence(dir, second);
  reopened.load();
  const restored = second.container('db', 'c0');
  assertAgrees(restored, at);
  assert.deepEqual(looked(restored, 'type', TYPES, at), looked(store, 'type', TYPES, at));
  // More history, left in the journal only (no snapshot at close of this process).
  for (const r of restored.records({}, at).filter((_, i) => i % 4 === 0)) {
    write(restored, { kind: 'delete', id: r.id }, at, (JSON.parse(r.pkJson) as string[])[0]);
  }
  write(restored, { kind: 'create', body: { id: 'late', pk: 'p1', type: 'Rated' } }, at);
  reopened.flush();
  const third = memoryAccount();
  new Persistence(dir, third).load();
  assertAgrees(third.container('db', 'c0'), at);
  assert.deepEqual(
    looked(third.container('db', 'c0'), 'type', TYPES, at),
    looked(restored, 'type', TYPES, at),
  );
  reopened.close();
});

test('with the index off there is nothing to look up', () => {
  const account = memoryAccount(false);
  const store = memoryStore(account);
  write(store, { kind: 'create', body: { id: 'a', pk: 'p', type: 'Rated' } }, at);
  assert.equal(store.index, undefined);
});
