import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialsFrom, tokenObjectId } from '../src/index.ts';

const jwt = (claims: object): string =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

test('the Redis user name is the token’s oid claim', () => {
  assert.equal(tokenObjectId(jwt({ oid: 'abc', aud: 'https://redis.azure.com' })), 'abc');
  assert.throws(() => tokenObjectId('not-a-jwt'), /not a JWT/);
  assert.throws(() => tokenObjectId(jwt({ sub: 'x' })), /no oid/);
});

test('a token is refreshed after 80% of its remaining life, or earlier when the token says so', () => {
  const now = 1_000_000;
  const hour = 3_600_000;
  const plain = credentialsFrom({ token: jwt({ oid: 'a' }), expiresOnTimestamp: now + hour }, now);
  assert.equal(plain.refreshAtTimestamp, now + 0.8 * hour);
  assert.equal(plain.password, jwt({ oid: 'a' }));
  const hinted = credentialsFrom(
    { token: jwt({ oid: 'a' }), expiresOnTimestamp: now + 24 * hour, refreshAfterTimestamp: now + 12 * hour },
    now,
  );
  assert.equal(hinted.refreshAtTimestamp, now + 12 * hour);
  const expired = credentialsFrom({ token: jwt({ oid: 'a' }), expiresOnTimestamp: now - 1 }, now);
  assert.equal(expired.refreshAtTimestamp, now);
});
