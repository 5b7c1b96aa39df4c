// A Marquee processor and Microsoft's .NET processor (Microsoft.Azure.Cosmos 3.64, gateway mode) with the same
// processor name on the same lease container are one fleet. Both run as processes so either can be SIGKILLed.
//
// The contract is the change feed processor's own: at-least-once. A change can be handled twice only around a
// lease moving (a kill, or the .NET side taking a lease by overwriting its owner, as it always does); in steady
// state each change is handled by exactly one instance. Handlers must be idempotent, as with either alone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildDotnet } from '../../../test/support/dotnet.ts';
import { spawnInstance, type ChildInstance } from './support/child-instance.ts';
import { spawnDotnetInstance, type DotnetInstance } from './support/dotnet-instance.ts';
import { startStack, waitFor, writeItems, type Stack } from './support/stack.ts';

let stack: Stack;
const children: Array<{ kill(): Promise<void> }> = [];

before(async () => {
  // The build (incremental: the .NET suites' tests build the same solution) and the emulator start side by side.
  const [built, started] = await Promise.allSettled([buildDotnet(), startStack(4)]);
  if (started.status === 'fulfilled') stack = started.value;
  if (built.status === 'rejected') throw built.reason;
  if (started.status === 'rejected') throw started.reason;
});
after(async () => {
  await Promise.all(children.map((c) => c.kill()));
  await stack?.close();
});

/** Who handled each id how often, across every instance of the fleet so far. */
function handled(marquee: ChildInstance[], dotnet: DotnetInstance[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  const add = (id: string, who: string): void => void by.set(id, [...(by.get(id) ?? []), who]);
  marquee.forEach((m, i) => m.batches.forEach((b) => b.ids.forEach((id) => add(id, `marquee-${i + 1}`))));
  dotnet.forEach((d, i) => d.changes.forEach((c) => add(c.id, `dotnet-${i + 1}`)));
  return by;
}

async function owners(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const l of await stack.leasesOf('proj'))
    counts[l.owner ?? 'free'] = (counts[l.owner ?? 'free'] ?? 0) + 1;
  return counts;
}

async function waitForOwners(what: string, expected: Record<string, number>): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last: Record<string, number> = {};
  while (Date.now() < deadline) {
    last = await owners();
    if (JSON.stringify(Object.entries(last).sort()) === JSON.stringify(Object.entries(expected).sort()))
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}: owners ${JSON.stringify(last)}`);
}

test('one fleet: leases balance across both, each takes over after the other is killed, no change lost', async (t) => {
  const { endpoint, key } = stack.emulator;
  const marquee = [spawnInstance(endpoint, key, 'marquee-1')];
  children.push(marquee[0]!);
  await waitFor('marquee-1 started', () => marquee[0]!.ready(), 30_000);
  const a = await writeItems(stack.monitored, 300, 'a');
  await waitFor('marquee-1 handled the first writes', () => handled(marquee, []).size === a.length, 30_000);

  // The .NET processor joins: it finds the leases Marquee created and takes its share by overwriting owners.
  const dotnet = [spawnDotnetInstance(endpoint, key, 'dotnet-1')];
  children.push(dotnet[0]!);
  await waitForOwners('two leases each', { 'marquee-1': 2, 'dotnet-1': 2 });
  // Steady state starts once the previous owner has noticed the overwrite: its next renewal (every 200 ms) or
  // checkpoint finds the lease gone. A batch it had in hand until then may be handled on both sides; on a busy
  // 2-core CI machine that took longer than writing `b`, so the claim waited a few renewals.
  await new Promise((r) => setTimeout(r, 1_000));
  const b = await writeItems(stack.monitored, 400, 'b');
  await waitFor('every change handled', () => b.every((id) => handled(marquee, dotnet).has(id)), 30_000);
  const byB = b.map((id) => handled(marquee, dotnet).get(id)!);
  assert.ok(
    byB.every((who) => who.length === 1),
    'a change was handled twice in steady state',
  );
  assert.ok(byB.some((who) => who[0] === 'dotnet-1') && byB.some((who) => who[0] === 'marquee-1'));
  await new Promise((r) => setTimeout(r, 500)); // let the last checkpoints land

  // kill -9 the .NET side: Marquee takes its leases after expiry and resumes from its checkpoints.
  await dotnet[0]!.kill();
  await waitForOwners('marquee-1 to own every lease', { 'marquee-1': 4 });
  const c = await writeItems(stack.monitored, 200, 'c');
  await waitFor('changes after the kill', () => c.every((id) => handled(marquee, dotnet).has(id)), 30_000);
  const redeliveredB = b.filter((id) => handled(marquee, dotnet).get(id)!.length > 1);
  t.diagnostic(`after killing dotnet-1: ${redeliveredB.length} of its changes handled again`);
  assert.ok(redeliveredB.length <= 2 * 50, 'Marquee did not resume from the .NET checkpoints');

  // A fresh .NET instance joins, then Marquee is killed: .NET takes everything and resumes from Marquee's
  // checkpoints (a resume from the beginning would re-deliver hundreds).
  dotnet.push(spawnDotnetInstance(endpoint, key, 'dotnet-2'));
  children.push(dotnet[1]!);
  await waitForOwners('two leases each again', { 'marquee-1': 2, 'dotnet-2': 2 });
  await new Promise((r) => setTimeout(r, 500));
  await marquee[0]!.kill();
  await waitForOwners('dotnet-2 to own every lease', { 'dotnet-2': 4 });
  const d = await writeItems(stack.monitored, 200, 'd');
  await waitFor(
    'changes after the second kill',
    () => d.every((id) => handled(marquee, dotnet).has(id)),
    30_000,
  );
  const all = handled(marquee, dotnet);
  const redeliveredC = c.filter((id) => all.get(id)!.length > 1);
  t.diagnostic(`after killing marquee-1: ${redeliveredC.length} of its changes handled again`);
  assert.ok(redeliveredC.length <= 4 * 50, '.NET did not resume from the Marquee checkpoints');
  assert.ok(d.every((id) => all.get(id)!.length === 1 && all.get(id)![0] === 'dotnet-2'));
  assert.deepEqual(
    [...a, ...b, ...c, ...d].filter((id) => !all.has(id)),
    [],
    'no change is ever lost',
  );
  assert.deepEqual(dotnet[1]!.errors, []);
});
