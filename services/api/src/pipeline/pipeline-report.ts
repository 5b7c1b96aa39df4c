// Pure: the status documents the workers write and the arrival times of recent dead letters, turned into the
// pipeline report the dashboard shows. No I/O, no clock: `now` is passed in.
import { isCurrentStatus, PIPELINE_STAGES, type StageStatusDoc } from '@marquee/platform';
import type { PipelineReport, PipelineStage } from '../schemas/pipeline.ts';

const MINUTE_MS = 60_000;

/** One stage per known stage (in pipeline order, even when nothing reports), then any other that reports. */
export function stagesOf(docs: readonly StageStatusDoc[], nowMs: number): PipelineStage[] {
  const live = docs.filter((d) => isCurrentStatus(d, nowMs));
  const names = [...PIPELINE_STAGES, ...new Set(live.map((d) => d.stage))].filter(
    (name, i, all) => all.indexOf(name) === i,
  );
  return names.map((stage) => {
    const mine = live.filter((d) => d.stage === stage).sort((a, b) => a.instance.localeCompare(b.instance));
    const units = mine.flatMap((d) => d.units.map((u) => ({ instance: d.instance, ...u })));
    const stalled = units.filter((u) => u.stalled);
    return {
      stage,
      status: mine.length === 0 ? 'not-reporting' : stalled.length > 0 ? 'stalled' : 'ok',
      instances: mine.length,
      stalledForSeconds: Math.max(0, ...stalled.map((u) => u.stuckSeconds)),
      units,
    };
  });
}

/** Counts per UTC minute over the last `minutes` minutes (the current one included), oldest first. */
export function perMinute(
  arrivals: readonly string[],
  minutes: number,
  nowMs: number,
): PipelineReport['deadLetters']['perMinute'] {
  const current = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const first = current - (minutes - 1) * MINUTE_MS;
  const counts = new Array<number>(minutes).fill(0);
  for (const at of arrivals) {
    const ms = Date.parse(at);
    if (!(ms >= first && ms < current + MINUTE_MS)) continue;
    const i = Math.floor((ms - first) / MINUTE_MS);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts.map((count, i) => ({ minute: new Date(first + i * MINUTE_MS).toISOString(), count }));
}

/** Where the window of `minutes` starts (the first minute counted). */
export function windowStart(minutes: number, nowMs: number): Date {
  return new Date(Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - (minutes - 1) * MINUTE_MS);
}
