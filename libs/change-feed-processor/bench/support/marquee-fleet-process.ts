// Marquee's processor as a process with the command line and output of interop/dotnet/ChangeFeedFleet, so the
// side-by-side benchmark drives both the same way: `--name value` pairs in, JSON lines out ("started", "batch"
// with count and the writers' `sentAt` stamps, "stopped").
import { parseArgs } from 'node:util';
import { CosmosClient } from '@azure/cosmos';
import { pino } from 'pino';
import { ChangeFeedProcessorBuilder } from '../../src/index.ts';

const { values: v } = parseArgs({
  options: Object.fromEntries(
    ['endpoint', 'key', 'database', 'monitored', 'leases', 'processor', 'instance']
      .concat(['renew-ms', 'acquire-ms', 'expiry-ms', 'poll-ms', 'max-items', 'start', 'output'])
      .map((name) => [name, { type: 'string' as const }]),
  ),
});
const say = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);
const client = new CosmosClient({
  endpoint: v.endpoint!,
  key: v.key!,
  connectionPolicy: { enableEndpointDiscovery: false },
});
const database = client.database(v.database ?? 'marquee');
const processor = new ChangeFeedProcessorBuilder<{ sentAt?: number }>()
  .monitoredContainer(database.container(v.monitored ?? 'events'))
  .leaseContainer(database.container(v.leases ?? 'leases'))
  .processorName(v.processor ?? 'fleet')
  .instanceName(v.instance ?? `marquee:${process.pid}`)
  .options({
    startFrom: v.start === 'now' ? 'now' : 'beginning',
    maxItemCount: Number(v['max-items'] ?? 100),
    pollIntervalMs: Number(v['poll-ms'] ?? 1000),
    leaseRenewIntervalMs: Number(v['renew-ms'] ?? 17_000),
    leaseExpirationMs: Number(v['expiry-ms'] ?? 60_000),
    leaseAcquireIntervalMs: Number(v['acquire-ms'] ?? 13_000),
    logger: pino({ level: 'silent' }),
  })
  .handler(async (changes, context) => {
    const at = Date.now();
    const sentAt = changes.flatMap((c) => (typeof c.sentAt === 'number' ? [c.sentAt] : []));
    say({ event: 'batch', lease: context.leaseToken, count: changes.length, sentAt, at });
  })
  .build();
await processor.start();
say({ event: 'started', at: Date.now() });
const stop = (): void => {
  void processor.stop().then(() => {
    say({ event: 'stopped', at: Date.now() });
    client.dispose();
    process.exit(0); // stdin is still open
  });
};
process.once('SIGTERM', stop);
process.stdin.resume().once('end', stop);
