// An account in several regions, as the service presents one: the global endpoint answers with the regions in
// its metadata (`writableLocations`: the write region; `readableLocations`: every region up, the write region
// first), each region has its own endpoint, and only the write region takes writes (403, substatus 3
// "WriteForbidden" elsewhere: the SDK then re-reads the metadata and moves its writes). A region taken offline
// stops listening, so the SDK sees connections refused and fails over, as it would when an Azure region goes
// dark. The regions share one store: replication is synchronous here (what Strong consistency gives on the
// service; see docs/regional-resilience.md for what the other levels mean after a failover).
import { CosmosError } from './errors.ts';
import { flag, header, type RequestContext } from './context.ts';

export interface RegionLocation {
  name: string;
  databaseAccountEndpoint: string;
}

/** What a request is, as far as region rules go: a read may go to any region, a write only to the write one. */
export function isWrite(ctx: RequestContext): boolean {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return false;
  if (ctx.method !== 'POST') return true;
  const isQuery =
    flag(ctx, 'x-ms-documentdb-isquery') ||
    flag(ctx, 'x-ms-cosmos-is-query-plan-request') ||
    header(ctx, 'content-type')?.startsWith('application/query+json') === true;
  return !isQuery;
}

export class AccountRegions {
  readonly names: readonly string[];
  readonly #endpoints = new Map<string, string>();
  readonly #offline = new Set<string>();
  #write: string;
  #pendingFailover: NodeJS.Timeout | undefined;
  /** Called when a region goes offline or comes back, so its listener can stop or start. */
  onChange: (name: string, online: boolean) => Promise<void> = async () => {};

  constructor(names: readonly string[]) {
    if (names.length === 0 || new Set(names).size !== names.length)
      throw new RangeError('regions must be distinct names, at least one');
    this.names = names;
    this.#write = names[0] as string;
  }

  setEndpoint(name: string, endpoint: string): void {
    this.#endpoints.set(name, endpoint);
  }

  get writeRegion(): string {
    return this.#write;
  }

  isOnline(name: string): boolean {
    return !this.#offline.has(name);
  }

  #known(name: string): void {
    if (!this.names.includes(name))
      throw new RangeError(`unknown region ${name}; regions: ${this.names.join(', ')}`);
  }

  /** The account metadata's two lists, as the SDK reads them. */
  locations(): { writableLocations: RegionLocation[]; readableLocations: RegionLocation[] } {
    const location = (name: string): RegionLocation => ({
      name,
      databaseAccountEndpoint: this.#endpoints.get(name) ?? '',
    });
    const readable = [this.#write, ...this.names.filter((n) => n !== this.#write && this.isOnline(n))];
    return { writableLocations: [location(this.#write)], readableLocations: readable.map(location) };
  }

  /** Refuses a write that reached a region other than the write region. */
  check(region: string | undefined, ctx: RequestContext): void {
    if (region === undefined || region === this.#write || !isWrite(ctx)) return;
    throw new CosmosError(403, `Region ${region} is not the write region (${this.#write}).`, 3);
  }

  /** A manual failover (portal, `az cosmosdb failover-priority-change`): the write region moves now. */
  failover(writeRegion: string): void {
    this.#known(writeRegion);
    clearTimeout(this.#pendingFailover);
    this.#write = writeRegion;
  }

  /**
   * A region goes dark or comes back. With `failoverAfterMs` (service-managed failover), losing the write
   * region moves the writes to the next region up after that delay, as the service does after its outage
   * detection; without it, writes stay unavailable until a manual failover.
   */
  async setOnline(name: string, online: boolean, failoverAfterMs?: number): Promise<void> {
    this.#known(name);
    if (online) this.#offline.delete(name);
    else this.#offline.add(name);
    await this.onChange(name, online);
    if (!online && name === this.#write && failoverAfterMs !== undefined) {
      clearTimeout(this.#pendingFailover);
      this.#pendingFailover = setTimeout(() => {
        const next = this.names.find((n) => this.isOnline(n));
        if (next !== undefined && !this.isOnline(this.#write)) this.#write = next;
      }, failoverAfterMs);
      this.#pendingFailover.unref();
    }
  }

  close(): void {
    clearTimeout(this.#pendingFailover);
  }
}
