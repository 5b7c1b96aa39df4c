// Memory of the equality index per document, in process: the same documents stored with the index and without
// it, heap measured after a full GC each time.
//   pnpm bench cosmos-index-memory [--docs 200000]
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ContainerStore } from '../src/store/container.ts';
import { memoryAccount, memoryStore, write } from '../test/memory-store.ts';
import { benchDoc } from './bench-docs.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function fill(n: number, equalityIndex: boolean): ContainerStore {
  const store = memoryStore(memoryAccount(equalityIndex));
  const now = Date.now();
  for (let i = 0; i < n; i++) write(store, { kind: 'create', body: benchDoc(i) }, now);
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
