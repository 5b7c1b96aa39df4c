// Item operations (point, bulk, transactional batch) on a ContainerStore. Each operation is first planned against
// the current state (or a batch's staged state) and only then committed, which makes batches all-or-nothing.
import { badRequest, CosmosError } from '../http/errors.ts';
import type { PartitionKeyValue } from '../hashing/epk.ts';
import type { ContainerStore, Partition } from './container.ts';
import { plan, type Lookup, type Planned } from './plan.ts';
import type { Doc, ItemOperation, ItemRecord, OperationResult } from './types.ts';

function finish(
  store: ContainerStore,
  planned: Planned,
  partition: Partition,
  nowMs: number,
): OperationResult {
  if (planned.write) {
    const record = store.commit(
      partition,
      planned.id,
      planned.current,
      planned.write.doc,
      planned.write.type,
      nowMs,
    );
    return record
      ? { status: planned.status, json: record.json, etag: record.etag }
      : { status: planned.status };
  }
  return { status: planned.status, json: planned.json, etag: planned.current?.etag };
}

/** Partition for an operation: from its body when it has one, else from the given key values. */
export function partitionForOperation(
  store: ContainerStore,
  op: ItemOperation,
  pkValues: PartitionKeyValue[] | undefined,
): Partition {
  if (pkValues !== undefined) return store.partitionFor(pkValues, true) as Partition;
  if ('body' in op && op.body && typeof op.body === 'object') return store.partitionOfDoc(op.body);
  throw badRequest(
    'The partition key supplied in x-ms-partitionkey header has fewer components than defined in the collection.',
  );
}

/** Runs one operation; throws CosmosError on failure. */
export function executeOne(
  store: ContainerStore,
  op: ItemOperation,
  partition: Partition,
  nowMs: number,
): OperationResult {
  const planned = plan(store, op, partition, (id) => store.live(partition, id, nowMs), nowMs);
  return finish(store, planned, partition, nowMs);
}

function failure(err: unknown): OperationResult {
  if (err instanceof CosmosError) return { status: err.status, message: err.message };
  throw err;
}

/** What later operations of a batch see of an earlier write (its etag is only known once committed). */
function stagedRecord(planned: Planned, doc: Doc): ItemRecord {
  return {
    ...(planned.current as ItemRecord),
    id: planned.id,
    json: JSON.stringify(doc),
    etag: String(doc._etag),
    rid: String(doc._rid),
    ts: Number(doc._ts),
    utf8: undefined,
  };
}

/** Transactional batch in one logical partition: all operations commit, or none do (failed → 424 for the rest). */
export function executeBatch(
  store: ContainerStore,
  ops: ItemOperation[],
  partition: Partition,
  nowMs: number,
): OperationResult[] {
  const staged = new Map<string, ItemRecord | undefined>();
  const lookup: Lookup = (id) => (staged.has(id) ? staged.get(id) : store.live(partition, id, nowMs));
  const plans: Planned[] = [];
  for (let i = 0; i < ops.length; i++) {
    try {
      const planned = plan(store, ops[i] as ItemOperation, partition, lookup, nowMs);
      plans.push(planned);
      if (planned.write) {
        const doc = planned.write.doc;
        staged.set(planned.id, doc ? stagedRecord(planned, doc) : undefined);
      }
    } catch (err) {
      const failed = failure(err);
      return ops.map((_, j) =>
        j === i
          ? failed
          : { status: 424, message: 'Failed dependency: another operation of the batch failed.' },
      );
    }
  }
  return plans.map((planned) => {
    // A later operation of the batch may have replaced this one's record: commit against the latest state.
    const current = partition.items.get(planned.id);
    return finish(
      store,
      { ...planned, current: current && !current.stale ? current : undefined },
      partition,
      nowMs,
    );
  });
}

/** Non-atomic bulk: each operation stands alone. */
export function executeBulk(
  store: ContainerStore,
  ops: { op: ItemOperation; pkValues: PartitionKeyValue[] | undefined }[],
  nowMs: number,
): OperationResult[] {
  return ops.map(({ op, pkValues }) => {
    try {
      return executeOne(store, op, partitionForOperation(store, op, pkValues), nowMs);
    } catch (err) {
      return failure(err);
    }
  });
}
