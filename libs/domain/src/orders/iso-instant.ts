// Strict ISO-8601 instants. `Date.parse` is too forgiving for an event store: it accepts date-only strings,
// local times (read in the host's zone, so the answer depends on the machine) and rolls 2026-02-30 over to
// March. Orders need an unambiguous point in time, so we accept only the extended format with a zone.

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

export type InstantParse =
  { ok: true; epochMs: number } | { ok: false; problem: 'format' } | { ok: false; problem: 'range' };

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses `YYYY-MM-DDTHH:mm[:ss[.fff…]](Z|±hh:mm)`. `problem: 'format'` when the shape is wrong (no zone,
 * date only, basic format…), `'range'` when it has the shape of an instant but names no real moment
 * (month 13, 2026-02-30, 24:00, 10:60, offset +24:00). Fractions beyond milliseconds are truncated.
 */
export function parseIsoInstant(text: string): InstantParse {
  const m = INSTANT.exec(text);
  if (m === null) return { ok: false, problem: 'format' };
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
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
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millis);
  const offsetMs = offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { ok: true, epochMs: local.getTime() - offsetMs };
}

/** The instant as a normalised UTC ISO string (`2026-03-08T19:30:00.000Z`), or undefined if invalid. */
export function toUtcIso(text: string): string | undefined {
  const parsed = parseIsoInstant(text);
  return parsed.ok ? new Date(parsed.epochMs).toISOString() : undefined;
}
