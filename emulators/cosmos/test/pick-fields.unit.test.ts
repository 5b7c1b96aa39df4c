// pickFields must give exactly what JSON.parse gives for the wanted paths, whatever precedes or follows them:
// a value read whole is JSON.parse's value; an object read in part holds JSON.parse's values of those members.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPath, pickFields, type Paths } from '../src/store/pick-fields.ts';

const docs: unknown[] = [
  { id: 'a', type: 'OrderPlaced', n: 1 },
  { id: 'q"uo\\te', nested: { type: 'inner', list: [1, '}', { a: ']' }] }, type: 'outer' },
  { 'k\\"ey': 1, 'tab\tkey': 'v', type: null, flag: false, big: -1.5e300, empty: {}, none: [] },
  { ['__proto__']: { polluted: true }, type: 'x' },
  {
    data: { Details: [{ q: 2 }], Total: 12.5, 'x\\"': { y: '\\' } },
    text: 'a,b}c]d "e\\\\"',
    unicode: 'é😀\u2028',
  },
  { data: [1, 2], source: { offset: '"}"' }, type: 'arr' },
  { data: 'scalar', type: 7 },
  { data: { Total: { deep: [true] }, Region: 'West' }, after: 1 },
  {},
];
const wanted: string[][][] = [
  [['type']],
  [['id'], ['type']],
  [['missing']],
  [['nested'], ['flag'], ['big']],
  [['__proto__']],
  [['k\\"ey'], ['tab\tkey'], ['empty'], ['none']],
  [['data'], ['text'], ['unicode']],
  [['data', 'Total']],
  [['data', 'Total'], ['type']],
  [['data', 'Total'], ['after']],
  [['data', 'x\\"', 'y'], ['text']],
  [
    ['data', 'Total', 'deep'],
    ['data', 'Region'],
  ],
  [['nested', 'list'], ['nested', 'type'], ['type']],
  [
    ['source', 'offset'],
    ['data', 'length'],
  ],
];

/** What a reader of those paths sees in the fully parsed document. */
function expected(full: Record<string, unknown>, paths: Paths): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, sub] of paths) {
    if (!Object.hasOwn(full, key)) continue;
    const value = full[key];
    const partial = sub !== true && typeof value === 'object' && value !== null && !Array.isArray(value);
    Object.defineProperty(out, key, {
      value: partial ? expected(value as Record<string, unknown>, sub) : value,
      enumerable: true,
    });
  }
  return out;
}

test('pickFields matches JSON.parse on the wanted paths, compact and spaced', () => {
  for (const doc of docs) {
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      const full = JSON.parse(text) as Record<string, unknown>;
      for (const list of wanted) {
        const paths = new Map<string, Paths | true>();
        for (const path of list) addPath(paths, path);
        const picked = pickFields(text, paths);
        assert.deepEqual({ ...picked }, { ...expected(full, paths) }, `${JSON.stringify(list)} of ${text}`);
        assert.equal(Object.getPrototypeOf(picked), Object.prototype);
      }
    }
  }
});

test('a path read whole covers its members', () => {
  const paths = new Map<string, Paths | true>();
  addPath(paths, ['data', 'Total']);
  addPath(paths, ['data']);
  addPath(paths, ['data', 'Region']);
  assert.deepEqual(paths, new Map([['data', true]]));
});
