export {
  startLocalStack,
  DEFAULT_PORTS,
  type LocalStack,
  type LocalStackOptions,
  type StackConnections,
  type StackPorts,
} from './local-stack.ts';
export { ChildService, type ChildServiceSpec } from './child-service.ts';
export { freePort, isListening, waitForPort } from './ports.ts';
export { storageConnectionString, redisUrl, AZURITE_ACCOUNT, AZURITE_KEY } from './connection-strings.ts';
// In-process Cosmos emulator for drills that need its region switches (tests hold it beside a stack).
export { startCosmosEmulator, type RunningCosmosEmulator } from '@marquee/cosmos-emulator';
