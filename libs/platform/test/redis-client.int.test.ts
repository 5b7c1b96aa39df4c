// Entra ID authentication to Redis, against a real redis-server: an ACL user stands in for the managed
// identity (its name is the token's oid) and short-lived passwords stand in for its tokens. The client must
// authenticate with the current token, re-authenticate before it expires, and reconnect (subscriber too)
// with the newest one once the old one is revoked.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { Redis } from 'ioredis';
import { createRedisClient, REDIS_TOKEN_SCOPE } from '../src/index.ts';

const OID = '6f1c3a2e-0000-4000-8000-00000000beef';
const TOKEN_LIFETIME_MS = 1_500;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const port = await freePort();
const server = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  {
    stdio: 'ignore',
  },
);
const url = `redis://127.0.0.1:${port}`;
const admin = new Redis(url, { retryStrategy: (n) => (n > 100 ? null : 50) });
admin.on('error', () => undefined); // refused until redis-server listens
await admin.ping();
after(async () => {
  admin.disconnect();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
});

/** Issues JWT-shaped tokens for OID, each one a new password of the ACL user, valid until revoked. */
class ShortLivedTokens implements TokenCredential {
  readonly issued: string[] = [];
  readonly scopes: string[] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(String(scopes));
    const claims = Buffer.from(JSON.stringify({ oid: OID, n: this.issued.length })).toString('base64url');
    const token = `eyJhbGciOiJub25lIn0.${claims}.sig${this.issued.length}`;
    await admin.call('ACL', 'SETUSER', OID, 'on', `>${token}`, '~*', '&*', '+@all');
    this.issued.push(token);
    return { token, expiresOnTimestamp: Date.now() + TOKEN_LIFETIME_MS, tokenType: 'Bearer' };
  }
}

async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const authCalls = async (): Promise<number> => {
  const stats = await admin.info('commandstats');
  return Number(/cmdstat_auth:calls=(\d+)/.exec(stats)?.[1] ?? 0);
};

test('an endpoint address authenticates with a token, refreshes it before expiry and reconnects with the newest', async () => {
  const tokens = new ShortLivedTokens();
  const errors: unknown[] = [];
  const client = createRedisClient(
    { name: 'REDIS_ENDPOINT', value: url },
    { maxRetriesPerRequest: 1, retryStrategy: () => 50 },
    { credential: tokens, onAuthError: (err) => errors.push(err) },
  );
  const subscriber = client.duplicate();
  const messages: string[] = [];
  subscriber.on('message', (_channel: string, message: string) => messages.push(message));
  try {
    await client.set('greeting', 'hello');
    assert.equal(await client.call('ACL', 'WHOAMI'), OID);
    assert.deepEqual(tokens.scopes.slice(0, 1), [REDIS_TOKEN_SCOPE]);
    await subscriber.subscribe('news');

    // Before the first token expires, the live connection sends AUTH with the next one.
    const before = await authCalls();
    await eventually(() => tokens.issued.length >= 2, 'a second token');
    await eventually(async () => (await authCalls()) > before, 'AUTH on the live connection');

    // The first token is revoked and every connection of the user dropped: both reconnect with the newest.
    const [first] = tokens.issued;
    await admin.call('ACL', 'SETUSER', OID, `<${first}`);
    await admin.call('CLIENT', 'KILL', 'USER', OID);
    await eventually(async () => (await client.get('greeting').catch(() => null)) === 'hello', 'reconnected');
    await eventually(async () => {
      await admin.publish('news', 'after-refresh');
      return messages.includes('after-refresh');
    }, 'the subscriber resubscribed with a fresh token');
    assert.deepEqual(errors, []);

    // The control: the revoked token itself no longer gets in.
    const stale = new Redis(url, {
      username: OID,
      password: first,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const refused: string[] = [];
    stale.on('error', (err: Error) => refused.push(err.message));
    await stale.connect().catch(() => undefined);
    await eventually(() => refused.some((m) => /WRONGPASS/.test(m)), 'the revoked token refused');
    stale.disconnect();
  } finally {
    subscriber.disconnect();
    client.disconnect();
  }
});

test('a URL address is a plain client: no token is asked for', async () => {
  const tokens = new ShortLivedTokens();
  const client = createRedisClient({ name: 'REDIS_URL', value: url }, {}, { credential: tokens });
  try {
    assert.equal(await client.ping(), 'PONG');
    assert.equal(tokens.issued.length, 0);
  } finally {
    client.disconnect();
  }
});
