// Writes items at a steady rate from its own process (as an application would), each stamped with `sentAt`.
// `node writer-process.ts <endpoint> <prefix> <perSecond> <seconds> <batch>`: batch 1 = one create per item,
// batch n > 1 = bulk requests of n items; an optional sixth argument names the database (default `bench`). Prints a JSON summary line (writes, acknowledgement times) when done.
import { BulkOperationType, CosmosClient } from '@azure/cosmos';

const [endpoint, prefix, perSecondArg, secondsArg, batchArg, databaseArg] = process.argv.slice(2);
if (endpoint === undefined || prefix === undefined)
  throw new Error('usage: <endpoint> <prefix> <perSecond> <seconds> <batch>');
const perSecond = Number(perSecondArg ?? '1000');
const seconds = Number(secondsArg ?? '10');
const batch = Number(batchArg ?? '1');
const key = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';
const client = new CosmosClient({ endpoint, key, connectionPolicy: { enableEndpointDiscovery: false } });
const container = client.database(databaseArg ?? 'bench').container('events');

const ackMs: number[] = [];
const pending = new Set<Promise<unknown>>();
let written = 0;
let failed = 0;

function send(ids: string[]): void {
  const sentAt = Date.now();
  const done = (): void => {
    for (let i = 0; i < ids.length; i += 1) ackMs.push(Date.now() - sentAt);
  };
  const p =
    ids.length === 1
      ? container.items.create({ id: ids[0], pk: ids[0], sentAt }).then(done)
      : container.items
          .bulk(
            ids.map((id) => ({
              operationType: BulkOperationType.Create,
              resourceBody: { id, pk: id, sentAt },
            })),
          )
          .then((results) => {
            failed += results.filter((r) => r.statusCode >= 300).length;
            done();
          });
  const tracked = p.catch(() => (failed += ids.length));
  pending.add(tracked);
  void tracked.finally(() => pending.delete(tracked));
}

const begin = Date.now();
const until = begin + seconds * 1000;
while (Date.now() < until) {
  const due = Math.floor(((Date.now() - begin) / 1000) * perSecond);
  while (written + batch <= due) {
    send(Array.from({ length: batch }, (_, i) => `${prefix}-${written + i}`));
    written += batch;
  }
  await new Promise((r) => setTimeout(r, 1));
}
await Promise.all(pending);
ackMs.sort((a, b) => a - b);
const at = (q: number): number => ackMs[Math.min(ackMs.length - 1, Math.floor(q * ackMs.length))] ?? NaN;
process.stdout.write(`${JSON.stringify({ written, failed, ackP50: at(0.5), ackP99: at(0.99) })}\n`);
client.dispose();
