import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCategoryName } from '../src/index.ts';

test('a category name is stored NFC and trimmed', () => {
  assert.deepEqual(normalizeCategoryName('  Cafe\u0301 '), { ok: true, name: 'Caf\u00e9' });
  assert.deepEqual(normalizeCategoryName('Sci-Fi & Fantasy'), { ok: true, name: 'Sci-Fi & Fantasy' });
  assert.deepEqual(normalizeCategoryName('アニメ'), { ok: true, name: 'アニメ' });
});

test('names that hide, reorder or control what is shown are refused with the reason', () => {
  const refused = {
    'only blanks': ' \t\u3000',
    'zero-width space': 'Dra\u200bma',
    'zero-width and bidi only': '\u200b\u200f\u202e\u2066',
    'right-to-left override': 'abc\u202Eevil',
    NUL: 'a\u0000b',
    'ANSI escape': '\u001b[31mRed',
    'line separator': 'a\u2028b',
    'lone surrogate': 'a\ud800b',
    BOM: 'a\ufeffb',
    'too long': 'x'.repeat(101),
  };
  for (const [label, name] of Object.entries(refused)) {
    const result = normalizeCategoryName(name);
    assert.equal(result.ok, false, label);
    if (!result.ok) assert.ok(result.reason.length > 0, label);
  }
  const zwsp = normalizeCategoryName('Dra\u200bma');
  assert.ok(!zwsp.ok && /U\+200B/.test(zwsp.reason));
});
