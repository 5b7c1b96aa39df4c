export {
  startLocalStack,
  DEFAULT_PORTS,
  type LocalStack,
  type LocalStackOptions,
  type StackConnections,
  type StackPorts,
} from './local-stack.ts';
export { ChildService, type ChildServiceSpec, type UnexpectedExit } from './child-service.ts';
export { freePort, isListening, waitForPort } from './ports.ts';
export { packageStartFlags, serviceStartFlags } from './service-flags.ts';
export { storageConnectionString, redisUrl, AZURITE_ACCOUNT, AZURITE_KEY } from './connection-strings.ts';
// In-process Cosmos emulator for drills that need its region switches (tests hold it beside a stack).
export { startCosmosEmulator, type RunningCosmosEmulator } from '@marquee/cosmos-emulator';
// The parts one by one, for a stack laid out otherwise (the regional drill: a namespace per region, Cosmos in two
// regions, a Redis per region).
export { azuriteSpec, cosmosSpec, eventHubsSpec, redisSpec } from './services.ts';
export { emulatorConnectionString } from '@marquee/eventhubs-emulator';
export { EMULATOR_KEY } from '@marquee/cosmos-emulator';
