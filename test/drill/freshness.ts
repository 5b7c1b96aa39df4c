// Freshness, measured with probe orders: a probe is sent (as a client in a surviving region would place an order)
// and the drill watches for it in every view in the store, in the api's reports and on the api's live stream.
// The RTO is the time from the cut until a probe sent after it has reached all three.
import { appendFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Container } from '@azure/cosmos';
import { EventHubProducerClient } from '@azure/event-hubs';
import { expectedViews } from '../../services/projector/test/support/ground-truth.ts';
import { readViews } from '../../services/projector/test/support/read-views.ts';
import type { SseReader } from '../support/sse-reader.ts';
import {
  PROBE_HOURS_BACK,
  probeBody,
  probeKeys,
  probeOrder,
  reportsMissingProbes,
  streamShowsProbes,
  viewsMissingProbes,
  type ApiReports,
  type ProbeKeys,
} from './probe.ts';

/** When each reader first showed the probes, in ms after the reference instant. */
export interface Freshness {
  views: number;
  api: number;
  stream: number;
}

export class Probes {
  readonly #bodies: string[] = [];
  readonly #out: string;
  readonly #runId = Date.now().toString(36);
  readonly #startedAt = new Date();

  /** `out`: the probes are recorded like datagen's --out, so the ground truth counts them too. */
  constructor(out: string) {
    this.#out = out;
  }

  /** Sends the next probe to `hub` and returns what the views must then hold under the probes' keys. */
  async send(connectionString: string, hub: string): Promise<ProbeKeys> {
    const body = probeBody(this.#runId, this.#bodies.length, this.#startedAt);
    const producer = new EventHubProducerClient(connectionString, hub);
    try {
      await producer.sendBatch([{ body: Buffer.from(body, 'utf8'), contentType: 'application/json' }]);
    } finally {
      await producer.close();
    }
    const record = { seq: this.#bodies.length, kind: 'valid', body, hub };
    await appendFile(this.#out, `${JSON.stringify(record)}\n`);
    this.#bodies.push(body);
    return probeKeys(expectedViews(this.#bodies.map(probeOrder)));
  }
}

export interface Readers {
  views: Container;
  /** The api whose reports and stream are watched. */
  api: string;
  stream: SseReader;
}

async function apiReports(api: string): Promise<ApiReports> {
  const get = async (route: string): Promise<unknown> => {
    const response = await fetch(`${api}${route}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`${route}: ${response.status}`);
    return await response.json();
  };
  const [categories, hourly, daily] = await Promise.all([
    get('/api/reports/categories'),
    // Just enough hours and days to reach the probes: each hour is a point read per lease.
    get(`/api/reports/orders/hourly?hours=${PROBE_HOURS_BACK + 2}`),
    get('/api/reports/orders/daily?days=3'),
  ]);
  return { categories, hourly, daily } as ApiReports;
}

/**
 * Polls until the probes are in every view, every report and a `views` event of the stream; `from` is the
 * reference instant (performance.now()). Throws after `timeoutMs`, naming what was still missing.
 */
export async function watchProbes(
  keys: ProbeKeys,
  readers: Readers,
  from: number,
  timeoutMs: number,
): Promise<Freshness> {
  const seen: Partial<Freshness> = {};
  let missing: string[] = [];
  const deadline = performance.now() + timeoutMs;
  while (seen.views === undefined || seen.api === undefined || seen.stream === undefined) {
    if (performance.now() > deadline) {
      throw new Error(`probe not seen within ${timeoutMs} ms: still missing ${missing.join(', ')}`);
    }
    missing = [];
    const now = (): number => performance.now() - from;
    if (seen.views === undefined) {
      const gaps = await readViews(readers.views).then(
        (v) => viewsMissingProbes(v, keys),
        (err: Error) => [err.message],
      );
      if (gaps.length === 0) seen.views = now();
      else missing.push(...gaps.map((g) => `view ${g}`));
    }
    if (seen.api === undefined) {
      const gaps = await apiReports(readers.api).then(
        (r) => reportsMissingProbes(r, keys),
        (err: Error) => [err.message],
      );
      if (gaps.length === 0) seen.api = now();
      else missing.push(...gaps.map((g) => `api ${g}`));
    }
    if (seen.stream === undefined) {
      const event = readers.stream.views.find((e) => streamShowsProbes(e.payload, keys));
      if (event) seen.stream = event.at - from;
      else missing.push('stream');
    }
    await sleep(500);
  }
  return seen as Freshness;
}
