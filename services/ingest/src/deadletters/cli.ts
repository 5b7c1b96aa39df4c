// `pnpm deadletters <command>`: the operator's tool for dead letters: ingest's, and the stored events the
// projector and the exporter set aside. Composition root of a one-shot process: config → clients → one
// command → close.
//   list                                  dead letters grouped by stage and reason, most frequent first
//   show <id>                             one dead letter, its reasons and body
//   replay (--reason <group> | --id <id>) [--dry-run]
//                                         re-validate and append what now passes (see replay.ts)
//   purge --older-than <n>(m|h|d)         delete dead letters (and their body blobs) received before then
import { parseArgs } from 'node:util';
import { reasonGroupOf } from '@marquee/domain';
import {
  CONTAINERS,
  createBlobContainerClient,
  createCosmosClient,
  createLogger,
  loadConfigOrExit,
} from '@marquee/platform';
import { loadIngestConfig } from '../config.ts';
import { appendReplayed, planReplay } from './replay.ts';
import { DeadLetterStore, type ListedDeadLetter } from './store.ts';

const USAGE = `usage: pnpm deadletters list
       pnpm deadletters show <id>
       pnpm deadletters replay (--reason <reason group> | --id <id>) [--dry-run]
       pnpm deadletters purge --older-than <n>(m|h|d)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    reason: { type: 'string' },
    id: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'older-than': { type: 'string' },
  },
});
const [command, argument] = positionals;
const fail = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
};

const config = loadConfigOrExit('deadletters', () => loadIngestConfig(process.env));
const logger = createLogger('deadletters', 'warn');
const cosmos = createCosmosClient(config.cosmos, 'marquee-deadletters');
const database = cosmos.database(config.cosmosDatabase);
const store = new DeadLetterStore(
  database.container(CONTAINERS.deadletters.id),
  createBlobContainerClient(config.storage, config.deadLetterBodiesContainer),
);
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const groupOf = (letter: ListedDeadLetter): string => letter.reasonGroup ?? reasonGroupOf(letter.reasons);

async function list(): Promise<void> {
  // Ingest's records carry no stage; the projector's and the exporter's say who set the event aside.
  const groups = new Map<
    string,
    { stage: string; reason: string; pending: number; replayed: number; last: string }
  >();
  for (const letter of await store.list()) {
    const [stage, reason] = [letter.stage ?? 'ingest', groupOf(letter)];
    const key = `${stage}\u0000${reason}`;
    const group = groups.get(key) ?? { stage, reason, pending: 0, replayed: 0, last: '' };
    if (letter.replayed) group.replayed++;
    else group.pending++;
    if (letter.receivedAt > group.last) group.last = letter.receivedAt;
    groups.set(key, group);
  }
  const rows = [...groups.values()].sort((a, b) => b.pending + b.replayed - (a.pending + a.replayed));
  print('stage      pending  replayed  last received             reason');
  for (const g of rows)
    print(
      `${g.stage.padEnd(9)}  ${String(g.pending).padStart(7)}  ${String(g.replayed).padStart(8)}  ${g.last.padEnd(24)}  ${g.reason}`,
    );
  if (rows.length === 0) print('(no dead letters)');
}

async function show(id: string): Promise<void> {
  const letter = (await store.get(id)) ?? fail(`no dead letter ${id}`);
  const body = await store.body(letter);
  const { rawText: _t, rawBase64: _b, ...record } = letter;
  print(JSON.stringify(record, null, 2));
  if (body === undefined) print(`body: not kept (${letter.rawDropped ?? 'none'})`);
  else if (typeof body === 'string') print(`body (${body.length} characters):\n${body.slice(0, 4_000)}`);
  else print(`body (${body.length} bytes, not UTF-8), base64:\n${body.toString('base64').slice(0, 4_000)}`);
}

async function replay(): Promise<void> {
  if ((values.reason === undefined) === (values.id === undefined)) fail('replay needs --reason or --id');
  const chosen = (await store.list()).filter((l) =>
    values.id !== undefined ? l.id === values.id : groupOf(l) === values.reason,
  );
  const tally = new Map<string, number>();
  for (const listed of chosen) {
    const letter = (await store.get(listed.id)) ?? fail(`dead letter ${listed.id} vanished`);
    if (listed.stage !== undefined) {
      // Set aside after it was stored: the event is in `events` already, there is nothing to append.
      print(`${letter.id}: not replayable: set aside by the ${listed.stage}, the event is stored`);
      tally.set('not replayable', (tally.get('not replayable') ?? 0) + 1);
      continue;
    }
    const plan = planReplay(letter, await store.body(letter));
    let kind: string;
    let detail: string;
    if (!plan.ok) [kind, detail] = ['still invalid', plan.reasons[0] ?? ''];
    else if (values['dry-run']) [kind, detail] = ['would be stored', plan.event.id];
    else {
      const events = database.container(CONTAINERS.events.id);
      const result = await appendReplayed(events, plan.event, logger, AbortSignal.timeout(60_000));
      [kind, detail] = [result.outcome, result.reason ?? plan.event.id];
      if (result.outcome === 'stored' || result.outcome === 'already stored')
        await store.markReplayed(letter, { at: new Date().toISOString(), eventId: plan.event.id });
    }
    print(`${letter.id}: ${kind}: ${detail}`);
    tally.set(kind, (tally.get(kind) ?? 0) + 1);
  }
  print(
    `${chosen.length} dead letters: ${[...tally].map(([k, n]) => `${n} ${k}`).join(', ') || 'none matched'}`,
  );
}

async function purge(): Promise<void> {
  const match =
    /^(\d+)([mhd])$/.exec(values['older-than'] ?? '') ?? fail('purge needs --older-than <n>(m|h|d)');
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  const cutoff = new Date(Date.now() - Number(match[1]) * unit).toISOString();
  const old = (await store.list()).filter((l) => l.receivedAt < cutoff);
  for (const letter of old) await store.delete(letter);
  print(`purged ${old.length} dead letters received before ${cutoff}`);
}

try {
  if (command === 'list') await list();
  else if (command === 'show') await show(argument ?? fail('show needs an id'));
  else if (command === 'replay') await replay();
  else if (command === 'purge') await purge();
  else fail(command === undefined ? 'no command' : `unknown command ${command}`);
} finally {
  cosmos.dispose();
}
// One-shot: the SDKs' keep-alive sockets would hold the process for seconds after the work is done.
process.exit(0);
