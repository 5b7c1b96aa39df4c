// SQL through @zeit/cosmosdb-query: parsing (cached), execution over a document array, and paging.
import queryModule from '@zeit/cosmosdb-query';
import { randomUUID } from 'node:crypto';
import { badRequest } from '../http/errors.ts';
import { runRewritten } from './rewrite.ts';
import type { Doc } from '../store/types.ts';

// The package is CommonJS with an `exports.default`: under ESM the function sits one level down.
const createQuery = queryModule.default;
type Query = ReturnType<typeof createQuery>;

export interface QuerySpec {
  query: string;
  parameters?: { name: string; value: unknown }[];
}

const cache = new Map<string, Query>();

export function parseQuery(text: string): Query {
  let q = cache.get(text);
  if (!q) {
    try {
      q = createQuery(text);
      // Generating the JS up front surfaces unsupported constructs as 400s, not at execution time.
      void q.code;
    } catch (err) {
      throw badRequest(`Syntax error in query: ${(err as Error).message}`);
    }
    if (cache.size > 500) cache.clear();
    cache.set(text, q);
  }
  return q;
}

export function runQuery(spec: QuerySpec, docs: Doc[]): unknown[] {
  const rewritten = runRewritten(spec.query, docs, spec.parameters ?? []);
  if (rewritten) return rewritten;
  const q = parseQuery(spec.query);
  try {
    const { result } = q.exec(docs, { parameters: spec.parameters ?? [] }) as { result: unknown[] };
    return result;
  } catch (err) {
    throw badRequest(`Query failed: ${(err as Error).message}`);
  }
}

interface PageToken {
  offset: number;
  /** Id of the cached result set this token pages through, if any. */
  rs?: string;
}

// Results of multi-page queries are kept briefly, so paging is one evaluation in total (and a stable snapshot)
// rather than one per page. A token whose result set has gone re-runs the query and skips `offset` rows.
const RESULT_TTL_MS = 60_000;
const MAX_RESULT_SETS = 64;
const resultSets = new Map<string, { rows: unknown[]; expiresAt: number }>();

function remember(rows: unknown[], nowMs: number): string {
  for (const [id, set] of resultSets)
    if (set.expiresAt < nowMs || resultSets.size >= MAX_RESULT_SETS) resultSets.delete(id);
  const id = randomUUID();
  resultSets.set(id, { rows, expiresAt: nowMs + RESULT_TTL_MS });
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

/** Runs a query (or resumes its cached result) and returns one page plus the next continuation, if any. */
export function queryPage(
  spec: QuerySpec,
  docs: () => Doc[],
  maxItemCount: number,
  continuation: string | undefined,
  nowMs = Date.now(),
): { items: unknown[]; continuation: string | undefined } {
  const token = decodePageToken(continuation);
  let rs = token.rs;
  let rows = rs === undefined ? undefined : resultSets.get(rs)?.rows;
  if (!rows) {
    rows = runQuery(spec, docs());
    rs = undefined;
  }
  const size = maxItemCount > 0 ? maxItemCount : 100;
  const end = token.offset + size;
  const items = rows.slice(token.offset, end);
  if (end >= rows.length) {
    if (rs !== undefined) resultSets.delete(rs);
    return { items, continuation: undefined };
  }
  rs ??= remember(rows, nowMs);
  return { items, continuation: encodePageToken({ offset: end, rs }) };
}
