// Test helpers: an Event Hubs emulator on a free port, and a reader that drains a hub with the official SDK.
import { earliestEventPosition, EventHubConsumerClient } from '@azure/event-hubs';
import { startEventHubsEmulator } from '@marquee/eventhubs-emulator';
import type { RunningEventHubsEmulator } from '@marquee/eventhubs-emulator';
import pino from 'pino';

export function startEmulator(hubs: string[]): Promise<RunningEventHubsEmulator> {
  return startEventHubsEmulator({
    port: 0,
    hubs: hubs.map((name) => ({ name, partitionCount: 4 })),
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
  });
}

export interface ReceivedEvent {
  partitionId: string;
  partitionKey: string | null | undefined;
  contentType: string | undefined;
  body: Buffer;
  properties: Record<string, unknown> | undefined;
}

/** Reads every partition of `hub` from the start until `expected` events arrived (or the time is up). */
export async function readHub(
  connectionString: string,
  hub: string,
  expected: number,
  timeoutMs = 20_000,
): Promise<ReceivedEvent[]> {
  const client = new EventHubConsumerClient('$Default', connectionString, hub);
  const received: ReceivedEvent[] = [];
  const errors: Error[] = [];
  try {
    const partitionIds = await client.getPartitionIds();
    let done: () => void = () => {};
    const enough = new Promise<void>((resolve) => (done = resolve));
    const subscriptions = partitionIds.map((partitionId) =>
      client.subscribe(
        partitionId,
        {
          processEvents: async (events) => {
            for (const event of events) {
              received.push({
                partitionId,
                partitionKey: event.partitionKey,
                contentType: event.contentType,
                body: Buffer.from(event.body as Uint8Array),
                properties: event.properties,
              });
            }
            if (received.length >= expected) done();
          },
          processError: async (err) => void errors.push(err),
        },
        {
          startPosition: earliestEventPosition,
          skipParsingBodyAsJson: true,
          maxBatchSize: 1_000,
          maxWaitTimeInSeconds: 1,
        },
      ),
    );
    const timer = setTimeout(done, timeoutMs);
    await enough;
    clearTimeout(timer);
    // A moment longer, so a test also sees events beyond the expected count if there are any.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(subscriptions.map((s) => s.close()));
  } finally {
    await client.close();
  }
  const [firstError] = errors;
  if (received.length < expected && firstError !== undefined) throw firstError;
  return received;
}
