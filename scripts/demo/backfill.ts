// A day of past orders on an empty store, so every chart of the dashboard has shape from the first minute.
// Seeded: every newcomer sees the same history. Sent by datagen, so it takes the same path as live orders.
import { Children } from './children.ts';

const ORDERS_PER_DAY = 10_000;
const UNIT_DAYS: Record<string, number> = { d: 1, h: 1 / 24, m: 1 / 1440 };
export const BACKFILL_SEED = 20_261_130;

/** Orders for a window such as `1d`, `12h`, `2d`: a steady 10,000 a day (at least 100). */
export function backfillCount(window: string): number {
  const m = /^(\d+(?:\.\d+)?)([dhm])$/.exec(window.trim());
  const days = m ? Number(m[1]) * (UNIT_DAYS[m[2] ?? 'd'] ?? 1) : 1;
  return Math.max(100, Math.round(days * ORDERS_PER_DAY));
}

/** True when the reports hold no order at all (of the past 90 days): a first run, or after a reset. */
export async function storeIsEmpty(apiUrl: string): Promise<boolean> {
  const res = await fetch(`${apiUrl}/api/reports/orders/daily?days=90`, {
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`daily report answered ${res.status}`);
  const report = (await res.json()) as { series: { orders: number }[] };
  return report.series.every((day) => day.orders === 0);
}

/** Runs datagen over the window at full speed; resolves with its exit code. */
export async function runBackfill(
  children: Children,
  options: { datagenScript: string; window: string; env: Record<string, string>; tty: boolean },
): Promise<number> {
  const count = backfillCount(options.window);
  const child = children.start({
    name: 'backfill',
    args: [
      options.datagenScript,
      ...['--backfill', options.window, '--count', String(count), '--rate', '0'],
      ...['--seed', String(BACKFILL_SEED)],
      // The sessions behind those orders too, so the funnel has the same history (about ten clicks an order).
      ...['--clickstream', '--conversion', '0.5,0.7,0.8'],
    ],
    env: options.env,
    // On a terminal datagen draws its own progress bar; otherwise its plain progress lines are shown.
    inheritStdout: options.tty,
    loud: !options.tty,
  });
  return await Children.exited(child);
}
