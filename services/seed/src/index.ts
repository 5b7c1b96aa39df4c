export { seed, type SeedResult } from './seed.ts';
