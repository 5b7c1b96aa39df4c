// Progress and summary lines. Pure formatting; progress-display.ts decides when and where to write them.
import type { SendOrdersResult, SendProgress } from '../send/index.ts';
import { formatDuration } from './durations.ts';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Events per second over a sliding window of recent samples, so the figure follows changes in speed. */
export class RateMeter {
  readonly windowMs: number;
  readonly #samples: { atMs: number; sent: number }[] = [];

  constructor(windowMs = 5_000) {
    this.windowMs = windowMs;
  }

  add(atMs: number, sent: number): void {
    this.#samples.push({ atMs, sent });
    while (this.#samples.length > 2 && (this.#samples[1] as { atMs: number }).atMs <= atMs - this.windowMs) {
      this.#samples.shift();
    }
  }

  /** Events per second between the oldest sample in the window and `atMs`. */
  rate(atMs: number): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (first === undefined || last === undefined) return 0;
    const span = atMs - first.atMs;
    return span > 0 ? ((last.sent - first.sent) * 1000) / span : 0;
  }
}

/** How much is left, as a fraction done and a time estimate, from the --count or --duration target. */
export function progressOf(p: SendProgress, rate: number): { fraction?: number; etaMs?: number } {
  if (p.total !== undefined && p.total > 0) {
    const left = Math.max(0, p.total - p.sent);
    const byCount = {
      fraction: Math.min(1, p.sent / p.total),
      etaMs: rate > 0 ? (left * 1000) / rate : undefined,
    };
    if (p.durationMs === undefined) return byCount;
    const byTime = Math.min(1, p.elapsedMs / p.durationMs);
    const timeLeft = Math.max(0, p.durationMs - p.elapsedMs);
    return byTime > (byCount.fraction ?? 0)
      ? { fraction: byTime, etaMs: timeLeft }
      : { fraction: byCount.fraction, etaMs: Math.min(byCount.etaMs ?? Infinity, timeLeft) };
  }
  if (p.durationMs !== undefined) {
    return {
      fraction: Math.min(1, p.elapsedMs / p.durationMs),
      etaMs: Math.max(0, p.durationMs - p.elapsedMs),
    };
  }
  return {};
}

export function progressBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** The in-place TTY line, fitted to `columns`. */
export function ttyLine(p: SendProgress, rate: number, columns: number): string {
  const { fraction, etaMs } = progressOf(p, rate);
  const sent = p.total === undefined ? int(p.sent) : `${int(p.sent)}/${int(p.total)}`;
  const parts = [
    `${sent}${fraction === undefined ? '' : ` ${Math.floor(fraction * 100)}%`}`,
    `${int(rate)}/s`,
    `elapsed ${formatDuration(p.elapsedMs)}`,
    ...(etaMs === undefined ? [] : [`ETA ${formatDuration(etaMs)}`]),
    `invalid ${int(p.invalid)}`,
    `dup ${int(p.duplicates)}`,
    ...(p.retries > 0 ? [`retries ${int(p.retries)}`] : []),
  ];
  const stats = parts.join('  ');
  const barWidth = Math.min(30, columns - stats.length - 3);
  const line =
    fraction === undefined || barWidth < 10 ? stats : `${progressBar(fraction, barWidth)} ${stats}`;
  return line.slice(0, Math.max(0, columns - 1));
}

/** The periodic line when stdout is not a terminal (logs, CI, containers). */
export function plainLine(p: SendProgress, rate: number): string {
  return `sent=${p.sent} rate=${Math.round(rate)}/s invalid=${p.invalid} duplicates=${p.duplicates} elapsed=${(p.elapsedMs / 1000).toFixed(1)}s`;
}

export function summaryLine(r: SendOrdersResult): string {
  const rate = r.seconds > 0 ? Math.round(r.sent / r.seconds) : 0;
  return (
    `${r.stopped ? 'stopped' : 'done'}: sent=${r.sent} valid=${r.valid} invalid=${r.invalid} duplicates=${r.duplicates} ` +
    `batches=${r.batches} retries=${r.retries} seconds=${r.seconds.toFixed(2)} rate=${rate}/s seed=${r.seed}` +
    (r.clicks > 0 ? ` clicks=${r.clicks}` : '')
  );
}
