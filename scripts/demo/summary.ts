// The demo's periodic one-line summary: orders stored per second (ingest's counter), how far behind the
// newest order the views are, and the category cache's version. Each figure is '?' while its source is down.
export interface SummarySources {
  /** ingest's Prometheus endpoint. */
  ingestMetricsUrl: string;
  apiUrl: string;
}

const STORED = 'ingest_events_stored_total';

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return await res.text();
}

/** The sum of a counter over its label sets, from Prometheus text format. */
export function counterTotal(metrics: string, name: string): number {
  let total = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return total;
}

export class Summary {
  readonly #sources: SummarySources;
  #last: { atMs: number; stored: number } | undefined;

  constructor(sources: SummarySources) {
    this.#sources = sources;
  }

  async line(nowMs: number): Promise<string> {
    const [stored, report, categories] = await Promise.allSettled([
      fetchText(this.#sources.ingestMetricsUrl).then((text) => counterTotal(text, STORED)),
      fetchText(`${this.#sources.apiUrl}/api/reports/orders/hourly?hours=1`).then(
        (text) => JSON.parse(text) as { asOf: { lastEventAt: string | null } },
      ),
      fetchText(`${this.#sources.apiUrl}/api/categories`).then(
        (text) => JSON.parse(text) as { version: number },
      ),
    ]);
    let rate = '?';
    if (stored.status === 'fulfilled') {
      if (this.#last && nowMs > this.#last.atMs)
        rate = (((stored.value - this.#last.stored) * 1000) / (nowMs - this.#last.atMs)).toFixed(1);
      this.#last = { atMs: nowMs, stored: stored.value };
    }
    let behind = '?';
    if (report.status === 'fulfilled') {
      const last = report.value.asOf.lastEventAt;
      behind = last === null ? 'no orders yet' : `${((nowMs - Date.parse(last)) / 1000).toFixed(1)} s behind`;
    }
    const version = categories.status === 'fulfilled' ? `v${categories.value.version}` : '?';
    return `orders/s ${rate} · views ${behind} · category cache ${version}`;
  }
}
