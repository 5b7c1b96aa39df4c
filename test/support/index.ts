export { ServiceProcess, startFlags, type ServiceProcessOptions } from './service-process.ts';
export { stackEnv } from './stack-env.ts';
export { startReady, startWorker, type Worker } from './worker.ts';
export { startLocalStack, freePort, type LocalStack, type LocalStackOptions } from '@marquee/local-stack';
export { eventually } from './eventually.ts';
export { metricTotal } from './metrics.ts';
export { SseReader, type SseEvent } from './sse-reader.ts';
export { cpuSeconds } from './process-stats.ts';
