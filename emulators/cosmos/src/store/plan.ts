// Planning of one item operation against the current (or a batch's staged) state: validation, preconditions
// and the new document. Pure apart from rid allocation; committing is the caller's job.
import { badRequest, conflict, notFound, preconditionFailed } from '../http/errors.ts';
import { evaluateCondition } from '../query/condition.ts';
import type { ContainerStore, Partition } from './container.ts';
import { extractPartitionKey, partitionKeyJson } from './partition-key.ts';
import { applyPatch } from './patch.ts';
import { docOf, type ChangeOperation, type Doc, type ItemOperation, type ItemRecord } from './types.ts';

const SYSTEM_PROPS = new Set(['_rid', '_self', '_etag', '_ts', '_lsn', '_attachments']);

export interface Planned {
  status: number;
  id: string;
  current: ItemRecord | undefined;
  write?: { doc: Doc | undefined; type: ChangeOperation };
  /** JSON text of the document a read returns. */
  json?: string;
}

function validateBody(body: unknown): Doc {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The input content is invalid: the document must be a JSON object.');
  }
  const doc = body as Doc;
  const id = doc.id;
  if (typeof id !== 'string' || id === '') {
    throw badRequest("The input content is invalid because the required properties - 'id; ' - are missing");
  }
  if (/[/\\?#]/.test(id) || id.length > 1023) throw badRequest(`The document id '${id}' is invalid.`);
  if (doc.ttl !== undefined && doc.ttl !== null) {
    if (typeof doc.ttl !== 'number' || !Number.isInteger(doc.ttl) || doc.ttl === 0 || doc.ttl < -1) {
      throw badRequest('The input ttl is invalid: it must be -1 or a positive integer.');
    }
  }
  return doc;
}

function checkIfMatch(current: ItemRecord | undefined, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && ifMatch !== '*' && current?.etag !== ifMatch) throw preconditionFailed();
}

/** Whether `body` can become the stored document as it is (its keys stay in order, system ones go last). */
function isPlain(body: Doc): boolean {
  for (const k of SYSTEM_PROPS) if (Object.hasOwn(body, k)) return false;
  // Copying drops a parsed "__proto__" key (assigning it sets the prototype); keep doing exactly that.
  return !Object.hasOwn(body, '__proto__');
}

/**
 * The document to store: the body's properties in order, then the system ones. A body is parsed from the request
 * for this operation alone, so a plain one (as every create sends) is completed in place instead of copied.
 */
function buildDoc(store: ContainerStore, body: Doc, current: ItemRecord | undefined, nowMs: number): Doc {
  let doc = body;
  if (!isPlain(body)) {
    doc = {};
    for (const k of Object.keys(body)) if (!SYSTEM_PROPS.has(k)) doc[k] = body[k];
  }
  const rid = current?.rid ?? store.nextDocRid();
  doc._rid = rid;
  doc._self = `${String(store.resource._self)}docs/${rid}/`;
  doc._etag = '';
  doc._attachments = 'attachments/';
  doc._ts = Math.floor(nowMs / 1000);
  return doc;
}

function samePartition(store: ContainerStore, partition: Partition, body: Doc): void {
  if (partitionKeyJson(extractPartitionKey(body, store.pkDef)) !== partition.pkJson) {
    throw badRequest(
      "PartitionKey extracted from the document doesn't match the one specified in the header.",
    );
  }
}

export type Lookup = (id: string) => ItemRecord | undefined;

export function plan(
  store: ContainerStore,
  op: ItemOperation,
  partition: Partition,
  lookup: Lookup,
  nowMs: number,
): Planned {
  switch (op.kind) {
    case 'create': {
      const body = validateBody(op.body);
      samePartition(store, partition, body);
      const current = lookup(body.id as string);
      if (current) throw conflict();
      return {
        status: 201,
        id: body.id as string,
        current,
        write: { doc: buildDoc(store, body, undefined, nowMs), type: 'create' },
      };
    }
    case 'upsert': {
      const body = validateBody(op.body);
      samePartition(store, partition, body);
      const current = lookup(body.id as string);
      checkIfMatch(current, op.ifMatch);
      const doc = buildDoc(store, body, current, nowMs);
      return {
        status: current ? 200 : 201,
        id: body.id as string,
        current,
        write: { doc, type: current ? 'replace' : 'create' },
      };
    }
    case 'replace': {
      const body = validateBody(op.body);
      if (body.id !== op.id)
        throw badRequest('The id in the document does not match the id in the request URI.');
      samePartition(store, partition, body);
      const current = lookup(op.id);
      if (!current) throw notFound();
      checkIfMatch(current, op.ifMatch);
      return {
        status: 200,
        id: op.id,
        current,
        write: { doc: buildDoc(store, body, current, nowMs), type: 'replace' },
      };
    }
    case 'delete': {
      const current = lookup(op.id);
      if (!current) throw notFound();
      checkIfMatch(current, op.ifMatch);
      return { status: 204, id: op.id, current, write: { doc: undefined, type: 'delete' } };
    }
    case 'read': {
      const current = lookup(op.id);
      if (!current) throw notFound();
      if (op.ifNoneMatch !== undefined && (op.ifNoneMatch === '*' || op.ifNoneMatch === current.etag)) {
        return { status: 304, id: op.id, current };
      }
      return { status: 200, id: op.id, current, json: current.json };
    }
    case 'patch': {
      const current = lookup(op.id);
      if (!current) throw notFound();
      checkIfMatch(current, op.ifMatch);
      const spec = (op.patch ?? {}) as { operations?: unknown; condition?: unknown };
      const operations = Array.isArray(op.patch) ? op.patch : spec.operations;
      const doc = docOf(current);
      if (typeof spec.condition === 'string' && !evaluateCondition(spec.condition, doc)) {
        throw preconditionFailed();
      }
      const patched = applyPatch(doc, operations);
      if (patched.id !== op.id) throw badRequest('Patch cannot change the document id.');
      samePartition(store, partition, patched);
      const body = validateBody(patched);
      return {
        status: 200,
        id: op.id,
        current,
        write: { doc: buildDoc(store, body, current, nowMs), type: 'replace' },
      };
    }
  }
}
