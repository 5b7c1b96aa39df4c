// The Cosmos DB emulator under Microsoft's .NET SDK (gateway mode, http): the xunit suite in
// interop/dotnet/CosmosConformance runs against a private emulator and must pass whole.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalStack, type LocalStack } from './support/index.ts';
import { buildDotnet, dotnetTest, failures } from './support/dotnet.ts';

let stack: LocalStack;

before(async () => {
  // One after the other: a cold build and a stack starting together can starve the stack on 2 cores.
  await buildDotnet();
  stack = await startLocalStack({ ports: 'free' });
});

after(async () => {
  await stack?.stop();
});

test('the .NET Cosmos conformance suite passes against the emulator', async (t) => {
  const result = await dotnetTest('CosmosConformance', {
    COSMOS_CONNECTION_STRING: stack.connections.cosmos,
  });
  t.diagnostic(result.summary);
  assert.equal(result.code, 0, failures(result.output));
});
