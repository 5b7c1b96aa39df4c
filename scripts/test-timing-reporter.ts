// A node:test reporter used beside `spec`: it adds up each test file's top-level test durations (a file's
// root `before` hooks count in its first test) and, when the run ends, prints the slowest files, and writes
// every file's seconds to TEST_DURATIONS_OUT when set. scripts/test.ts starts the slowest files first, so the
// long ones do not end up last, alone on one of the two workers; refresh the list with
// `TEST_DURATIONS_OUT=scripts/test-durations.json pnpm test`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

interface TestEvent {
  type: string;
  data: { nesting?: number; file?: string; details?: { duration_ms?: number } };
}

const SHOWN = 12;

export default async function* timingReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const seconds = new Map<string, number>();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { nesting, file, details } = event.data;
    if (nesting !== 0 || file === undefined) continue;
    const name = path.relative(process.cwd(), file);
    seconds.set(name, (seconds.get(name) ?? 0) + (details?.duration_ms ?? 0) / 1000);
  }
  const slowest = [...seconds].sort((a, b) => b[1] - a[1]);
  yield `\nslowest test files (seconds):\n`;
  for (const [file, s] of slowest.slice(0, SHOWN)) yield `  ${s.toFixed(1).padStart(6)}  ${file}\n`;
  const out = process.env.TEST_DURATIONS_OUT;
  if (out !== undefined && out !== '') {
    const rounded = Object.fromEntries(slowest.map(([file, s]) => [file, Math.round(s)]));
    writeFileSync(out, `${JSON.stringify(rounded, null, 2)}\n`);
  }
}
