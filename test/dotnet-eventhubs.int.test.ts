// The Event Hubs emulator under Microsoft's .NET SDK (Azure.Messaging.EventHubs): the xunit suite in
// interop/dotnet/EventHubsConformance runs against a private emulator with the hubs it declares.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startLocalStack, type LocalStack } from './support/index.ts';
import { buildDotnet, DOTNET_ROOT, dotnetTest, failures } from './support/dotnet.ts';

let stack: LocalStack;

before(async () => {
  const eventHubsConfigFile = path.join(DOTNET_ROOT, 'EventHubsConformance', 'hubs.json');
  // One after the other: a cold build and a stack starting together can starve the stack on 2 cores.
  await buildDotnet();
  stack = await startLocalStack({ ports: 'free', eventHubsConfigFile });
});

after(async () => {
  await stack?.stop();
});

test('the .NET Event Hubs conformance suite passes against the emulator', async (t) => {
  const result = await dotnetTest('EventHubsConformance', {
    EVENTHUB_CONNECTION_STRING: stack.connections.eventHubs,
  });
  t.diagnostic(result.summary);
  assert.equal(result.code, 0, failures(result.output));
});
