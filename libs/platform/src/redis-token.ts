// Microsoft Entra ID tokens as Redis credentials (Azure Managed Redis with access keys disabled): the
// token is the password, its `oid` claim the user name. Pure helpers; the refreshing lives in redis-client.ts.

export const REDIS_TOKEN_SCOPE = 'https://redis.azure.com/.default';

export interface RedisCredentials {
  username: string;
  password: string;
  expiresOnTimestamp: number;
  /** When to fetch the next token: before expiry, with room to retry if Entra ID is slow to answer. */
  refreshAtTimestamp: number;
}

/** The object id (`oid`) of the identity a JWT access token was issued to: Redis's user name for it. */
export function tokenObjectId(token: string): string {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('the Redis access token is not a JWT');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: unknown };
  if (typeof claims.oid !== 'string' || claims.oid === '')
    throw new Error('the Redis access token has no oid claim');
  return claims.oid;
}

/**
 * Credentials from a fresh token. The next fetch is due when the token says (`refreshAfterTimestamp`, set by
 * @azure/identity for long-lived tokens) or once 80% of its remaining life has passed, whichever is sooner.
 */
export function credentialsFrom(
  token: { token: string; expiresOnTimestamp: number; refreshAfterTimestamp?: number },
  now: number,
): RedisCredentials {
  const byLifetime = now + Math.max(0, token.expiresOnTimestamp - now) * 0.8;
  return {
    username: tokenObjectId(token.token),
    password: token.token,
    expiresOnTimestamp: token.expiresOnTimestamp,
    refreshAtTimestamp: Math.min(token.refreshAfterTimestamp ?? byLifetime, byLifetime),
  };
}
