// Replay re-validates a dead letter's body and appends the order if it now passes, exactly as ingest would
// have when it first read it: the same event id (deterministic), the original receivedAt and Event Hubs
// position, and the original arrival as the clock for the OrderDate window, so the answer does not depend
// on when the replay runs. Create, never upsert: a replay run twice finds the event already stored (409).
import type { Container, JSONObject } from '@azure/cosmos';
import { toTelemetryEvent, validateEvent, type TelemetryEvent } from '@marquee/domain';
import { createDocuments } from '@marquee/platform';
import type { Logger } from 'pino';
import type { StoredDeadLetter } from '../dead-letter-writer.ts';

export type ReplayPlan = { ok: true; event: TelemetryEvent } | { ok: false; reasons: string[] };

/** What the dead letter becomes now. Pure. */
export function planReplay(letter: StoredDeadLetter, body: string | Buffer | undefined): ReplayPlan {
  if (body === undefined)
    return { ok: false, reasons: [`the body was not kept (${letter.rawDropped ?? 'none'})`] };
  const receivedAt = new Date(letter.receivedAt);
  // The type and version the producer declared, as ingest read them; letters from before types were declared
  // are orders.
  const raw = typeof body === 'string' ? body : new Uint8Array(body);
  const declared = letter.declared ?? {};
  const result = validateEvent(raw, declared, { now: receivedAt, defaultType: 'OrderPlaced' });
  if (!result.ok) return { ok: false, reasons: result.reasons };
  return { ok: true, event: toTelemetryEvent(result, { receivedAt, source: letter.source }) };
}

export type ReplayOutcome = 'stored' | 'already stored' | 'still invalid' | 'refused';

/** Appends the event; `already stored` when a replay (or ingest) got there first. */
export async function appendReplayed(
  events: Container,
  event: TelemetryEvent,
  logger: Logger,
  signal: AbortSignal,
): Promise<{ outcome: ReplayOutcome; reason?: string }> {
  const [result] = await createDocuments(events, [event as unknown as JSONObject], { signal, logger });
  if (result?.kind === 'created') return { outcome: 'stored' };
  if (result?.kind === 'exists') return { outcome: 'already stored' };
  return { outcome: 'refused', reason: result?.reason ?? 'no answer' };
}
