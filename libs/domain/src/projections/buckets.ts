// Time buckets use event time (OrderDate, as occurredAt), never arrival time, so a late event lands in its
// own past bucket. Hours are UTC; days are calendar days in a configured IANA zone, computed with
// Intl.DateTimeFormat so daylight-saving changes are handled by the platform's tz database.

const HOUR_MS = 3_600_000;

function toDate(instant: string | Date): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return date;
}

// The projector asks for the hour and the day of every event, once per view, and parsing the string into a
// Date to format it back was ~7% of its CPU. Events carry their instant as ingest normalised it,
// `YYYY-MM-DDTHH:mm:ss.sssZ`: in that form the UTC hour and day are the string's own prefixes, once the hour
// prefix is known to name a real hour (a round trip through Date, remembered) and the rest is a real minute
// and second. Anything else (an offset, another precision, a date that does not exist, hour 24) takes the
// general path, so both paths give the same key or the same error.
const CANONICAL_UTC = /^\d{4}-\d\d-\d\dT\d\d:[0-5]\d:[0-5]\d\.\d{3}Z$/;
const REAL_HOURS_KEPT = 4096;
const realHours = new Set<string>();

/** The instant's UTC hour key if it is in ingest's canonical form, else undefined. */
function canonicalHourOf(instant: string): string | undefined {
  if (!CANONICAL_UTC.test(instant)) return undefined;
  const hour = instant.slice(0, 13);
  if (realHours.has(hour)) return hour;
  const parsed = new Date(`${hour}:00:00.000Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 13) !== hour) return undefined;
  if (realHours.size >= REAL_HOURS_KEPT) realHours.clear();
  realHours.add(hour);
  return hour;
}

/** `2026-03-08T14` for any instant in that UTC hour. */
export function hourKeyOf(instant: string | Date): string {
  return (
    (typeof instant === 'string' ? canonicalHourOf(instant) : undefined) ??
    toDate(instant).toISOString().slice(0, 13)
  );
}

// Building a DateTimeFormat is slow-ish; one per zone, reused. Caching does not change any result.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format;
}

function formatDay(format: Intl.DateTimeFormat, date: Date): string {
  const parts = format.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

// formatToParts costs a few µs, and the projector asks for the day of every order. Orders of one UTC hour
// almost always fall on one local day, so the answer is kept per zone and UTC hour: the day of the hour's first
// millisecond when its last one has the same day (no day boundary inside the hour), else null (compute each
// instant). Bounded: a cache that fills up starts over.
const HOURS_CACHED = 4096;
const dayOfHour = new Map<string, Map<number, string | null>>();

/** `2026-03-08`: the calendar date of the instant in `timeZone` (IANA name, default UTC). */
export function dayKeyOf(instant: string | Date, timeZone = 'UTC'): string {
  // UTC, the default zone, needs no tz database: the first Intl.DateTimeFormat of a process maps ~10 MiB of
  // ICU data (the projector's resident memory, issue 15), and the ISO date is the same calendar date.
  if (timeZone === 'UTC') {
    const hour = typeof instant === 'string' ? canonicalHourOf(instant) : undefined;
    return hour?.slice(0, 10) ?? toDate(instant).toISOString().slice(0, 10);
  }
  const date = toDate(instant);
  const format = dayFormat(timeZone);
  const hour = Math.floor(date.getTime() / HOUR_MS);
  let hours = dayOfHour.get(timeZone);
  if (hours === undefined) dayOfHour.set(timeZone, (hours = new Map()));
  let day = hours.get(hour);
  if (day === undefined) {
    const first = formatDay(format, new Date(hour * HOUR_MS));
    day = first === formatDay(format, new Date((hour + 1) * HOUR_MS - 1)) ? first : null;
    if (hours.size >= HOURS_CACHED) hours.clear();
    hours.set(hour, day);
  }
  return day ?? formatDay(format, date);
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone === 'UTC') return true;
  try {
    dayFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

const MAX_KEYS = 100_000;

/** Every hour key from `from`'s hour to `to`'s hour, both inclusive (e.g. the last 24 hours for a chart). */
export function hourKeysBetween(from: string | Date, to: string | Date): string[] {
  const start = Math.floor(toDate(from).getTime() / HOUR_MS);
  const end = Math.floor(toDate(to).getTime() / HOUR_MS);
  if (end - start >= MAX_KEYS) throw new RangeError('hourKeysBetween: range too large');
  const keys: string[] = [];
  for (let h = start; h <= end; h++) keys.push(hourKeyOf(new Date(h * HOUR_MS)));
  return keys;
}

/** Every day key from `fromDay` to `toDay` (`YYYY-MM-DD`), both inclusive; calendar arithmetic only. */
export function dayKeysBetween(fromDay: string, toDay: string): string[] {
  const start = Date.parse(`${fromDay}T00:00:00Z`);
  const end = Date.parse(`${toDay}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('dayKeysBetween needs YYYY-MM-DD days');
  if ((end - start) / (24 * HOUR_MS) >= MAX_KEYS) throw new RangeError('dayKeysBetween: range too large');
  const keys: string[] = [];
  for (let t = start; t <= end; t += 24 * HOUR_MS) keys.push(new Date(t).toISOString().slice(0, 10));
  return keys;
}
