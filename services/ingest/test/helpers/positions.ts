// Where ingest stands, read as an operator would, through the official SDKs: the checkpoints BlobCheckpointStore
// keeps per partition, and the last position stored in `events` per partition (each event records its source).
import type { Container } from '@azure/cosmos';
import { EventHubConsumerClient } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { ContainerClient } from '@azure/storage-blob';
import type { LocalStack } from '@marquee/test-support';

/** Each partition's checkpointed sequence number (-1: no checkpoint yet), in the `checkpoints` container. */
export async function checkpointsOf(stack: LocalStack, hub = 'orders'): Promise<Map<string, number>> {
  const consumer = new EventHubConsumerClient('$Default', stack.connections.eventHubs, hub);
  try {
    const blobs = new ContainerClient(stack.connections.storage, 'checkpoints');
    // Ingest creates the container when it first starts.
    const written = (await blobs.exists())
      ? await new BlobCheckpointStore(blobs).listCheckpoints(
          consumer.fullyQualifiedNamespace,
          hub,
          '$Default',
        )
      : [];
    const byPartition = new Map(written.map((c) => [c.partitionId, c.sequenceNumber]));
    const partitionIds = await consumer.getPartitionIds();
    return new Map(partitionIds.map((id) => [id, byPartition.get(id) ?? -1]));
  } finally {
    await consumer.close();
  }
}

/** Each partition's last sequence number stored in `events` from the hub ingest reads unnamed (-1: none). */
export async function storedHeadsOf(
  events: Container,
  partitionIds: readonly string[],
): Promise<Map<string, number>> {
  const heads = await Promise.all(
    partitionIds.map(async (id) => {
      const query = {
        query:
          'SELECT VALUE MAX(c.source.sequenceNumber) FROM c WHERE c.source.partitionId = @p AND NOT IS_DEFINED(c.source.eventHub)',
        parameters: [{ name: '@p', value: id }],
      };
      const { resources } = await events.items.query<number>(query).fetchAll();
      return [id, resources[0] ?? -1] as const;
    }),
  );
  return new Map(heads);
}
