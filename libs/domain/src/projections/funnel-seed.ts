// Hours of the funnel, given as counts, turned into the docs that store them: for seeding a store in tests and
// benches with figures chosen by hand (the projector folds events instead).
import type { FunnelCounters } from './funnel.ts';
import { conversionFunnel } from './funnel.ts';
import {
  blockOf,
  funnelBucketOf,
  funnelDayDocId,
  funnelMovieHoursDocId,
  hourOfDay,
  stepsOf,
  type FunnelDoc,
} from './funnel-docs.ts';

export interface FunnelHourCounts {
  /** `YYYY-MM-DDTHH`, UTC. */
  hour: string;
  total: FunnelCounters;
  /** By categoryId (0 = Unknown). */
  categories?: Readonly<Record<string, FunnelCounters>>;
  /** By movieId. */
  movies?: Readonly<Record<string, FunnelCounters>>;
}

/** The docs holding these hours: one day doc per UTC day, one movie doc per id range and block of hours. */
export function funnelDocsOf(hours: readonly FunnelHourCounts[]): FunnelDoc[] {
  const docs = new Map<string, FunnelDoc>();
  const add = (doc: FunnelDoc) => {
    const held = docs.get(doc.id);
    docs.set(doc.id, held === undefined ? doc : conversionFunnel.merge(held, doc));
  };
  for (const { hour, total, categories = {}, movies = {} } of hours) {
    const hh = hourOfDay(hour);
    const steps = Object.fromEntries(Object.entries(categories).map(([id, c]) => [id, stepsOf(c)]));
    add({
      id: funnelDayDocId(hour),
      kind: 'funnel',
      day: hour.slice(0, 10),
      hours: { [hh]: { total: stepsOf(total), categories: steps } },
    });
    for (const [id, c] of Object.entries(movies)) {
      const [movie, bucket] = [{ [hh]: stepsOf(c) }, funnelBucketOf(Number(id))];
      const docId = funnelMovieHoursDocId(hour, Number(id));
      add({ id: docId, kind: 'funnel', hour: blockOf(hour), bucket, movies: { [id]: movie } });
    }
  }
  return [...docs.values()];
}
