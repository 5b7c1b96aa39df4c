// `pnpm drill region [options]`: runs the regional drill (drill.ts) and prints its verdict. Exit code 0 when the
// views were exact and the RPO is what the chosen option promises, 1 otherwise, 2 for bad options.
import { DRILL_HELP, parseDrillArgs } from './options.ts';

const parsed = parseDrillArgs(process.argv.slice(2));
if (parsed.kind === 'help') {
  process.stdout.write(DRILL_HELP);
} else if (parsed.kind === 'error') {
  process.stderr.write(`drill: ${parsed.problems.join('\n  ')}\n\n${DRILL_HELP}`);
  process.exitCode = 2;
} else {
  const { runRegionDrill } = await import('./drill.ts');
  const { drillPassed, formatReport } = await import('./report.ts');
  const started = performance.now();
  const say = (line: string): void => {
    process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  };
  try {
    const result = await runRegionDrill(parsed.options, say);
    process.stdout.write(`${formatReport(result).join('\n')}\n`);
    process.exitCode = drillPassed(result) ? 0 : 1;
  } catch (err) {
    process.stderr.write(`drill failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
