// The node flags a Marquee service's package start script runs it with (`node --max-semi-space-size=16
// src/main.ts`), or an emulator's (`node … src/cli.ts`). Heap settings are part of how a service ships, so every
// other way of starting it (the demo, tests, benchmarks, the local stack) reads them from there instead of
// repeating them.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const START_SCRIPT = /^node((?: --[\w-]+(?:=\S+)?)*) src\/(?:main|cli)\.ts$/;

/** The flags of `services/<service>/package.json`'s start script; none when it has none or is not `node … src/main.ts`. */
export function serviceStartFlags(repoRoot: string, service: string): string[] {
  return packageStartFlags(path.join(repoRoot, 'services', service));
}

/** The flags of the start script in `<packageDir>/package.json` (`node … src/main.ts` or `src/cli.ts`); else none. */
export function packageStartFlags(packageDir: string): string[] {
  try {
    const file = path.join(packageDir, 'package.json');
    const start = (JSON.parse(readFileSync(file, 'utf8')) as { scripts?: { start?: string } }).scripts?.start;
    return (START_SCRIPT.exec(start ?? '')?.[1] ?? '').split(' ').filter(Boolean);
  } catch {
    return [];
  }
}
