// What datagen reads from the environment: where Event Hubs is, and the log level.
import { LOCAL_STACK, LOG_LEVELS, loadConfig } from '@marquee/platform';
import type { Env, LogLevel, ResourceAddress } from '@marquee/platform';

export interface DatagenEnv {
  eventHubs: ResourceAddress;
  logLevel: LogLevel;
}

export function loadDatagenEnv(env: Env): DatagenEnv {
  return loadConfig(env, (e) => ({
    eventHubs: e.either('EVENTHUB_CONNECTION_STRING', 'EVENTHUB_FQDN', LOCAL_STACK.eventHubsConnectionString),
    logLevel: e.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  }));
}
