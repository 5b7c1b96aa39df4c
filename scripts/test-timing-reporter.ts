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

// Printed at the run's last summary (no file), the moment the totals are known.
const isRunSummary = (event: TestEvent): boolean =>
  event.type === 'test:summary' && event.data.file === undefined;

const SHOWN = 12;

export default async function* timingReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const seconds = new Map<string, number>();
  let reported = false;
  for await (const event of source) {
    if (isRunSummary(event) && !reported) {
      reported = true;
      yield report(seconds);
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { nesting, file, details } = event.data;
    if (nesting !== 0 || file === undefined) continue;
    const name = path.relative(process.cwd(), file);
    seconds.set(name, (seconds.get(name) ?? 0) + (details?.duration_ms ?? 0) / 1000);
  }
  if (!reported) yield report(seconds);
}

/** The slowest files as text; writes every file's seconds to TEST_DURATIONS_OUT when set. */
function report(seconds: ReadonlyMap<string, number>): string {
  const slowest = [...seconds].sort((a, b) => b[1] - a[1]);
  const lines = slowest.slice(0, SHOWN).map(([file, s]) => `  ${s.toFixed(1).padStart(6)}  ${file}\n`);
  const text = `\nslowest test files (seconds):\n${lines.join('')}`;
  const out = process.env.TEST_DURATIONS_OUT;
  if (out !== undefined && out !== '') {
    const rounded = Object.fromEntries(slowest.map(([file, s]) => [file, Math.round(s)]));
    writeFileSync(out, `${JSON.stringify(rounded, null, 2)}\n`);
  }
  return text;
}
