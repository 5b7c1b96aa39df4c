// An in-memory container store (no HTTP, no files), written through the same operations the HTTP handlers run:
// for unit tests and in-process benchmarks.
import { Account } from '../src/store/account.ts';
import type { ContainerStore } from '../src/store/container.ts';
import { executeOne, partitionForOperation } from '../src/store/operations.ts';
import type { Doc, ItemOperation } from '../src/store/types.ts';

export function memoryAccount(equalityIndex = true): Account {
  return new Account({
    partitionCount: 4,
    historyRetentionMs: 60_000,
    historyMaxEntries: 1000,
    equalityIndex,
  });
}

/** A new container (partition key `/pk`) in `account`. */
export function memoryStore(account = memoryAccount(), resource: Doc = {}): ContainerStore {
  if (!account.databases.has('db')) account.createDatabase({ id: 'db' });
  return account.createContainer('db', {
    id: `c${account.collSeq}`,
    partitionKey: { paths: ['/pk'] },
    ...resource,
  });
}

/** Runs one operation (partition from the body, or `pk`); returns its status, throws CosmosError on failure. */
export function write(store: ContainerStore, op: ItemOperation, nowMs: number, pk?: string): number {
  const partition = partitionForOperation(store, op, pk === undefined ? undefined : [pk]);
  return executeOne(store, op, partition, nowMs).status;
}
