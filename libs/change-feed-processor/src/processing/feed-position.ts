// Where a shared reader stands in its range, as an LSN: so that two positions of one range can be put in order,
// and a reader behind the others can cut its page where they stand and join them (see join-cut.ts).
//
// A continuation token names its position by the range's etag: the LSN of the last change read, and reading
// goes on with the changes whose LSN is greater. Only a token that names one range by one such LSN is
// comparable; several entries (the SDK split the range under us), a partition-key token or anything else is
// not, and a reader standing there is left alone, exactly as before positions were compared.
import { parseContinuation } from '../lease/splitting.ts';

/** The LSN a feed position stands at (its reader reads changes after it), or undefined: not comparable. */
export type PositionLsn = (position: string) => number | undefined;

/** How a shared reader names the start of its range when its lease has no checkpoint yet. */
const BEGINNING = 'beginning:';

export function beginningOf(range: string): string {
  return `${BEGINNING}${range}`;
}

export function isBeginning(position: string): boolean {
  return position.startsWith(BEGINNING);
}

/** The SDK's positions: the beginning of a range is before every change (0), a one-range token its etag. */
export const sdkPositionLsn: PositionLsn = (position) => {
  if (isBeginning(position)) return 0;
  const entries = parseContinuation(position)?.Continuation;
  if (entries?.length !== 1) return undefined;
  const etag = entries[0]?.continuationToken;
  const quoted = typeof etag === 'string' ? /^"(\d+)"$/.exec(etag) : null;
  return quoted?.[1] === undefined ? undefined : Number(quoted[1]);
};

/** The per-range etag of a position at `lsn`, as a change feed response carries it. */
export function etagAt(lsn: number): string {
  return `"${lsn}"`;
}
