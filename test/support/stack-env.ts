import type { LocalStack } from '@marquee/local-stack';

/** The environment a service needs to reach a private local stack (tests use free ports). */
export function stackEnv(stack: LocalStack, database = 'marquee'): Record<string, string> {
  return {
    EVENTHUB_CONNECTION_STRING: stack.connections.eventHubs,
    STORAGE_CONNECTION_STRING: stack.connections.storage,
    COSMOS_CONNECTION_STRING: stack.connections.cosmos,
    COSMOS_DATABASE: database,
    REDIS_URL: stack.connections.redis,
  };
}
