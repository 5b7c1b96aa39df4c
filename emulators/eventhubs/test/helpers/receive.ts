// Collects events from one partition through EventHubConsumerClient.subscribe until `count` have arrived.
import type { EventHubConsumerClient, ReceivedEventData, SubscribeOptions } from '@azure/event-hubs';

export async function receiveEvents(
  consumer: EventHubConsumerClient,
  partitionId: string,
  count: number,
  options: SubscribeOptions & { timeoutMs?: number } = {},
): Promise<ReceivedEventData[]> {
  const received: ReceivedEventData[] = [];
  const { timeoutMs = 15_000, ...subscribeOptions } = options;
  let subscription: { close(): Promise<void> } | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`received ${received.length} of ${count} events from partition ${partitionId}`)),
        timeoutMs,
      );
      subscription = consumer.subscribe(
        partitionId,
        {
          processEvents: async (events) => {
            received.push(...events);
            if (received.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
          processError: async (err) => {
            clearTimeout(timer);
            reject(err);
          },
        },
        { maxWaitTimeInSeconds: 0.2, maxBatchSize: 100, ...subscribeOptions },
      );
    });
  } finally {
    await subscription?.close();
  }
  return received;
}
