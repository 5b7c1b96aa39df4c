// The step docs/regional-resilience.md names after a Geo-DR alias failover: the paired namespace's partitions start
// again at sequence number 0, so every checkpoint of that hub is ahead of its data and would skip new events.
// Deleting them makes ingest start from the earliest event of the new namespace (START_POSITION=earliest).
import { BlobServiceClient } from '@azure/storage-blob';

/** Deletes the checkpoints (not the ownership records) of one hub, every consumer group; returns how many. */
export async function deleteHubCheckpoints(storage: string, container: string, hub: string): Promise<number> {
  const blobs = BlobServiceClient.fromConnectionString(storage).getContainerClient(container);
  // `<namespace>/<hub>/<consumer group>/checkpoint/<partition>`, lower case (@azure/eventhubs-checkpointstore-blob).
  const ofHub = (name: string): boolean => {
    const parts = name.split('/');
    return parts[1] === hub.toLowerCase() && parts[3] === 'checkpoint';
  };
  let deleted = 0;
  for await (const blob of blobs.listBlobsFlat()) {
    if (!ofHub(blob.name)) continue;
    await blobs.deleteBlob(blob.name);
    deleted++;
  }
  return deleted;
}
