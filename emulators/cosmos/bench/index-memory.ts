// Memory of the equality index per document, in process: the same documents stored with the index and without
// it, heap measured after a full GC each time.
//   pnpm bench cosmos-index-memory [--docs 200000]
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Account } from '../src/store/account.ts';
import type { ContainerStore } from '../src/store/container.ts';
import { executeBulk } from '../src/store/operations.ts';
import { benchDoc } from './bench-docs.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function fill(n: number, equalityIndex: boolean): ContainerStore {
  const account = new Account({
    partitionCount: 4,
    historyRetentionMs: 0,
    historyMaxEntries: 0,
    equalityIndex,
  });
  account.createDatabase({ id: 'db' });
  const store = account.createContainer('db', { id: 'events', partitionKey: { paths: ['/pk'] } });
  const now = Date.now();
  for (let i = 0; i < n; i += 1000) {
    const ops = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) {
      ops.push({ op: { kind: 'create' as const, body: benchDoc(j) }, pkValues: undefined });
    }
    executeBulk(store, ops, now);
  }
  return store;
}

const { values } = parseArgs({ options: { docs: { type: 'string', default: '200000' } } });
const n = Number(values.docs);
const perDoc = (bytes: number): string => `${(bytes / n).toFixed(1)} bytes per document`;
const base = heapUsed();
let store: ContainerStore | undefined = fill(n, false);
const without = heapUsed() - base;
store = undefined;
const base2 = heapUsed();
store = fill(n, true);
const withIndex = heapUsed() - base2;
console.log(`${n} documents: heap without the index ${perDoc(without)}, with it ${perDoc(withIndex)}`);
console.log(
  `equality index: ${perDoc(withIndex - without)} (indexed: ${['type', 'device', 'pk', 'movieId']
    .filter((f) => store?.index?.has(f))
    .join(', ')})`,
);
