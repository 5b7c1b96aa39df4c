// Cosmos partial document update (JSON-patch-like): add, set, replace, remove, incr, move. Pure: returns a copy.
import { badRequest } from '../http/errors.ts';
import type { Doc } from './types.ts';

interface PatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function splitPath(path: unknown): string[] {
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw badRequest(`Invalid patch path: ${String(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(root: Doc, segments: string[]): { parent: Container; key: string } {
  let node: unknown = root;
  for (const seg of segments.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (node !== null && typeof node === 'object') node = (node as Record<string, unknown>)[seg];
    else node = undefined;
    if (node === null || typeof node !== 'object')
      throw badRequest(`Patch path parent does not exist: /${segments.join('/')}`);
  }
  return { parent: node as Container, key: segments[segments.length - 1] ?? '' };
}

function getAt(parent: Container, key: string): unknown {
  return Array.isArray(parent) ? parent[Number(key)] : parent[key];
}

function has(parent: Container, key: string): boolean {
  return Array.isArray(parent) ? Number(key) >= 0 && Number(key) < parent.length : Object.hasOwn(parent, key);
}

function arrayIndex(parent: unknown[], key: string, allowEnd: boolean): number {
  if (key === '-' && allowEnd) return parent.length;
  const i = Number(key);
  if (!Number.isInteger(i) || i < 0 || i > parent.length || (!allowEnd && i === parent.length)) {
    throw badRequest(`Invalid array index in patch path: ${key}`);
  }
  return i;
}

function applyOne(doc: Doc, op: PatchOp): void {
  const segments = splitPath(op.path);
  if (segments.length === 0 || segments[0] === '')
    throw badRequest('Patch path cannot be the document root.');
  const { parent, key } = parentOf(doc, segments);
  switch (op.op) {
    case 'add':
    case 'set':
      if (Array.isArray(parent)) {
        if (op.op === 'set' && key !== '-' && has(parent, key)) parent[Number(key)] = op.value;
        else parent.splice(arrayIndex(parent, key, true), 0, op.value);
      } else parent[key] = op.value;
      return;
    case 'replace':
      if (!has(parent, key)) throw badRequest(`Patch replace target does not exist: ${op.path}`);
      if (Array.isArray(parent)) parent[Number(key)] = op.value;
      else parent[key] = op.value;
      return;
    case 'remove':
      if (!has(parent, key)) throw badRequest(`Patch remove target does not exist: ${op.path}`);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return;
    case 'incr': {
      if (typeof op.value !== 'number') throw badRequest('Patch incr value must be a number.');
      const current = getAt(parent, key);
      if (current === undefined) {
        if (Array.isArray(parent)) throw badRequest(`Patch incr target does not exist: ${op.path}`);
        parent[key] = op.value;
      } else if (typeof current !== 'number')
        throw badRequest(`Patch incr target is not a number: ${op.path}`);
      else if (Array.isArray(parent)) parent[Number(key)] = current + op.value;
      else parent[key] = current + op.value;
      return;
    }
    case 'move': {
      const fromSegs = splitPath(op.from);
      const from = parentOf(doc, fromSegs);
      if (!has(from.parent, from.key))
        throw badRequest(`Patch move source does not exist: ${String(op.from)}`);
      const value = getAt(from.parent, from.key);
      if (Array.isArray(from.parent)) from.parent.splice(Number(from.key), 1);
      else delete from.parent[from.key];
      applyOne(doc, { op: 'set', path: op.path, value });
      return;
    }
    default:
      throw badRequest(`Unsupported patch operation: ${String(op.op)}`);
  }
}

/** Applies patch operations to a deep copy of `doc`. */
export function applyPatch(doc: Doc, operations: unknown): Doc {
  if (!Array.isArray(operations) || operations.length === 0)
    throw badRequest('Patch request has no operations.');
  if (operations.length > 10) throw badRequest('Patch request has more than 10 operations.');
  const copy = structuredClone(doc);
  for (const op of operations as PatchOp[]) {
    if (op === null || typeof op !== 'object') throw badRequest('Invalid patch operation.');
    applyOne(copy, op);
  }
  return copy;
}
