// @marquee/datagen: a pure generator of Contoso orders and a paced Event Hubs sender, for the CLI (main.ts),
// tests and benchmarks.
export * from './generate/index.ts';
export * from './send/index.ts';
export type { CliOptions, CliParse } from './cli/index.ts';
export { formatDuration, helpText, parseCli, parseDuration } from './cli/index.ts';
