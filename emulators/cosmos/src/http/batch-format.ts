// Wire format of bulk/batch operations ({operationType, id, resourceBody, partitionKey, ifMatch}).
import { badRequest } from './errors.ts';
import type { PartitionKeyValue } from '../hashing/epk.ts';
import { parsePartitionKeyHeader } from '../store/partition-key.ts';
import type { Doc, ItemOperation } from '../store/types.ts';

interface WireOperation {
  operationType?: string;
  id?: string;
  resourceBody?: Doc;
  partitionKey?: string;
  ifMatch?: string;
  ifNoneMatch?: string;
}

function toOperation(w: WireOperation): ItemOperation {
  const id = w.id ?? (typeof w.resourceBody?.id === 'string' ? w.resourceBody.id : '');
  const body = w.resourceBody as Doc;
  switch (w.operationType) {
    case 'Create':
      return { kind: 'create', body };
    case 'Upsert':
      return { kind: 'upsert', body, ifMatch: w.ifMatch };
    case 'Replace':
      return { kind: 'replace', id, body, ifMatch: w.ifMatch };
    case 'Delete':
      return { kind: 'delete', id, ifMatch: w.ifMatch };
    case 'Read':
      return { kind: 'read', id, ifNoneMatch: w.ifNoneMatch };
    case 'Patch':
      return { kind: 'patch', id, patch: body, ifMatch: w.ifMatch };
    default:
      throw badRequest(`Unknown batch operation type: ${String(w.operationType)}`);
  }
}

export function parseBatchOperations(
  body: unknown,
): { op: ItemOperation; pkValues: PartitionKeyValue[] | undefined }[] {
  if (!Array.isArray(body)) throw badRequest('The batch request body must be an array of operations.');
  return (body as WireOperation[]).map((w) => {
    if (w === null || typeof w !== 'object') throw badRequest('Invalid batch operation.');
    const op = toOperation(w);
    const pkValues = typeof w.partitionKey === 'string' ? parsePartitionKeyHeader(w.partitionKey) : undefined;
    return { op, pkValues };
  });
}
