// Partition key extraction and the JSON forms the SDK sends in the x-ms-documentdb-partitionkey header.
import { badRequest } from '../http/errors.ts';
import type { PartitionKeyValue } from '../hashing/epk.ts';
import type { Doc, PartitionKeyDefinition } from './types.ts';

function pathSegments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s));
}

function toValue(v: unknown): PartitionKeyValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return undefined;
}

/** Segments per partition key path: a container has one or a few, and every write extracts its key. */
const segmentsByPath = new Map<string, string[]>();

function cachedSegments(path: string): string[] {
  let segments = segmentsByPath.get(path);
  if (segments === undefined) segmentsByPath.set(path, (segments = pathSegments(path)));
  return segments;
}

/** Values of the partition key paths in `doc`; missing values are `undefined` (the SDK's None). */
export function extractPartitionKey(doc: Doc, def: PartitionKeyDefinition): PartitionKeyValue[] {
  return def.paths.map((path) => {
    let node: unknown = doc;
    for (const seg of cachedSegments(path)) {
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
    return toValue(node);
  });
}

/** Canonical key of a partition key value list: the header's JSON form, `{}` for undefined. */
export function partitionKeyJson(values: readonly PartitionKeyValue[]): string {
  // One path is the common case (every write computes this): the same text without an intermediate array.
  if (values.length === 1) {
    const value = values[0];
    return value === undefined ? '[{}]' : `[${JSON.stringify(value)}]`;
  }
  return JSON.stringify(values.map((v) => (v === undefined ? {} : v)));
}

/** Parses the x-ms-documentdb-partitionkey header (`["a"]`, `[{}]`, `[]`). */
export function parsePartitionKeyHeader(header: string): PartitionKeyValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    throw badRequest(`Partition key ${header} is invalid.`);
  }
  if (!Array.isArray(parsed)) parsed = [parsed];
  return (parsed as unknown[]).map(toValue);
}

/** `{path: value}` form used by all-versions-and-deletes metadata for deletes. */
export function partitionKeyObject(values: readonly PartitionKeyValue[], def: PartitionKeyDefinition): Doc {
  const out: Doc = {};
  def.paths.forEach((path, i) => {
    out[pathSegments(path).join('/')] = values[i] ?? null;
  });
  return out;
}
