// The cut itself, on pages as they come from the store: where a page is cut, and when it is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lsnOf } from '../src/processing/changes.ts';
import { cutToJoin } from '../src/processing/join-cut.ts';
import type { FeedPage } from '../src/processing/shared-reads.ts';

const page = (result: unknown[], continuationToken: string): FeedPage => ({
  statusCode: 200,
  result,
  continuationToken,
  etag: undefined,
  sessionToken: '0:-1#900',
});
const tLsn = (position: string): number | undefined => Number(position.slice(1));

test('all versions and deletes: a page is cut by the changes metadata LSN, at the nearest point inside it', () => {
  const changes = [11, 12, 12, 14, 16].map((lsn) => ({ metadata: { lsn, operationType: 'create' } }));
  const points = [
    { position: 'p20', lsn: 20 },
    { position: 'p12', lsn: 12 },
    { position: 'p5', lsn: 5 },
  ];
  const cut = cutToJoin(page(changes, 't16'), 10, points, tLsn, (c) => lsnOf(c, 'allVersionsAndDeletes'));
  assert.deepEqual(cut?.result, changes.slice(0, 3), 'both changes of LSN 12 stay with it');
  assert.equal(cut?.continuationToken, 'p12');
  assert.equal(cut?.etag, '"12"');
  assert.equal(cut?.sessionToken, '0:-1#900', 'the server LSN is still the one read');
});

test('a point before which the page holds no change is passed over for the next', () => {
  const changes = [{ _lsn: 30 }, { _lsn: 40 }];
  const points = [
    { position: 'p25', lsn: 25 },
    { position: 'p35', lsn: 35 },
  ];
  const cut = cutToJoin(page(changes, 't40'), 20, points, tLsn, (c) => lsnOf(c, 'latestVersion'));
  assert.deepEqual(cut?.result, [{ _lsn: 30 }]);
  assert.equal(cut?.continuationToken, 'p35');
});

test('no cut for a page that already ends at the point, an empty page or a point past its end', () => {
  const changes = [{ _lsn: 30 }, { _lsn: 40 }];
  const changeLsn = (c: unknown): number | undefined => lsnOf(c, 'latestVersion');
  assert.equal(
    cutToJoin(page(changes, 't40'), 20, [{ position: 't40', lsn: 40 }], tLsn, changeLsn),
    undefined,
  );
  assert.equal(
    cutToJoin(page(changes, 't40'), 20, [{ position: 'p41', lsn: 41 }], tLsn, changeLsn),
    undefined,
  );
  assert.equal(cutToJoin(page([], 't40'), 20, [{ position: 'p30', lsn: 30 }], tLsn, changeLsn), undefined);
  const same = cutToJoin(page(changes, 't40'), 20, [{ position: 'p40', lsn: 40 }], tLsn, changeLsn);
  assert.equal(same?.continuationToken, 'p40', 'the same LSN named as the other reader names it: joins it');
  assert.equal(same?.result.length, 2);
});
