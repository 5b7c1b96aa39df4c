// Movie titles from seeded word lists. Each pattern is a function of the PRNG, so the same seed always
// yields the same titles in the same order.
import type { Rng } from '../random/index.ts';
import { pick } from '../random/index.ts';
import { ADJECTIVES, NAMES, NOUNS, PLACES } from './title-words.ts';

const PATTERNS: readonly ((rng: Rng) => string)[] = [
  (rng) => `The ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)}`,
  (rng) => `${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)}`,
  (rng) => `${pick(rng, NOUNS)} of ${pick(rng, PLACES)}`,
  (rng) => `The ${pick(rng, NOUNS)} of ${pick(rng, PLACES)}`,
  (rng) => `Return to ${pick(rng, PLACES)}`,
  (rng) => `${pick(rng, NAMES)} and the ${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)}`,
  (rng) => `${pick(rng, NAMES)}'s ${pick(rng, NOUNS)}`,
  (rng) => `Beyond the ${pick(rng, NOUNS)}`,
  (rng) => `${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)} II`,
];

/** `count` distinct titles; a title already taken is simply drawn again. */
export function generateTitles(rng: Rng, count: number): string[] {
  const titles = new Set<string>();
  // The word lists allow well over 100,000 titles, so the retry loop ends quickly for a few hundred.
  while (titles.size < count) titles.add(pick(rng, PATTERNS)(rng));
  return [...titles];
}
