// The AKS overlay: no secret in the manifests, one workload identity per process, KEDA scaling by
// partition and by lag with its own read-only identity, and only the api reachable from the ingress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCAL_STACK } from '@marquee/platform';
import { idOf, ofKind, render, type K8sObject } from './support/render.ts';
import { containersOf, workloads, type Workload } from './support/pods.ts';
import { bicepParam } from './support/bicep-params.ts';

const aks = (): K8sObject[] => render('overlays/aks');
const local = (): K8sObject[] => render('overlays/local');

/** Text that looks like a credential: account keys, SAS, passwords in URLs, bearer tokens, PEM keys. */
const SECRET_PATTERNS = [
  /AccountKey=/i,
  /SharedAccessKey=/i,
  /SharedAccessSignature/i,
  /[a-z]+s?:\/\/[^/\s:@]*:[^/\s@]+@/i,
  /password\s*[=:]/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bsig=[A-Za-z0-9%]{20,}/,
];

/** Every string value anywhere in an object, with its path. */
function strings(value: unknown, at: string): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

function literalSecrets(objects: K8sObject[], allowed: string[] = []): string[] {
  return objects.flatMap((o) => [
    ...(o.kind === 'Secret' ? [`${idOf(o)}: a Secret in the manifests`] : []),
    ...strings(o, idOf(o))
      .filter(([, v]) => SECRET_PATTERNS.some((p) => p.test(v)) && !allowed.some((a) => v.includes(a)))
      .map(([at]) => at),
  ]);
}

test('aks: no literal secret and no Secret object anywhere', () => {
  assert.deepEqual(literalSecrets(aks()), []);
});

test('local: the only credentials are the emulators’ published development keys and the demo token', () => {
  const wellKnown = [
    LOCAL_STACK.eventHubsConnectionString.split('SharedAccessKey=')[1]!,
    LOCAL_STACK.cosmosConnectionString.split('AccountKey=')[1]!,
    'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  ];
  const secrets = ofKind<K8sObject & { data?: Record<string, string> }>(local(), 'Secret');
  assert.deepEqual(
    secrets.map((s) => Object.values(s.data ?? {}).map((v) => Buffer.from(v, 'base64').toString())),
    [['demo-admin-token']],
  );
  assert.deepEqual(
    literalSecrets(
      local().filter((o) => o.kind !== 'Secret'),
      wellKnown,
    ),
    [],
  );
});

test('the secret check finds a key in a config map and a password in a URL', () => {
  const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
  assert.equal(literalSecrets([{ ...config, data: { A: 'AccountEndpoint=x;AccountKey=abc;' } }]).length, 1);
  assert.equal(literalSecrets([{ ...config, data: { R: 'rediss://:hunter2@host:6380' } }]).length, 1);
  assert.equal(literalSecrets([{ ...config, data: { R: 'rediss://host:10000' } }]).length, 0);
});

test('aks: every process has its own ServiceAccount, federated with its own managed identity', () => {
  const all = aks();
  const accounts = new Map(ofKind(all, 'ServiceAccount').map((sa) => [sa.metadata.name, sa]));
  const used = workloads(all).map((w) => {
    const name = w.spec.template.spec.serviceAccountName ?? 'default';
    assert.equal(w.spec.template.metadata.labels['azure.workload.identity/use'], 'true', idOf(w));
    assert.equal(name, w.metadata.name, `${idOf(w)} runs as ${name}`);
    return name;
  });
  assert.equal(new Set(used).size, used.length);
  const clientIds = used.map(
    (name) => accounts.get(name)?.metadata.annotations?.['azure.workload.identity/client-id'],
  );
  assert.ok(
    clientIds.every((id) => /^[0-9a-f-]{36}$/.test(id ?? '')),
    clientIds.join(),
  );
  assert.equal(new Set(clientIds).size, clientIds.length, 'each identity serves one process');
});

test('aks: the api takes its admin token from Key Vault through the CSI driver, as its own identity', () => {
  const all = aks();
  const [spc] = ofKind<K8sObject & { spec: { provider: string; parameters: Record<string, string> } }>(
    all,
    'SecretProviderClass',
  );
  const apiSa = ofKind(all, 'ServiceAccount').find((s) => s.metadata.name === 'api');
  assert.equal(spc?.spec.provider, 'azure');
  assert.equal(
    spc.spec.parameters.clientID,
    apiSa?.metadata.annotations?.['azure.workload.identity/client-id'],
  );
  const api = ofKind<Workload>(all, 'Deployment').find((d) => d.metadata.name === 'api')!;
  const env = containersOf(api)[0]!.env ?? [];
  assert.deepEqual(env.find((e) => e.name === 'ADMIN_TOKEN')?.valueFrom, {
    secretKeyRef: { name: 'marquee-admin', key: 'ADMIN_TOKEN' },
  });
});

interface ScaledObject extends K8sObject {
  spec: {
    scaleTargetRef: { name: string };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    triggers: { type: string; metadata: Record<string, string>; authenticationRef?: { name: string } }[];
  };
}

for (const [name, hub] of [
  ['ingest', 'orders'],
  ['ingest-clickstream', 'clickstream'],
] as const)
  test(`aks: ${name} scales on Event Hubs by partition, reading the JS checkpoint layout as KEDA’s identity`, () => {
    const all = aks();
    const ingest = ofKind<ScaledObject>(all, 'ScaledObject').find((s) => s.metadata.name === name)!;
    const [trigger] = ingest.spec.triggers;
    assert.equal(trigger?.type, 'azure-eventhub');
    assert.equal(trigger.metadata.eventHubName, hub);
    const deployment = ofKind<Workload>(all, 'Deployment').find((d) => d.metadata.name === name)!;
    const hubEnv = containersOf(deployment)[0]?.env?.find((e) => e.name === 'EVENTHUB_NAME')?.value;
    assert.equal(hubEnv ?? 'orders', hub, 'the Deployment reads the hub its scaler watches');
    assert.equal(trigger.metadata.checkpointStrategy, 'blobMetadata');
    for (const key of ['eventHubNamespace', 'eventHubName', 'consumerGroup'])
      assert.equal(trigger.metadata[key], trigger.metadata[key]?.toLowerCase(), `${key} must be lowercase`);
    assert.equal(ingest.spec.minReplicaCount, 1);
    assert.equal(ingest.spec.maxReplicaCount, Number(bicepParam('prod', 'eventHubPartitions')));
    const [config] = ofKind<K8sObject & { data: Record<string, string> }>(all, 'ConfigMap');
    assert.ok(config);
    assert.equal(config.data.EVENTHUB_CONSUMER_GROUP, trigger.metadata.consumerGroup);
    assert.equal(config.data.EVENTHUB_FQDN, `${trigger.metadata.eventHubNamespace}.servicebus.windows.net`);
    assert.equal(
      config.data.STORAGE_BLOB_URL,
      `https://${trigger.metadata.storageAccountName}.blob.core.windows.net`,
    );
    const auth = ofKind<K8sObject & { spec: { podIdentity: { provider: string; identityId: string } } }>(
      all,
      'TriggerAuthentication',
    ).find((t) => t.metadata.name === trigger.authenticationRef?.name);
    assert.equal(auth?.spec.podIdentity.provider, 'azure-workload');
    const serviceIds = ofKind(all, 'ServiceAccount').map(
      (s) => s.metadata.annotations?.['azure.workload.identity/client-id'],
    );
    assert.ok(!serviceIds.includes(auth.spec.podIdentity.identityId), 'KEDA uses its own read-only identity');
  });

test('aks: projector, exporter and cache-sync scale on change-feed lag, never beyond their lease count', () => {
  const all = aks();
  const scaled = ofKind<ScaledObject>(all, 'ScaledObject');
  const [config] = ofKind<K8sObject & { data: Record<string, string> }>(all, 'ConfigMap');
  for (const [name, container, max] of [
    ['projector', 'events', Number(bicepParam('prod', 'eventsPhysicalPartitions'))],
    ['exporter', 'events', Number(bicepParam('prod', 'eventsPhysicalPartitions'))],
    ['cache-sync', 'catalog', 1],
  ] as const) {
    const so = scaled.find((s) => s.metadata.name === name)!;
    const [trigger] = so.spec.triggers;
    assert.equal(trigger?.type, 'azure-cosmosdb', name);
    assert.equal(trigger.metadata.containerId, container);
    assert.equal(trigger.metadata.leaseContainerId, 'leases');
    assert.equal(trigger.metadata.endpoint, config?.data.COSMOS_ENDPOINT);
    assert.equal(so.spec.maxReplicaCount, max, `${name}: max = lease count`);
    // The processors' own names (services/projector views/processor-name.ts, cache-sync's PROCESSOR_NAME,
    // the exporter's EXPORT_PROCESSOR_NAME).
    const processor = name === 'projector' ? /^projector\.top-movies\.g\d+$/ : new RegExp(`^${name}$`);
    assert.match(trigger.metadata.processorName ?? '', processor);
  }
});

test('aks: KEDA owns the replica count of what it scales, and only the api is reachable from the ingress', () => {
  const all = aks();
  const targets = new Set(ofKind<ScaledObject>(all, 'ScaledObject').map((s) => s.spec.scaleTargetRef.name));
  for (const d of ofKind<Workload>(all, 'Deployment'))
    if (targets.has(d.metadata.name)) assert.equal(d.spec.replicas, undefined, `${idOf(d)} sets replicas`);
  const ingressAllowed = ofKind<K8sObject & { spec: { podSelector: unknown; ingress?: unknown[] } }>(
    all,
    'NetworkPolicy',
  ).filter((p) => JSON.stringify(p.spec.ingress ?? []).includes('app-routing-system'));
  assert.deepEqual(
    ingressAllowed.map((p) => p.spec.podSelector),
    [{ matchLabels: { 'app.kubernetes.io/name': 'api' } }],
  );
});
