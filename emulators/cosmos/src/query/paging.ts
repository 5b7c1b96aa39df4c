// Paging of query results. A query that needs more than one page keeps its Evaluation (a cursor over its
// snapshot) for a while, so the next page continues where the last stopped instead of evaluating again. A token
// whose evaluation has gone (expired or evicted) re-runs the query and skips `offset` results.
import { randomUUID } from 'node:crypto';
import { badRequest } from '../http/errors.ts';
import { Evaluation, type QuerySpec } from './engine.ts';
import type { OpenSource } from './source.ts';

interface PageToken {
  offset: number;
  /** Id of the kept evaluation this token pages through, if any. */
  rs?: string;
}

const CURSOR_TTL_MS = 60_000;
const MAX_CURSORS = 64;
const cursors = new Map<string, { evaluation: Evaluation; expiresAt: number }>();

function remember(evaluation: Evaluation, nowMs: number): string {
  for (const [id, c] of cursors) if (c.expiresAt < nowMs || cursors.size >= MAX_CURSORS) cursors.delete(id);
  const id = randomUUID();
  cursors.set(id, { evaluation, expiresAt: nowMs + CURSOR_TTL_MS });
  return id;
}

export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodePageToken(raw: string | undefined): PageToken {
  if (!raw) return { offset: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString()) as PageToken;
    if (typeof parsed.offset === 'number' && parsed.offset >= 0) return parsed;
  } catch {
    // fall through
  }
  throw badRequest('Invalid continuation token.');
}

/** Runs a query (or resumes its evaluation) and returns one page plus the next continuation, if any. */
export async function queryPage(
  spec: QuerySpec,
  snapshot: OpenSource,
  maxItemCount: number,
  continuation: string | undefined,
  nowMs = Date.now(),
): Promise<{ items: unknown[]; continuation: string | undefined }> {
  const token = decodePageToken(continuation);
  let rs = token.rs;
  const kept = rs === undefined ? undefined : cursors.get(rs);
  let evaluation = kept?.evaluation;
  if (rs !== undefined) cursors.delete(rs); // one reader at a time; re-registered below if more remains
  if (!evaluation) {
    evaluation = new Evaluation(spec, snapshot);
    for (let skip = token.offset; skip > 0;) {
      const skipped = await evaluation.take(Math.min(skip, 10_000));
      if (skipped.length === 0) break;
      skip -= skipped.length;
    }
  }
  const size = maxItemCount > 0 ? maxItemCount : 100;
  const items = await evaluation.take(size);
  if (evaluation.done) return { items, continuation: undefined };
  rs = remember(evaluation, nowMs);
  return { items, continuation: encodePageToken({ offset: token.offset + items.length, rs }) };
}
