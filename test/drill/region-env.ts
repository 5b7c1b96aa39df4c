// What each of a region's processes is told, as a region's cluster would be configured (k8s/overlays/region2
// sets the same): its own region first in COSMOS_PREFERRED_REGIONS, its own Redis, its own instance names, and
// both regions' hubs for ingest. Pure, so the layout is tested without starting anything.
import { settingSuffix } from '@marquee/platform';
import type { RegionEndpoints } from './regional-stack.ts';

export type RegionService = 'ingest' | 'projector' | 'cache-sync' | 'api';
export const REGION_SERVICES: readonly RegionService[] = ['ingest', 'projector', 'cache-sync', 'api'];

export interface SharedEndpoints {
  cosmos: string;
  storage: string;
  regions: readonly [RegionEndpoints, RegionEndpoints];
}

/** Timings short enough for a drill of a minute; the services' defaults otherwise (10 s ownership, 5 s leases, 30 s). */
const FAST: Record<RegionService, Record<string, string>> = {
  ingest: { PARTITION_OWNERSHIP_EXPIRATION_MS: '3000', LOAD_BALANCING_INTERVAL_MS: '500' },
  projector: {
    POLL_INTERVAL_MS: '50',
    LEASE_RENEW_INTERVAL_MS: '500',
    LEASE_EXPIRATION_MS: '2000',
    LEASE_ACQUIRE_INTERVAL_MS: '500',
  },
  'cache-sync': { CHANGE_FEED_POLL_INTERVAL_MS: '50', LEASE_ACQUIRE_INTERVAL_MS: '500' },
  api: {},
};

export const hubSetting = (hub: string): string => `EVENTHUB_CONNECTION_STRING__${settingSuffix(hub)}`;

/** Every hub's own connection string (one namespace per region), as datagen and ingest read them. */
export function hubsEnv(shared: SharedEndpoints): Record<string, string> {
  return Object.fromEntries(shared.regions.map((r) => [hubSetting(r.hub), r.eventHubs]));
}

/** The environment of one service in region `index` (0 = region 1); ports are added by the caller. */
export function regionEnv(
  shared: SharedEndpoints,
  index: 0 | 1,
  service: RegionService,
  fast: boolean,
): Record<string, string> {
  const own = shared.regions[index];
  const other = shared.regions[1 - index] as RegionEndpoints;
  const region = `region${index + 1}`;
  const env: Record<string, string> = {
    COSMOS_CONNECTION_STRING: shared.cosmos,
    COSMOS_DATABASE: 'marquee',
    COSMOS_PREFERRED_REGIONS: `${own.name},${other.name}`,
    LOG_LEVEL: 'warn',
    ...(fast ? { COSMOS_ENDPOINT_REFRESH_MS: '1000', ...FAST[service] } : {}),
  };
  switch (service) {
    case 'ingest':
      // Active-active: both regions' ingest read both hubs, sharing partitions through the one checkpoint store.
      return {
        ...env,
        ...hubsEnv(shared),
        EVENTHUB_NAMES: shared.regions.map((r) => r.hub).join(','),
        EVENTHUB_CONNECTION_STRING: own.eventHubs,
        STORAGE_CONNECTION_STRING: shared.storage,
        MAX_WAIT_TIME_SECONDS: '1',
      };
    case 'projector':
      // One lease set for both regions: views are written once, by whichever replica holds a lease.
      return { ...env, INSTANCE_NAME: `${region}-projector` };
    case 'cache-sync':
      // Each region fills its own Redis from the whole catalog feed: its own processor name, so its own leases.
      return {
        ...env,
        INSTANCE_NAME: `${region}-cache-sync`,
        PROCESSOR_NAME: `cache-sync-${region}`,
        REDIS_URL: own.redis,
      };
    case 'api':
      return { ...env, REDIS_URL: own.redis, HOST: '127.0.0.1', OPS_PORT: '0' };
  }
}
