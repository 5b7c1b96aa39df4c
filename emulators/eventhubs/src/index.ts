export type { EventHubsEmulatorOptions, HubConfig, RetentionConfig } from './config.ts';
export { DEFAULT_CONSUMER_GROUP, DEFAULT_HUBS, hubsFromJson } from './config.ts';
export { loadHubsFile } from './configFile.ts';
export { emulatorConnectionString } from './connectionString.ts';
export { startEventHubsEmulator, type RunningEventHubsEmulator } from './emulator.ts';
export { partitionForKey } from './log/index.ts';
