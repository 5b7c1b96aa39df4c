// A projector that keeps each movie's last view time up to date from the `events` container's change feed.
// Run several copies with different instance names: they share the ranges between them.
import { hostname } from 'node:os';
import { CosmosClient } from '@azure/cosmos';
import { pino } from 'pino';
import {
  ChangeFeedProcessorBuilder,
  ensureLeaseContainer,
  type ChangeFeedObserver,
} from '@marquee/change-feed-processor';

interface ViewEvent {
  id: string;
  movieId: string;
  kind: 'viewed';
}

const logger = pino({ name: 'projector' });
const client = new CosmosClient({
  endpoint: process.env.COSMOS_ENDPOINT ?? 'http://127.0.0.1:8081/',
  key:
    process.env.COSMOS_KEY ??
    'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
  connectionPolicy: { enableEndpointDiscovery: false },
});
const database = client.database('marquee');
const events = database.container('events');
const leases = await ensureLeaseContainer(database, 'leases');
const lastViews = database.container('last-views');

// Metrics go wherever the application wants them; here, a log line per batch.
const metrics: ChangeFeedObserver = {
  batchProcessed: (e) =>
    logger.debug({ lease: e.leaseToken, items: e.items, ms: e.handlerMs, lag: e.lag }, 'batch'),
  handlerFailed: (e) => logger.warn({ lease: e.leaseToken, attempt: e.attempt }, 'handler failed; retrying'),
};

const processor = new ChangeFeedProcessorBuilder<ViewEvent>()
  .monitoredContainer(events)
  .leaseContainer(leases)
  .processorName('last-views')
  .instanceName(`${hostname()}:${process.pid}`)
  .options({ startFrom: 'beginning', maxItemCount: 500, pollIntervalMs: 500, logger, metrics })
  .handler(async (changes, context) => {
    // Delivery is at-least-once: after a crash or a lost lease the same batch (same lease token, same LSN
    // span) can come again. Upserting the latest state per movie is idempotent, so that does no harm.
    for (const change of changes) {
      if (context.signal.aborted) throw new Error('stopping'); // not checkpointed: the batch comes again
      await lastViews.items.upsert({ id: change.movieId, lastViewedAt: change._ts, sourceLsn: change._lsn });
    }
    context.logger.debug({ items: changes.length, lsn: context.lsn }, 'projected');
  })
  .build();

await processor.start();
logger.info(processor.getStatus(), 'projector running');
const stop = (): void => {
  void processor.stop().then(() => client.dispose());
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
