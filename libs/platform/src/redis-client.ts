// The Redis client factory. A URL (`REDIS_URL`, the local stack or a password in the URL) gives a plain
// ioredis client. An endpoint (`REDIS_ENDPOINT`, Azure Managed Redis with Entra ID only) gives a client that
// authenticates with a token from @azure/identity and re-authenticates each connection before the token
// expires: Azure closes a connection whose token has expired unless it sent AUTH with a new one.
import type { TokenCredential } from '@azure/identity';
import type * as IORedis from 'ioredis';
import type { Redis, RedisOptions } from 'ioredis';
import { createRequire } from 'node:module';
import { defaultAzureCredential, type ResourceAddress } from './azure-clients.ts';
import { REDIS_TOKEN_SCOPE, credentialsFrom, type RedisCredentials } from './redis-token.ts';

// ioredis (~5 MiB of a process's memory) is loaded by the first client made, as the Azure SDKs a service may not
// use are (azure-clients.ts): the projector, ingest and the exporter, which import this barrel, never make one.
// (ioredis is CommonJS: `require` gives the very module an `import` of it gets.)
const requireOnDemand = createRequire(import.meta.url);
const ioredis = (): typeof IORedis => requireOnDemand('ioredis') as typeof IORedis;

export interface RedisAuthOptions {
  /** Default: DefaultAzureCredential (workload identity on AKS). */
  credential?: TokenCredential;
  /** Told about a failed token fetch or re-authentication; the client keeps its current token and retries. */
  onAuthError?: (err: unknown) => void;
  now?: () => number;
}

export function createRedisClient(
  address: ResourceAddress,
  options: RedisOptions,
  auth: RedisAuthOptions = {},
): Redis {
  if (!address.name.endsWith('ENDPOINT')) return new (ioredis().Redis)(address.value, options);
  const tokens = new RedisTokens(auth.credential ?? defaultAzureCredential(), auth);
  entraIdRedis ??= defineEntraIdRedis(ioredis().Redis);
  return entraIdRedis.open(address.value, options, tokens);
}

/** One token for every connection of a client and its duplicates (e.g. the pub/sub subscriber). */
class RedisTokens {
  readonly #credential: TokenCredential;
  readonly #auth: RedisAuthOptions;
  readonly #now: () => number;
  readonly #clients = new Set<EntraIdRedis>();
  #current: RedisCredentials | undefined;
  #fetching: Promise<RedisCredentials> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(credential: TokenCredential, auth: RedisAuthOptions) {
    this.#credential = credential;
    this.#auth = auth;
    this.#now = auth.now ?? Date.now;
  }

  track(client: EntraIdRedis): void {
    this.#clients.add(client);
    client.once('end', () => {
      this.#clients.delete(client);
      if (this.#clients.size === 0) clearTimeout(this.#timer);
    });
  }

  /** The current credentials, fetching new ones when they are due (at start, or a reconnect after a gap). */
  async credentials(): Promise<RedisCredentials> {
    const current = this.#current;
    if (current && this.#now() < current.refreshAtTimestamp) return current;
    return this.#fetch();
  }

  #fetch(): Promise<RedisCredentials> {
    this.#fetching ??= this.#credential
      .getToken(REDIS_TOKEN_SCOPE)
      .then((token) => {
        if (!token) throw new Error(`no token for ${REDIS_TOKEN_SCOPE}`);
        this.#current = credentialsFrom(token, this.#now());
        this.#schedule(this.#current.refreshAtTimestamp - this.#now());
        return this.#current;
      })
      .finally(() => (this.#fetching = undefined));
    return this.#fetching;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    if (this.#clients.size === 0 && this.#current) return;
    this.#timer = setTimeout(() => void this.#refresh(), Math.max(0, delayMs)).unref();
  }

  /** A new token, then AUTH on every live connection; a subscriber (no AUTH while subscribed) reconnects. */
  async #refresh(): Promise<void> {
    let fresh: RedisCredentials;
    try {
      fresh = await this.#fetch();
    } catch (err) {
      this.#auth.onAuthError?.(err);
      const left = (this.#current?.expiresOnTimestamp ?? 0) - this.#now();
      this.#schedule(Math.min(10_000, Math.max(1_000, left / 4)));
      return;
    }
    for (const client of this.#clients) client.useCredentials(fresh, this.#auth.onAuthError);
  }
}

/** The Entra ID client class, defined on the ioredis loaded by the first such client. */
let entraIdRedis: ReturnType<typeof defineEntraIdRedis> | undefined;
type EntraIdRedis = InstanceType<ReturnType<typeof defineEntraIdRedis>>;

const defineEntraIdRedis = (Base: typeof Redis) =>
  class EntraIdRedis extends Base {
    #tokens!: RedisTokens;
    /** What the caller asked for; duplicates inherit it, as ioredis's own duplicates do. */
    #lazy = false;

    static open(target: string | RedisOptions, options: RedisOptions, tokens: RedisTokens): EntraIdRedis {
      // Connecting waits for a token, so the base constructor must not connect on its own.
      const base = { ...options, lazyConnect: true };
      const client =
        typeof target === 'string'
          ? new EntraIdRedis(target, base)
          : new EntraIdRedis({ ...target, ...base });
      client.#tokens = tokens;
      client.#lazy = options.lazyConnect === true;
      tokens.track(client);
      if (options.lazyConnect !== true) client.connect().catch(() => undefined); // failures arrive as 'error'
      return client;
    }

    /** Every connect, the first and each reconnect, sends the current token. */
    override async connect(callback?: () => void): Promise<void> {
      // A command sent before the token arrives waits in the offline queue, which reads the connection's
      // condition; give it the one ioredis sets when it starts connecting.
      this.condition ??= { select: this.options.db ?? 0, auth: undefined, subscriber: false };
      const credentials = await this.#tokens.credentials();
      this.options.username = credentials.username;
      this.options.password = credentials.password;
      return super.connect(callback);
    }

    override duplicate(override: Partial<RedisOptions> = {}): Redis {
      return EntraIdRedis.open({ ...this.options }, { lazyConnect: this.#lazy, ...override }, this.#tokens);
    }

    useCredentials(credentials: RedisCredentials, onError?: (err: unknown) => void): void {
      this.options.username = credentials.username;
      this.options.password = credentials.password;
      if (this.status !== 'ready') return; // the next connect sends them
      if (this.mode === 'subscriber') this.disconnect(true);
      else this.auth(credentials.username, credentials.password).catch((err: unknown) => onError?.(err));
    }
  };
