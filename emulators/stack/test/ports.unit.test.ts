import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../src/ports.ts';

test('freePort never hands out a port twice in one process, though the OS offers ports again once released', async () => {
  // Ask for enough ports that the OS, picking from its ephemeral range, is all but sure to offer one again.
  const ports: number[] = [];
  for (let i = 0; i < 3_000; i++) ports.push(await freePort());
  assert.equal(new Set(ports).size, ports.length);
  assert.ok(ports.every((p) => p > 0 && p < 65_536));
});
