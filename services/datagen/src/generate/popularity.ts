// Which movies sell: a Zipf law over a fixed popularity ranking. The ranking is a shuffle of the catalog with a
// constant seed, so the same titles are the hits in every run (whatever --seed), like a real storefront whose
// top ten changes slowly; --seed only changes which copies of them are bought when.
import { mulberry32, shuffle, zipfSampler } from '@marquee/domain';
import type { MovieDoc, Rng } from '@marquee/domain';

/** Popularity exponent: rank k sells ∝ 1/(k+1)^1.1. */
export const ZIPF_EXPONENT = 1.1;
const RANKING_SEED = 0x506f7055; // "PopU"

export type CatalogMovie = Pick<MovieDoc, 'movieId' | 'unitPrice'>;

/** Movies from most to least popular. */
export function popularityRanking<T extends CatalogMovie>(movies: readonly T[]): T[] {
  const byId = [...movies].sort((a, b) => a.movieId - b.movieId);
  return shuffle(mulberry32(RANKING_SEED), byId);
}

/** Draws one movie per call, the popular ones far more often than the tail. */
export function moviePicker<T extends CatalogMovie>(movies: readonly T[], rng: Rng): () => T {
  if (movies.length === 0) throw new RangeError('the catalog has no movies');
  const ranking = popularityRanking(movies);
  const rank = zipfSampler(ranking.length, ZIPF_EXPONENT, rng);
  return () => ranking[rank()] as T;
}
