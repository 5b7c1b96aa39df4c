// The stored lease format is the .NET processor's: what it writes decodes, what we write is what it reads, and
// fields only one side knows survive the other side's writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  databaseRidOf,
  decodeLease,
  encodeLease,
  leasePrefixOf,
  type LeaseFormat,
} from '../src/lease/index.ts';
import { newLease } from '../src/lease/lease-document.ts';

const prefix = leasePrefixOf('proj', '127.0.0.1', 'AAAAAQ==', 'AAAAAYAAAAE=');
const format: LeaseFormat = { prefix, containerRid: 'AAAAAYAAAAE=', mode: 'Incremental Feed' };
const range = { minInclusive: '', maxExclusive: '10000000000000000000000000000000' };

test('the prefix and id follow the .NET scheme', () => {
  assert.equal(prefix, 'proj127.0.0.1_AAAAAQ==_AAAAAYAAAAE=');
  assert.equal(databaseRidOf('AAAAAYAAAAE='), 'AAAAAQ==');
  assert.equal(newLease(prefix, range, null, 0).id, `${prefix}..-10000000000000000000000000000000`);
});

test('a new lease is stored as an EPK lease (version 1) with the .NET field names', () => {
  const stored = encodeLease(newLease(prefix, range, null, Date.UTC(2026, 10, 30)), format);
  assert.deepEqual(stored, {
    id: `${prefix}..-10000000000000000000000000000000`,
    version: 1,
    LeaseToken: '-10000000000000000000000000000000',
    FeedRange: { Range: { min: '', max: '10000000000000000000000000000000' } },
    Owner: null,
    ContinuationToken: null,
    timestamp: '2026-11-30T00:00:00.000Z',
    properties: {},
    Mode: 'Incremental Feed',
  });
});

test('a lease the .NET processor wrote decodes, and our write keeps its version, Mode and properties', () => {
  const dotnet = {
    id: `${prefix}..0`,
    version: 0,
    LeaseToken: '0',
    FeedRange: { Range: { min: '', max: '10000000000000000000000000000000' } },
    Owner: 'dotnet-a',
    ContinuationToken: '"42"',
    properties: { custom: 'kept' },
    timestamp: '2026-11-30T00:30:30.0972111Z',
    Mode: 'Incremental Feed',
    _etag: '"e1"',
    _ts: 1,
  };
  const lease = decodeLease(dotnet, format)!;
  assert.equal(lease.leaseToken, '0');
  assert.equal(lease.owner, 'dotnet-a');
  assert.equal(lease.timestamp, Date.parse('2026-11-30T00:30:30.097Z'));
  assert.deepEqual(JSON.parse(lease.continuation!), {
    rid: 'AAAAAYAAAAE=',
    Continuation: [
      { minInclusive: '', maxExclusive: '10000000000000000000000000000000', continuationToken: '"42"' },
    ],
  });
  const written = encodeLease({ ...lease, owner: 'marquee-b' }, format);
  assert.equal(written.version, 0);
  assert.equal(written.ContinuationToken, '"42"');
  assert.deepEqual(written.properties, { custom: 'kept' });
  assert.equal(written._etag, undefined, 'system properties are the server’s');
  assert.equal(decodeLease({ ...dotnet, timestamp: null, _ts: 5 }, format)?.timestamp, 5_000);
});

test('other documents of the container are not leases of this processor', () => {
  assert.equal(decodeLease({ id: `${prefix}.info` }, format), undefined);
  assert.equal(decodeLease({ id: `${prefix}.lock`, ttl: 30 }, format), undefined);
  const other = encodeLease(newLease('other127.0.0.1_AAAAAQ==_AAAAAYAAAAE=', range, null, 0), format);
  assert.equal(decodeLease(other, format), undefined);
});

test('a handover request holds only while the owner it was made of still owns the lease', () => {
  const requested = encodeLease(
    { ...newLease(prefix, range, null, 0), owner: 'a', handoverTo: 'b', handoverAt: 7 },
    format,
  );
  assert.equal(decodeLease(requested, format)?.handoverTo, 'b');
  assert.equal(decodeLease(requested, format)?.handoverAt, 7);
  // The .NET processor took the lease and copied the properties along: the request is void.
  assert.equal(decodeLease({ ...requested, Owner: 'dotnet-a' }, format)?.handoverTo, null);
});

test('a continuation over several ranges (a split met by the SDK) is kept whole until someone checkpoints', () => {
  const token = JSON.stringify({
    rid: 'AAAAAYAAAAE=',
    Continuation: [
      { minInclusive: '', maxExclusive: '08', continuationToken: '"57"' },
      { minInclusive: '08', maxExclusive: '10000000000000000000000000000000', continuationToken: '"51"' },
    ],
  });
  const stored = encodeLease(newLease(prefix, range, token, 0), format);
  assert.equal(stored.ContinuationToken, '"51"', 'the oldest position, for a .NET reader');
  assert.equal(decodeLease(stored, format)?.continuation, token);
  const checkpointedByDotnet = { ...stored, ContinuationToken: '"90"' };
  assert.equal(JSON.parse(decodeLease(checkpointedByDotnet, format)!.continuation!).Continuation.length, 1);
});
