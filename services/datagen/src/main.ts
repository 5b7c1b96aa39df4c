// Entry point of datagen (`node src/main.ts [options]`, `pnpm datagen -- [options]`, the container's ENTRYPOINT).
// Options first, with only light imports, so --help and option errors answer at once; the run (and the Azure
// SDKs, which take a second to load) comes in after. Exit codes: 0 done or stopped by a signal, 1 sending
// failed, 2 bad options or configuration, 130 a second signal.
import { randomInt } from 'node:crypto';
import { MAX_SEED } from './generate/index.ts';
import { helpText, parseCli } from './cli/options.ts';

const parsed = parseCli(process.argv.slice(2), process.env, () => randomInt(MAX_SEED + 1));
if (parsed.kind === 'help') {
  process.stdout.write(helpText());
} else if (parsed.kind === 'error') {
  process.stderr.write(`datagen: ${parsed.problems.join('\n  ')}\nRun with --help for the options.\n`);
  process.exitCode = 2;
} else {
  const { runDatagen } = await import('./cli/run.ts');
  process.exitCode = await runDatagen(parsed.options);
}
