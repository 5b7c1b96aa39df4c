import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processorNameOf } from '../src/views/index.ts';

test('one processor per view and generation', () => {
  assert.equal(processorNameOf('orders-hour', 3), 'projector.orders-hour.g3');
  assert.notEqual(processorNameOf('orders-hour', 3), processorNameOf('orders-hour', 4));
});
