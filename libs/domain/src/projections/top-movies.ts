// Top movies of all time: units, distinct orders and revenue per movie.
import type { StoredEvent } from '../orders/index.ts';
import { orderContribution, noCategories } from './contribution.ts';
import type { SalesCounters } from './counters.ts';
import { addSales, mergeCounters } from './counters.ts';

export interface TopMoviesState {
  /** Keyed by movieId. */
  readonly movies: Readonly<Record<string, SalesCounters>>;
}

export const initialTopMovies: TopMoviesState = Object.freeze({ movies: Object.freeze({}) });

export function evolveTopMovies(state: TopMoviesState, event: StoredEvent): TopMoviesState {
  if (event.type !== 'OrderPlaced') return state;
  const { movies } = orderContribution(event, noCategories);
  return { movies: mergeCounters(state.movies, movies, addSales) };
}
