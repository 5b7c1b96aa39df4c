// What datagen reads from the environment: where Event Hubs is (per hub, when hubs live in one namespace per
// region), and the log level.
import { eventHubAddressOf, LOCAL_STACK, LOG_LEVELS, loadConfig } from '@marquee/platform';
import type { Env, LogLevel, ResourceAddress } from '@marquee/platform';

export interface DatagenEnv {
  eventHubs: ResourceAddress;
  /** Each hub to send to, with its namespace's address. */
  hubs: { name: string; address: ResourceAddress }[];
  logLevel: LogLevel;
}

export function loadDatagenEnv(env: Env, hubNames: readonly string[] = []): DatagenEnv {
  return loadConfig(env, (e) => {
    const eventHubs = e.either(
      'EVENTHUB_CONNECTION_STRING',
      'EVENTHUB_FQDN',
      LOCAL_STACK.eventHubsConnectionString,
    );
    return {
      eventHubs,
      hubs: hubNames.map((name) => ({ name, address: eventHubAddressOf(e, name, eventHubs) })),
      logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    };
  });
}
