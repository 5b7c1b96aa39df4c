// Strict ISO-8601 instants. `Date.parse` is too forgiving for an event store: it accepts date-only strings,
// local times (read in the host's zone, so the answer depends on the machine) and rolls 2026-02-30 over to
// March. Orders need an unambiguous point in time, so we accept only the extended format with a zone.

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

export type InstantParse =
  { ok: true; epochMs: number } | { ok: false; problem: 'format' } | { ok: false; problem: 'range' };

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not, but costs a Date: only for those years. */
function utcEpochMs(
  year: number,
  month: number,
  day: number,
  h: number,
  min: number,
  s: number,
  ms: number,
): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, h, min, s, ms);
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(h, min, s, ms);
  return local.getTime();
}

/**
 * Parses `YYYY-MM-DDTHH:mm[:ss[.fff…]](Z|±hh:mm)`. `problem: 'format'` when the shape is wrong (no zone,
 * date only, basic format…), `'range'` when it has the shape of an instant but names no real moment
 * (month 13, 2026-02-30, 24:00, 10:60, offset +24:00). Fractions beyond milliseconds are truncated.
 */
export function parseIsoInstant(text: string): InstantParse {
  const m = INSTANT.exec(text);
  if (m === null) return { ok: false, problem: 'format' };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const offsetSign = m[9] === '-' ? -1 : 1;
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!inRange) return { ok: false, problem: 'range' };
  const offsetMs = offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { ok: true, epochMs: utcEpochMs(year, month, day, hour, minute, second, millis) - offsetMs };
}

/** The instant as a normalised UTC ISO string (`2026-03-08T19:30:00.000Z`), or undefined if invalid. */
export function toUtcIso(text: string): string | undefined {
  const parsed = parseIsoInstant(text);
  if (!parsed.ok) return undefined;
  // Already in the normal form (what most producers send, `Date#toISOString`'s own): the same text.
  if (text.length === 24 && text[10] === 'T' && text[19] === '.' && text[23] === 'Z') return text;
  return new Date(parsed.epochMs).toISOString();
}
