// Worker thread for bench/soak.ts: reads one partition from its start through its own connection with a large
// prefetch (the SDK grants that much credit up front), posting `{ read }` every 10,000 events and `{ done }`
// at the end of what the partition held when it started. Its decoding runs here, off the thread that times
// the live traffic.
import { parentPort, workerData } from 'node:worker_threads';
import { EventHubConsumerClient, earliestEventPosition } from '@azure/event-hubs';

const { connectionString, hub, partitionId, until } = workerData as {
  connectionString: string;
  hub: string;
  partitionId: string;
  until: number;
};
const consumer = new EventHubConsumerClient('$Default', connectionString, hub);
let read = 0;
await new Promise<void>((resolve) => {
  const subscription = consumer.subscribe(
    partitionId,
    {
      processEvents: async (events) => {
        const before = read;
        read += events.length;
        if (Math.floor(read / 10_000) > Math.floor(before / 10_000)) parentPort?.postMessage({ read });
        if ((events.at(-1)?.sequenceNumber ?? -1) >= until) {
          await subscription.close();
          resolve();
        }
      },
      processError: async () => undefined,
    },
    { startPosition: earliestEventPosition, maxBatchSize: 1_000, prefetchCount: 20_000 },
  );
});
await consumer.close();
parentPort?.postMessage({ done: read });
