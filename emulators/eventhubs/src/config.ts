// Emulator configuration: which hubs exist, with how many partitions and which consumer groups. Pure: parsing and
// validation only; reading a file is configFile.ts's job.
import type { Logger } from 'pino';
import type { RetentionConfig } from './log/index.ts';

export type { RetentionConfig } from './log/index.ts';

export interface HubConfig {
  name: string;
  partitionCount: number;
  consumerGroups?: string[];
}

export interface EventHubsEmulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one; default 5672 (the port Microsoft's emulator uses). */
  port?: number;
  hubs?: HubConfig[];
  retention?: RetentionConfig;
  /** When set, partitions are kept as append-only files here and survive a restart. */
  dataDir?: string;
  /** Size at which a partition's segment file is closed and a new one started; default 16 MiB. Retention frees
   * disk a whole segment at a time, so a partition's files hold at most its retention plus one segment. */
  segmentBytes?: number;
  logger?: Logger;
}

export const DEFAULT_CONSUMER_GROUP = '$Default';
export const MAX_PARTITIONS = 1024;
// Marquee's two hubs: Contoso's orders, and the website's clickstream (ingest-clickstream reads it).
export const DEFAULT_HUBS: readonly HubConfig[] = [
  { name: 'orders', partitionCount: 4 },
  { name: 'clickstream', partitionCount: 4 },
];

const NAME = /^[A-Za-z0-9$][A-Za-z0-9._$-]{0,255}$/;

/** Checks hub definitions and returns them with `$Default` added to every hub's consumer groups. */
export function normalizeHubs(hubs: readonly HubConfig[] | undefined): HubConfig[] {
  const list = hubs ?? DEFAULT_HUBS;
  if (list.length === 0) throw new Error('at least one hub must be configured');
  const seen = new Set<string>();
  return list.map((hub) => {
    if (typeof hub.name !== 'string' || !NAME.test(hub.name))
      throw new Error(`invalid hub name: ${hub.name}`);
    const key = hub.name.toLowerCase();
    if (seen.has(key)) throw new Error(`hub configured twice: ${hub.name}`);
    seen.add(key);
    const count = hub.partitionCount;
    if (!Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS) {
      throw new Error(`hub ${hub.name}: partitionCount must be an integer from 1 to ${MAX_PARTITIONS}`);
    }
    const groups = [DEFAULT_CONSUMER_GROUP];
    for (const group of hub.consumerGroups ?? []) {
      if (typeof group !== 'string' || !NAME.test(group))
        throw new Error(`hub ${hub.name}: bad consumer group`);
      if (!groups.some((g) => g.toLowerCase() === group.toLowerCase())) groups.push(group);
    }
    return { name: hub.name, partitionCount: count, consumerGroups: groups };
  });
}

/**
 * Reads hub definitions from parsed JSON. Accepted shapes: `{ "hubs": [HubConfig...] }`, a bare `[HubConfig...]`,
 * or Microsoft's emulator Config.json (`UserConfig.NamespaceConfig[].Entities[]` with Name, PartitionCount and
 * ConsumerGroups[].Name), so one file can serve both emulators.
 */
export function hubsFromJson(json: unknown): HubConfig[] {
  if (Array.isArray(json)) return normalizeHubs(json as HubConfig[]);
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (Array.isArray(o.hubs)) return normalizeHubs(o.hubs as HubConfig[]);
    const user = o.UserConfig as { NamespaceConfig?: { Entities?: MicrosoftEntity[] }[] } | undefined;
    const entities = user?.NamespaceConfig?.flatMap((ns) => ns.Entities ?? []);
    if (entities) {
      return normalizeHubs(
        entities.map((e) => ({
          name: e.Name,
          partitionCount: Number(e.PartitionCount),
          consumerGroups: (e.ConsumerGroups ?? []).map((g) => g.Name),
        })),
      );
    }
  }
  throw new Error(
    'unrecognised hub configuration: expected { "hubs": [...] } or Microsoft emulator Config.json',
  );
}

interface MicrosoftEntity {
  Name: string;
  PartitionCount: number | string;
  ConsumerGroups?: { Name: string }[];
}
