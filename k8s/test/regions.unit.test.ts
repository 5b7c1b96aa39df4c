// The second region's cluster (overlays/aks-region2) is overlays/aks with only what must differ per region: its
// Cosmos region first and its own Redis (the Bicep outputs azureEnv / azureEnvRegion2, from prod.bicepparam's
// location and secondaryLocation), instance names that say the region, and its own cache-sync leases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ofKind, render, type K8sObject } from './support/render.ts';
import { bicepParam } from './support/bicep-params.ts';
import { containersOf, type Workload } from './support/pods.ts';

const region1 = (): K8sObject[] => render('overlays/aks');
const region2 = (): K8sObject[] => render('overlays/aks-region2');

const config = (objects: K8sObject[]): Record<string, string> =>
  ofKind<K8sObject & { data: Record<string, string> }>(objects, 'ConfigMap').find((c) =>
    c.metadata.name.startsWith('marquee-config'),
  )?.data ?? {};

const envOf = (objects: K8sObject[], deployment: string): { name: string; value?: string }[] => {
  const d = ofKind<Workload>(objects, 'Deployment').find((w) => w.metadata.name === deployment);
  return containersOf(d!)[0]?.env ?? [];
};

test('aks-region2: the same objects as region 1, against the same Azure resources', () => {
  const ids = (objects: K8sObject[]) =>
    objects.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, '')}`).sort();
  assert.deepEqual(ids(region2()), ids(region1()));
  const [one, two] = [config(region1()), config(region2())];
  for (const shared of ['EVENTHUB_FQDN', 'STORAGE_BLOB_URL', 'COSMOS_ENDPOINT', 'EVENTHUB_CONSUMER_GROUP'])
    assert.equal(two[shared], one[shared], `${shared}: one resource, failing over on its own`);
  const sa = (objects: K8sObject[]) =>
    ofKind(objects, 'ServiceAccount').map(
      (s) => s.metadata.annotations?.['azure.workload.identity/client-id'],
    );
  assert.deepEqual(sa(region2()), sa(region1()), 'the same identities, federated with both clusters');
});

test('aks-region2: each region prefers its own Cosmos region (prod.bicepparam) and has its own Redis', () => {
  const [primary, secondary] = [bicepParam('prod', 'location'), bicepParam('prod', 'secondaryLocation')];
  assert.notEqual(secondary, '');
  assert.equal(config(region1()).COSMOS_PREFERRED_REGIONS, `${primary},${secondary}`);
  assert.equal(config(region2()).COSMOS_PREFERRED_REGIONS, `${secondary},${primary}`);
  assert.notEqual(config(region2()).REDIS_ENDPOINT, config(region1()).REDIS_ENDPOINT);
  assert.match(config(region2()).REDIS_ENDPOINT ?? '', new RegExp(`\\.${secondary}\\.redis\\.azure\\.net`));
});

test('aks-region2: instance names carry the region; its cache-sync has its own leases, and KEDA follows them', () => {
  for (const deployment of ['ingest', 'ingest-clickstream', 'projector', 'exporter', 'cache-sync']) {
    const env = envOf(region2(), deployment);
    const names = env.map((e) => e.name);
    assert.equal(env.find((e) => e.name === 'INSTANCE_NAME')?.value, 'region2-$(POD_NAME)', deployment);
    assert.ok(names.indexOf('POD_NAME') < names.indexOf('INSTANCE_NAME'), `${deployment}: POD_NAME first`);
  }
  const processor = envOf(region2(), 'cache-sync').find((e) => e.name === 'PROCESSOR_NAME')?.value;
  assert.equal(
    envOf(region1(), 'cache-sync').find((e) => e.name === 'PROCESSOR_NAME'),
    undefined,
  );
  assert.equal(processor, 'cache-sync-region2');
  const trigger = (objects: K8sObject[]) =>
    ofKind<K8sObject & { spec: { triggers: { metadata: Record<string, string> }[] } }>(
      objects,
      'ScaledObject',
    ).find((s) => s.metadata.name === 'cache-sync')?.spec.triggers[0]?.metadata.processorName;
  assert.equal(trigger(region2()), processor);
  assert.equal(trigger(region1()), 'cache-sync');
});
