// The environment every Marquee node process runs with. A process cannot give itself either setting once it
// runs, so whoever starts node sets them: the image (its ENV, which test/node-env.unit.test.ts keeps equal to
// this), `pnpm start` and `pnpm bench` (which pass them to everything they start). A caller's own values win.
import { compileCacheDir } from './compile-cache.ts';

/** glibc's mmap threshold every process runs with (below). */
export const MALLOC_MMAP_THRESHOLD = 128 * 1024;

export function nodeProcessEnv(): Record<string, string> {
  return {
    // compile-cache.ts: no type stripper loaded, faster starts.
    NODE_COMPILE_CACHE: compileCacheDir(),
    // glibc serves a block of 128 KiB or more with its own mapping, returned to the OS when freed, but by default
    // it raises that threshold to the size of each such block freed (up to 32 MiB): after the first change feed
    // page, the multi-MB response and bulk bodies came from its main heap, which kept them (61 MiB of the
    // projector's peak in a 100k burst). Setting the threshold turns that off, so they stay one mapping each.
    MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? String(MALLOC_MMAP_THRESHOLD),
  };
}
