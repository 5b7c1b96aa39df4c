// Which movies an event is about, whatever its family: the lines of an order, the movie of a click.
import type { TelemetryEvent } from '../events/telemetry-event.ts';

/** The distinct movie ids of an event, in first-seen order. */
export function movieIdsOf(event: TelemetryEvent): number[] {
  if (event.type === 'OrderPlaced') return [...new Set(event.data.Details.map((line) => line.ProductId))];
  return [event.data.movieId];
}

/** The distinct movie ids of a batch of events. */
export function movieIdsOfAll(events: Iterable<TelemetryEvent>): Set<number> {
  const ids = new Set<number>();
  for (const event of events) for (const id of movieIdsOf(event)) ids.add(id);
  return ids;
}
