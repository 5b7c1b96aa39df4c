export type { Rng } from './prng.ts';
export { mulberry32, pick, randomInt, shuffle } from './prng.ts';
export { zipfProbabilities, zipfSampler } from './zipf.ts';
