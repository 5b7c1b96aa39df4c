import { EventHubProducerClient } from '@azure/event-hubs';
import { generateCatalog, orderEventId } from '@marquee/domain';
import { createOrderGenerator, type GeneratedEvent } from '@marquee/datagen';

/** A deterministic mix of valid, duplicate and malformed orders, and what ingest should make of them. */
export function generateEvents(count: number, seed: number, ratios = { invalid: 0.01, duplicate: 0.01 }) {
  const start = Date.parse('2026-11-20T00:00:00Z');
  let tick = 0;
  const generator = createOrderGenerator({
    seed,
    catalog: generateCatalog(),
    now: () => new Date(start + tick++ * 1000),
    invalidRatio: ratios.invalid,
    duplicateRatio: ratios.duplicate,
  });
  const events: GeneratedEvent[] = Array.from({ length: count }, () => generator.next());
  const uniqueIds = new Set(events.filter((e) => e.order !== undefined).map((e) => orderEventId(e.order!)));
  const invalid = events.filter((e) => e.kind.startsWith('invalid')).length;
  const duplicates = events.filter((e) => e.kind === 'duplicate').length;
  return { events, uniqueIds, invalid, duplicates };
}

/** Sends events round robin in batches, as fast as the hub takes them. */
export async function sendEvents(
  connectionString: string,
  events: readonly GeneratedEvent[],
  hub = 'orders',
): Promise<void> {
  const producer = new EventHubProducerClient(connectionString, hub);
  try {
    let batch = await producer.createBatch();
    for (const event of events) {
      if (!batch.tryAdd({ body: event.body })) {
        await producer.sendBatch(batch);
        batch = await producer.createBatch();
        if (!batch.tryAdd({ body: event.body }))
          throw new Error(`event ${event.seq} does not fit in a batch`);
      }
    }
    if (batch.count > 0) await producer.sendBatch(batch);
  } finally {
    await producer.close();
  }
}
