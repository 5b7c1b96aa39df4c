// A reader behind the others of its range joins them: the page it read on its own is cut where one of them
// stands (another reader's position, or the start of a kept page), and it goes on from there with them, sharing
// their pages instead of reading and decoding every page again on its own for the rest of a catch-up.
//
// Why nothing is lost or read twice: the page was read from the reader's position b and holds every change after
// b up to its end; a position P with lsn(b) < lsn(P) <= lsn(end) is inside it, so every change up to lsn(P) is in
// the page, and the page read from P (by the others, or by this reader) holds the changes after lsn(P). The cut
// page keeps the changes up to lsn(P) and says "go on from P": the ones cut off come again from P, once.
import type { PositionLsn } from './feed-position.ts';
import { etagAt } from './feed-position.ts';
import type { FeedPage } from './shared-reads.ts';

/** A place of the range where the others read: a position, and the LSN it stands at. */
export interface JoinPoint {
  readonly position: string;
  readonly lsn: number;
}

/**
 * `page` (read from a position at LSN `from`) cut at the nearest point where it meets the others, or undefined
 * when it meets no one: no point inside it, a page without changes or without a comparable end, or a change
 * without an LSN (where to cut is not known then). A point the page already ends at needs no cut; a point
 * no change of the page comes before is passed over for the next one.
 */
export function cutToJoin(
  page: FeedPage,
  from: number,
  points: Iterable<JoinPoint>,
  positionLsn: PositionLsn,
  changeLsn: (change: unknown) => number | undefined,
): FeedPage | undefined {
  const token = page.continuationToken;
  if (page.statusCode !== 200 || page.result.length === 0 || token === undefined) return undefined;
  const end = positionLsn(token);
  if (end === undefined) return undefined;
  const inside = pointsWithin(points, from, end).sort((a, b) => a.lsn - b.lsn);
  if (inside.length === 0) return undefined;
  const lsns: number[] = [];
  for (const change of page.result) {
    const lsn = changeLsn(change);
    if (lsn === undefined) return undefined;
    lsns.push(lsn);
  }
  for (const point of inside) {
    if (point.position === token) return undefined;
    const kept = page.result.filter((_, i) => (lsns[i] as number) <= point.lsn);
    if (kept.length === 0) continue;
    return { ...page, result: kept, continuationToken: point.position, etag: etagAt(point.lsn) };
  }
  return undefined;
}

/**
 * Whether a page being filled, its last response ending at `continuationToken`, already reaches a point after
 * `from`: reading more responses would only read changes the cut drops.
 */
export function reachesJoin(
  continuationToken: string | undefined,
  from: number,
  points: Iterable<JoinPoint>,
  positionLsn: PositionLsn,
): boolean {
  const end = continuationToken === undefined ? undefined : positionLsn(continuationToken);
  return end !== undefined && pointsWithin(points, from, end).length > 0;
}

/** The points a page read from LSN `from` up to LSN `end` holds: past its start, at or before its end. */
function pointsWithin(points: Iterable<JoinPoint>, from: number, end: number): JoinPoint[] {
  return [...points].filter((p) => p.lsn > from && p.lsn <= end);
}
