import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/index.ts';

test('defaults fill in what the environment leaves out', () => {
  const config = loadConfig({}, (env) => ({
    name: env.string('EVENTHUB_NAME', 'orders'),
    port: env.int('PORT', 8080, { min: 1, max: 65535 }),
    verbose: env.bool('VERBOSE', false),
    level: env.oneOf('LOG_LEVEL', ['info', 'debug'], 'info'),
  }));
  assert.deepEqual(config, { name: 'orders', port: 8080, verbose: false, level: 'info' });
});

test('every missing or invalid setting is named in one error', () => {
  assert.throws(
    () =>
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', VERBOSE: 'maybe' }, (env) => ({
        token: env.string('ADMIN_TOKEN'),
        port: env.int('PORT', 8080, { min: 1, max: 65535 }),
        level: env.oneOf('LOG_LEVEL', ['info', 'debug'], 'info'),
        verbose: env.bool('VERBOSE', false),
      })),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.details.length, 4);
      for (const name of ['ADMIN_TOKEN', 'PORT', 'LOG_LEVEL', 'VERBOSE']) {
        assert.match(err.message, new RegExp(name));
      }
      return true;
    },
  );
});

test('either takes one of two ways to reach a resource, never both', () => {
  const read = (vars: Record<string, string>) =>
    loadConfig(vars, (env) => env.either('COSMOS_CONNECTION_STRING', 'COSMOS_ENDPOINT', 'local'));
  assert.deepEqual(read({}), { name: 'COSMOS_CONNECTION_STRING', value: 'local' });
  assert.deepEqual(read({ COSMOS_ENDPOINT: 'https://x' }), { name: 'COSMOS_ENDPOINT', value: 'https://x' });
  assert.throws(() => read({ COSMOS_ENDPOINT: 'https://x', COSMOS_CONNECTION_STRING: 'y' }), /not both/);
});

test('blank values count as unset', () => {
  const config = loadConfig({ EVENTHUB_NAME: '  ' }, (env) => env.string('EVENTHUB_NAME', 'orders'));
  assert.equal(config, 'orders');
});
