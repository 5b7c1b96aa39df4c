// Shared by the reports, stream, app and dashboard tests: a Cosmos emulator with the catalog seeded, an
// API built on it, and a writer of view docs in exactly the shape the projector stores them.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CosmosClient, type Container } from '@azure/cosmos';
import pino from 'pino';
import { createRegistry } from '@marquee/platform';
import { seed } from '@marquee/seed';
import {
  GENERATIONS_DOC_ID,
  INITIAL_GENERATIONS,
  toStoredDoc,
  toStoredRanking,
  TOP_MOVIES_DOC_ID,
  withWriter,
  writersDocId,
  type TopMoviesDoc,
  type ViewWritersDoc,
  type Generations,
  type GenerationsDoc,
  VIEW_LAYOUTS,
  type ViewDoc,
} from '@marquee/domain';
import { buildApp, loadApiConfig, type MarqueeApp } from '../src/index.ts';
import type { ViewsOptions } from '../src/app.ts';

export const DATABASE = 'marquee';

export interface Store {
  connectionString: string;
  client: CosmosClient;
  views: Container;
  catalog: Container;
  /** Freezes the emulator process (SIGSTOP): requests hang, as with a store that stopped answering. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

/**
 * The Cosmos emulator in its own process (as in the local stack), so its work does not load the API's
 * event loop (which under-pressure watches); it prints its connection string once it listens.
 */
async function startEmulatorProcess(): Promise<{ connectionString: string; child: ChildProcess }> {
  const entry = fileURLToPath(import.meta.resolve('@marquee/cosmos-emulator'));
  const cli = path.join(path.dirname(entry), 'cli.ts');
  const child = spawn(process.execPath, [cli, '--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    for await (const line of lines) {
      if (line.startsWith('AccountEndpoint=')) return { connectionString: line.trim(), child };
    }
    throw new Error('the cosmos emulator exited before it listened');
  } finally {
    clearTimeout(timer);
    // Keep draining stdout so the child never blocks on a full pipe.
    child.stdout.resume();
  }
}

/** A fresh emulator on a free port, with the database, containers and catalog `seed` creates. */
export async function startStore(): Promise<Store> {
  const { connectionString, child } = await startEmulatorProcess();
  const client = new CosmosClient({ ...parse(connectionString) });
  await seed(client, DATABASE);
  const database = client.database(DATABASE);
  return {
    connectionString,
    client,
    views: database.container('views'),
    catalog: database.container('catalog'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async close() {
      child.kill('SIGCONT');
      client.dispose();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

function parse(connectionString: string): { endpoint: string; key: string } {
  const endpoint = /AccountEndpoint=([^;]+)/.exec(connectionString)?.[1];
  const key = /AccountKey=([^;]+)/.exec(connectionString)?.[1];
  if (!endpoint || !key) throw new Error(`not a connection string: ${connectionString}`);
  return { endpoint, key };
}

export interface TestAppOptions {
  now?: () => Date;
  timeZone?: string;
  views?: ViewsOptions;
  env?: Record<string, string>;
}

/** The API on the store. Redis points at a closed port: reports do not use it. */
export function testApp(store: Store, options: TestAppOptions = {}): MarqueeApp {
  const config = loadApiConfig({
    COSMOS_CONNECTION_STRING: store.connectionString,
    COSMOS_DATABASE: DATABASE,
    REDIS_URL: 'redis://127.0.0.1:1',
    ADMIN_TOKEN: 'test-admin-token',
    REPORT_TIMEZONE: options.timeZone ?? 'UTC',
    HOST: '127.0.0.1',
    PORT: '0',
    // A busy CI machine's event-loop delays must not turn answers into load-shedding 503s.
    LOAD_SHED_DELAY_MS: '60000',
    ...options.env,
  });
  return buildApp({
    config,
    logger: pino({ level: 'silent' }),
    registry: createRegistry('api'),
    ...(options.now ? { now: options.now } : {}),
    views: { pollMs: 50, ...options.views },
  });
}

export interface Freshness {
  generation?: number;
  /** The lease whose partial this is (default '-FF', the whole key space). */
  writer?: string;
  /** The layout before partials: one doc, no writers doc. */
  legacy?: boolean;
  lastEventAt?: string;
  writtenAt?: string;
}

/**
 * Writes a domain view doc as one lease's partial, as the projector stores it (the shared contract's
 * `toStoredDoc` / `toStoredRanking`, the writer listed in the writers doc first). `writer` defaults to one
 * lease covering the whole key space; `legacy` writes the layout before partials (no writer, no list).
 */
export async function writeView(
  views: Container,
  doc: ViewDoc | TopMoviesDoc,
  freshness: Freshness = {},
): Promise<void> {
  const writtenAt = freshness.writtenAt ?? new Date().toISOString();
  const asOf = { lastEventAt: freshness.lastEventAt ?? writtenAt, writtenAt };
  const generation = freshness.generation ?? 1;
  const writer = freshness.legacy === true ? undefined : (freshness.writer ?? '-FF');
  if (writer !== undefined) {
    const id = writersDocId(generation, doc.kind);
    const current = await views.item(id, id).read<ViewWritersDoc>();
    const next = withWriter(current.resource, doc.kind, generation, writer);
    if (next !== undefined) await views.items.upsert(next);
  }
  const stored =
    doc.id === TOP_MOVIES_DOC_ID
      ? toStoredRanking(doc, generation, asOf, writer)
      : toStoredDoc(doc, generation, { [writer ?? '0']: 1 }, asOf, writer);
  await views.items.upsert(stored);
}

export async function writeGenerations(views: Container, generations: Partial<Generations>): Promise<void> {
  const pointer: GenerationsDoc = {
    id: GENERATIONS_DOC_ID,
    generations: { ...INITIAL_GENERATIONS, ...generations },
    // As the projector writes it: every generation built with this code's layouts.
    layouts: { ...VIEW_LAYOUTS },
    switchedAt: new Date().toISOString(),
  };
  await views.items.upsert(pointer);
}

/** Deletes every doc in `views` (between tests; the change feed sees only upserts, which is all we need). */
export async function clearViews(views: Container): Promise<void> {
  const { resources } = await views.items.query<{ id: string }>('SELECT c.id FROM c').fetchAll();
  await Promise.all(resources.map((r) => views.item(r.id, r.id).delete()));
}

export const cents = (dollars: number): number => Math.round(dollars * 100);
