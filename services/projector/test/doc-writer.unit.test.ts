import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConcurrencyError, isTransient } from '@marquee/platform';
import { DocWriter } from '../src/store/index.ts';
import { MemoryStore } from './support/fixtures.ts';

interface Counter {
  id: string;
  n: number;
}
const add =
  (k: number) =>
  (current: Counter | undefined): Counter => ({ id: 'c', n: (current?.n ?? 0) + k });

describe('DocWriter', () => {
  test('creates, then replaces from its cached version without reading', async () => {
    const store = new MemoryStore<Counter>();
    let reads = 0;
    const read = store.read.bind(store);
    store.read = async (id) => (reads++, read(id));
    const writer = new DocWriter(store);
    assert.equal(await writer.update('c', add(1)), 'created');
    assert.equal(await writer.update('c', add(2)), 'replaced');
    assert.equal(await writer.update('c', () => undefined), 'unchanged');
    assert.equal(reads, 1, 'only the first update read the doc');
    assert.equal(store.docs.get('c')?.doc.n, 3);
  });

  test('a stale cached version (someone else wrote) costs one re-read, and the update is recomputed', async () => {
    const store = new MemoryStore<Counter>();
    const conflicts: number[] = [];
    const mine = new DocWriter(store, { onConflict: (_id, attempt) => conflicts.push(attempt) });
    const theirs = new DocWriter(store);
    await mine.update('c', add(1));
    await theirs.update('c', add(10));
    await mine.update('c', add(100));
    assert.equal(store.docs.get('c')?.doc.n, 111);
    assert.deepEqual(conflicts, [1]);
  });

  test('two creators race: the loser gets 409, re-reads and applies on top', async () => {
    const store = new MemoryStore<Counter>();
    await Promise.all([new DocWriter(store).update('c', add(1)), new DocWriter(store).update('c', add(2))]);
    assert.equal(store.docs.get('c')?.doc.n, 3);
  });

  test('gives up after maxConflicts, so the processor retries the batch', async () => {
    const store = new MemoryStore<Counter>();
    await new DocWriter(store).update('c', add(1));
    store.replace = async () => ({ ok: false, reason: 'changed' });
    const writer = new DocWriter(store, { maxConflicts: 3, random: () => 0 });
    await assert.rejects(writer.update('c', add(1)), (err: unknown) => {
      // A ConcurrencyError, so a caller can tell a lost race (worth a retry) from a failed store.
      assert.ok(err instanceof ConcurrencyError);
      assert.match(err.message, /still conflicting after 3 attempts/);
      assert.equal(isTransient(err), true);
      return true;
    });
  });

  test('a write that failed after landing (a timeout, say) leaves no cached version that skips the re-read', async () => {
    const store = new MemoryStore<Counter>();
    const conflicts: number[] = [];
    const writer = new DocWriter(store, { onConflict: (_id, attempt) => conflicts.push(attempt) });
    await writer.update('c', add(1));
    const replace = store.replace.bind(store);
    store.replace = async (doc, etag) => {
      store.replace = replace;
      await replace(doc, etag);
      throw new Error('request timed out');
    };
    await assert.rejects(writer.update('c', add(10)), /timed out/);
    await writer.update('c', add(100));
    assert.equal(store.docs.get('c')?.doc.n, 111, 'applied on top of the version that landed');
    assert.deepEqual(conflicts, [1], 'the stale ETag was refused, then the doc re-read');
  });

  test('updates queued behind a write in flight go out together as one write', async () => {
    const store = new MemoryStore<Counter>();
    const writer = new DocWriter(store);
    await Promise.all([1, 2, 3, 4, 5].map((k) => writer.update('c', add(k))));
    assert.equal(store.docs.get('c')?.doc.n, 15);
    assert.equal(store.writes, 2, 'the first alone, then the four that queued behind it');
  });
});
