import pino, { type Logger } from 'pino';
import { emulatorConnectionString } from '@marquee/eventhubs-emulator';
import { EMULATOR_KEY } from '@marquee/cosmos-emulator';
import { ChildService, type ChildServiceSpec, type UnexpectedExit } from './child-service.ts';
import { freePort, isListening } from './ports.ts';
import { redisUrl, storageConnectionString } from './connection-strings.ts';
import { azuriteSpec, cosmosSpec, eventHubsSpec, redisSpec } from './services.ts';

export interface StackPorts {
  eventHubs: number;
  cosmos: number;
  blob: number;
  redis: number;
}

/** The ports `pnpm stack` uses: the same as Microsoft's emulators and Azurite, so tools find them. */
export const DEFAULT_PORTS: StackPorts = { eventHubs: 5672, cosmos: 8081, blob: 10000, redis: 6379 };

export interface LocalStackOptions {
  /** `'free'` picks unused ports (tests); default: DEFAULT_PORTS. */
  ports?: Partial<StackPorts> | 'free';
  /** Keep data across restarts under this folder; in memory when absent. */
  dataDir?: string;
  /** A JSON hub config for the Event Hubs emulator (default: hub `orders`, 4 partitions). */
  eventHubsConfigFile?: string;
  cosmosPartitions?: number;
  /** Reuse a Redis that already listens on the port instead of failing (the demo's choice). */
  reuseRunningRedis?: boolean;
  /** NODE_OPTIONS for an emulator's process only (benchmarks profile them with `--cpu-prof`). */
  nodeOptions?: { cosmos?: string; eventhubs?: string };
  /** Told when a part of the stack dies on its own after its start (the demo stops then, saying which). */
  onUnexpectedExit?: (exit: UnexpectedExit) => void;
  logger?: Logger;
}

export interface StackConnections {
  eventHubs: string;
  storage: string;
  cosmos: string;
  redis: string;
}

export interface LocalStack {
  ports: StackPorts;
  connections: StackConnections;
  /** The children, by name, so a test can kill one (e.g. Redis) and start it again. */
  services: Map<string, ChildService>;
  restart(name: 'eventhubs' | 'cosmos' | 'azurite' | 'redis'): Promise<void>;
  stop(): Promise<void>;
}

async function resolvePorts(ports: LocalStackOptions['ports']): Promise<StackPorts> {
  if (ports === 'free') {
    return {
      eventHubs: await freePort(),
      cosmos: await freePort(),
      blob: await freePort(),
      redis: await freePort(),
    };
  }
  return { ...DEFAULT_PORTS, ...ports };
}

/** Starts every part of the local Azure stack as a child process and returns its connection strings. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const ports = await resolvePorts(options.ports);
  const withNodeOptions = (spec: ChildServiceSpec, value: string | undefined): ChildServiceSpec =>
    value === undefined ? spec : { ...spec, env: { ...spec.env, NODE_OPTIONS: value } };
  const onUnexpectedExit = options.onUnexpectedExit;
  const specs = new Map<string, ChildServiceSpec>([
    [
      'eventhubs',
      withNodeOptions(
        eventHubsSpec(ports.eventHubs, options.dataDir, options.eventHubsConfigFile),
        options.nodeOptions?.eventhubs,
      ),
    ],
    [
      'cosmos',
      withNodeOptions(
        cosmosSpec(ports.cosmos, options.cosmosPartitions ?? 4, options.dataDir),
        options.nodeOptions?.cosmos,
      ),
    ],
    ['azurite', azuriteSpec(ports.blob, options.dataDir)],
  ]);
  const redisRunning = options.reuseRunningRedis === true && (await isListening(ports.redis));
  if (redisRunning) logger.info({ port: ports.redis }, 'redis already listens; reusing it');
  else specs.set('redis', redisSpec(ports.redis));

  if (onUnexpectedExit) for (const [name, spec] of specs) specs.set(name, { ...spec, onUnexpectedExit });

  const byPort = new Map<number, string>();
  for (const [name, spec] of specs) {
    const other = byPort.get(spec.port);
    if (other !== undefined) throw new Error(`${other} and ${name} were both given port ${spec.port}`);
    byPort.set(spec.port, name);
  }
  for (const [name, spec] of specs) {
    if (await isListening(spec.port)) {
      throw new Error(
        `${name}: port ${spec.port} is already in use; stop what holds it or choose another port`,
      );
    }
  }

  const services = new Map<string, ChildService>();
  const stopAll = async (): Promise<void> => {
    await Promise.all([...services.values()].map((s) => s.stop()));
  };
  const results = await Promise.allSettled(
    [...specs.values()].map(async (spec) => services.set(spec.name, await ChildService.start(spec, logger))),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stopAll();
    throw failure.reason;
  }

  return {
    ports,
    connections: {
      eventHubs: emulatorConnectionString(ports.eventHubs, 'localhost'),
      storage: storageConnectionString(ports.blob),
      cosmos: `AccountEndpoint=http://127.0.0.1:${ports.cosmos}/;AccountKey=${EMULATOR_KEY};`,
      redis: redisUrl(ports.redis),
    },
    services,
    async restart(name) {
      const spec = specs.get(name);
      if (!spec) throw new Error(`${name} is not managed by this stack`);
      await services.get(name)?.stop();
      services.set(name, await ChildService.start(spec, logger));
    },
    stop: stopAll,
  };
}
