// The node flags a Marquee service's package start script runs it with (`node --max-semi-space-size=16
// src/main.ts`). Heap settings are part of how a service ships, so every other way of starting it (the demo,
// tests, benchmarks) reads them from there instead of repeating them.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const START_SCRIPT = /^node((?: --[\w-]+(?:=\S+)?)*) src\/main\.ts$/;

/** The flags of `services/<service>/package.json`'s start script; none when it has none or is not `node … src/main.ts`. */
export function serviceStartFlags(repoRoot: string, service: string): string[] {
  try {
    const file = path.join(repoRoot, 'services', service, 'package.json');
    const start = (JSON.parse(readFileSync(file, 'utf8')) as { scripts?: { start?: string } }).scripts?.start;
    return (START_SCRIPT.exec(start ?? '')?.[1] ?? '').split(' ').filter(Boolean);
  } catch {
    return [];
  }
}
