// pickFields must give exactly what JSON.parse gives for the wanted top-level properties, whatever precedes them
// (and the whole document when one of them is an object or an array).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickFields } from '../src/store/pick-fields.ts';

const docs: unknown[] = [
  { id: 'a', type: 'OrderPlaced', n: 1 },
  { id: 'q"uo\\te', nested: { type: 'inner', list: [1, '}', { a: ']' }] }, type: 'outer' },
  { 'k\\"ey': 1, 'tab\tkey': 'v', type: null, flag: false, big: -1.5e300, empty: {}, none: [] },
  { ['__proto__']: { polluted: true }, type: 'x' },
  { data: { Details: [{ q: 2 }] }, text: 'a,b}c]d "e"', unicode: 'é😀\u2028' },
  {},
];
const wanted = [
  ['type'],
  ['id', 'type'],
  ['missing'],
  ['nested', 'flag', 'big'],
  ['__proto__'],
  ['k\\"ey', 'tab\tkey', 'empty', 'none'],
  ['data', 'text', 'unicode'],
];

test('pickFields matches JSON.parse for compact and spaced text', () => {
  for (const doc of docs) {
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      const full = JSON.parse(text) as Record<string, unknown>;
      for (const fields of wanted) {
        const picked = pickFields(text, new Set(fields));
        if (fields.some((f) => Object.hasOwn(full, f) && typeof full[f] === 'object' && full[f] !== null)) {
          assert.deepEqual(picked, full, 'an object or array wanted: the whole document');
          continue;
        }
        const expected = Object.fromEntries(
          fields.filter((f) => Object.hasOwn(full, f)).map((f) => [f, full[f]]),
        );
        assert.deepEqual({ ...picked }, expected, `${fields.join(',')} of ${text}`);
        assert.equal(Object.getPrototypeOf(picked), Object.prototype);
      }
    }
  }
});
