import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetStackData } from '../src/services.ts';

test('--reset removes the emulators and Azurite data, and nothing else in the data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-reset-'));
  try {
    for (const part of ['cosmos/containers', 'eventhubs', 'azurite'])
      mkdirSync(join(dir, part), { recursive: true });
    writeFileSync(join(dir, 'cosmos', 'meta.json'), '{}');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    assert.deepEqual(resetStackData(dir), ['eventhubs', 'cosmos', 'azurite']);
    assert.equal(existsSync(join(dir, 'cosmos')), false);
    assert.equal(existsSync(join(dir, 'eventhubs')), false);
    assert.equal(existsSync(join(dir, 'azurite')), false);
    assert.equal(existsSync(join(dir, 'notes.txt')), true);
    assert.deepEqual(resetStackData(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
