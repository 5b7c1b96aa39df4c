// infra/ as CI checks it: the Bicep compiles and lints with no warning at all, each environment's parameter
// file fits it, the containers it creates are the ones the services expect, and no identity gets a role
// broader than its job. The CLI runs are started together: each costs seconds of .NET start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTAINERS, EVENTS_INDEXING_POLICY } from '@marquee/platform';
import { allResources, bicep, mainTemplate, templates } from './support/bicep.ts';

const ENVIRONMENTS = ['dev', 'prod'];
const lint = bicep('lint', 'main.bicep');
const params = ENVIRONMENTS.map((e) => bicep('build-params', `params/${e}.bicepparam`, '--stdout'));
const compiled = mainTemplate();

test('bicep lint: no error and no warning in main.bicep and every module', async () => {
  const result = await lint;
  assert.equal(`${result.stdout}${result.stderr}`.trim(), '');
  assert.equal(result.code, 0);
});

test('bicep build: main.bicep compiles to an ARM template', async () => {
  assert.ok((await compiled).resources.length >= 7);
});

ENVIRONMENTS.forEach((environment, i) => {
  test(`bicep build-params: params/${environment}.bicepparam fits main.bicep`, async () => {
    const result = await params[i]!;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr.trim(), '');
    const { parameters } = JSON.parse(JSON.parse(result.stdout).parametersJson);
    assert.equal(parameters.environmentName.value, environment);
  });
});

test('store layout: events has the partition key and indexing policy of store-layout.ts', async () => {
  const cosmos = templates(await compiled).get('cosmos')!;
  const events = cosmos.resources.find(
    (r) => r.type.endsWith('/containers') && r.properties?.resource?.id === 'events',
  );
  const resource = events?.properties?.resource;
  assert.deepEqual(resource?.partitionKey.paths, CONTAINERS.events.partitionKey.paths);
  assert.deepEqual(resource?.indexingPolicy, EVENTS_INDEXING_POLICY);
});

test('store layout: every other container has the id, partition key and TTL of store-layout.ts', async () => {
  const cosmos = templates(await compiled).get('cosmos')!;
  const declared = (cosmos.variables?.sharedContainers ?? []) as { id: string }[];
  const expected = Object.values(CONTAINERS)
    .filter((c) => c.id !== 'events')
    .map((c) => ({
      id: c.id,
      partitionKey: c.partitionKey.paths[0],
      defaultTtl: 'defaultTtl' in c ? c.defaultTtl : null,
    }));
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  assert.deepEqual(declared.toSorted(byId), expected.toSorted(byId));
});

// Azure RBAC roles an identity may hold, and on what: never Owner, Contributor, a data Owner, or anything
// on a whole namespace, account or subscription.
const ALLOWED_ROLES: Record<string, { name: string; scope: RegExp }> = {
  'a638d3c7-ab3a-418d-83e6-5f17a39d4fde': {
    name: 'Event Hubs Data Receiver',
    scope: /namespaces\/eventhubs'/,
  },
  '2b629674-e913-4c01-ae53-ef4638d8f975': { name: 'Event Hubs Data Sender', scope: /namespaces\/eventhubs'/ },
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': {
    name: 'Storage Blob Data Contributor',
    scope: /blobServices\/containers'/,
  },
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1': {
    name: 'Storage Blob Data Reader',
    scope: /blobServices\/containers'/,
  },
  '4633458b-17de-408a-b874-0445c86b69e6': { name: 'Key Vault Secrets User', scope: /KeyVault\/vaults'/ },
  '7f951dda-4ed3-4680-a7ca-43fe172d538d': { name: 'AcrPull', scope: /ContainerRegistry\/registries'/ },
};

/** Replaces `variables('x')` in an ARM expression with the variable's value, as ARM would. */
const resolve = (expression: unknown, variables: Record<string, unknown> = {}): string =>
  String(expression).replace(/variables\('(\w+)'\)/g, (_, name: string) => JSON.stringify(variables[name]));

test('roles: only the allowed built-in roles, each on the narrowest resource', async () => {
  const problems: string[] = [];
  let count = 0;
  for (const [module, template] of templates(await compiled)) {
    for (const a of template.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')) {
      count++;
      const role =
        /([0-9a-f-]{36})/.exec(resolve(a.properties?.roleDefinitionId, template.variables))?.[1] ?? '';
      const allowed = ALLOWED_ROLES[role];
      if (!allowed) problems.push(`${module}: role ${role || a.properties?.roleDefinitionId} is not allowed`);
      else if (!allowed.scope.test(String(a.scope)))
        problems.push(`${module}: ${allowed.name} on ${a.scope}`);
    }
  }
  assert.ok(count >= 7, `only ${count} role assignments`);
  assert.deepEqual(problems, []);
});

test('roles: Cosmos DB data roles are the built-in reader or contributor, each on one container', async () => {
  const access = templates(await compiled).get('cosmos-access')!;
  const [assignment, ...others] = access.resources.filter((r) => r.type.endsWith('/sqlRoleAssignments'));
  assert.equal(others.length, 0, 'one copy loop over the grants');
  assert.match(String(assignment?.properties?.scope), /\/dbs\/\{1\}\/colls\/\{2\}'/);
  const grants = access.variables?.grants as { role: string; container: string }[];
  assert.ok(grants.length >= 10);
  for (const g of grants) {
    assert.match(
      resolve(g.role, access.variables),
      /sqlRoleDefinitions\/00000000-0000-0000-0000-00000000000[12]'/,
    );
    assert.ok(Object.keys(CONTAINERS).includes(g.container), g.container);
  }
  // The api writes only the catalog, and only when apiCatalogWrite allows it.
  const apiGrants = grants.filter((g) => JSON.stringify(g).includes('.api'));
  const apiWrites = apiGrants.filter((g) => g.role.includes('contributor') && g.container !== 'catalog');
  assert.deepEqual(apiWrites, []);
  const apiCatalog = grants.find((g) => JSON.stringify(g).includes('.api') && g.container === 'catalog');
  assert.match(apiCatalog?.role ?? '', /apiCatalogWrite/);
});

test('no keys: local auth is off on Event Hubs, Storage, Cosmos DB and Redis, and nothing lists a key', async () => {
  const resources = allResources(await compiled);
  const props = (type: string) => resources.find((r) => r.type === type)?.properties ?? {};
  assert.equal(props('Microsoft.EventHub/namespaces').disableLocalAuth, true);
  assert.equal(props('Microsoft.Storage/storageAccounts').allowSharedKeyAccess, false);
  assert.equal(props('Microsoft.DocumentDB/databaseAccounts').disableLocalAuth, true);
  assert.equal(props('Microsoft.Cache/redisEnterprise/databases').accessKeysAuthentication, 'Disabled');
  assert.doesNotMatch(JSON.stringify(await compiled), /list(Keys|ConnectionStrings|Secrets)\(/i);
});

// docs/regional-resilience.md's layout is one parameter: `secondaryLocation` adds the second region to every
// service that needs one, and `eventHubsRegionalOption` picks how the orders stream survives a region.
test('two regions: secondaryLocation adds the second region everywhere, as conditions of one template', async () => {
  const all = templates(await compiled);
  const main = all.get('main')!;
  const conditionOf = (name: string) => main.resources.find((r) => r.name === name)?.condition ?? '';
  assert.match(String(main.variables?.twoRegions), /not\(empty\(parameters\('secondaryLocation'\)\)\)/);
  for (const regional of ['cluster-2', 'redis-2'])
    assert.match(conditionOf(regional), /twoRegions/, regional);
  assert.equal(conditionOf('cluster'), '', 'the first region is always there');

  const account = all
    .get('cosmos')!
    .resources.find((r) => r.type === 'Microsoft.DocumentDB/databaseAccounts');
  assert.equal(account?.properties?.enableAutomaticFailover, true, 'service-managed failover');
  assert.match(String(all.get('cosmos')!.variables?.regions), /secondaryLocation/);
  assert.equal(
    account?.properties?.enableMultipleWriteLocations,
    undefined,
    'one write region: If-Match stays exclusive',
  );

  const eventHubs = all.get('event-hubs')!;
  const [primary, paired] = eventHubs.resources.filter((r) => r.type === 'Microsoft.EventHub/namespaces');
  assert.match(
    String(primary?.properties?.geoDataReplication),
    /geoReplicated.*maxReplicationLagDurationInSeconds', 0/,
  );
  assert.match(JSON.stringify(primary), /geoReplicated.*Premium/, 'geo-replication needs Premium');
  assert.match(String(paired?.condition), /paired/);
  assert.equal(paired?.properties?.disableLocalAuth, true, 'the Geo-DR partner is keyless too');
  const alias = eventHubs.resources.find((r) => r.type.endsWith('/disasterRecoveryConfigs'));
  assert.match(String(alias?.condition), /paired/);

  assert.match(String(all.get('storage')!.variables?.sku), /Standard_RAGZRS/);
  const access = all.get('access')!;
  const federations = access.resources.filter((r) => r.type.endsWith('/federatedIdentityCredentials'));
  assert.equal(federations.filter((r) => /secondOidcIssuerUrl/.test(String(r.condition))).length, 2);
  const pairedRoles = access.resources.filter(
    (r) => /paired/.test(String(r.condition)) && r.type.endsWith('/roleAssignments'),
  );
  assert.equal(pairedRoles.length, 3, 'ingest, KEDA and datagen on the Geo-DR partner hub as well');
  const replica = all.get('cluster')!.resources.find((r) => r.type.endsWith('/replications'));
  assert.match(String(replica?.condition), /registryReplicaLocation/);
});

test('two regions: prod runs in two regions with geo-replication, dev in one', async () => {
  const value = async (i: number, name: string): Promise<unknown> =>
    JSON.parse(JSON.parse((await params[i]!).stdout).parametersJson).parameters[name]?.value;
  const [dev, prod] = [ENVIRONMENTS.indexOf('dev'), ENVIRONMENTS.indexOf('prod')];
  assert.equal(await value(dev, 'secondaryLocation'), '');
  assert.equal(await value(prod, 'secondaryLocation'), 'westeurope');
  assert.notEqual(await value(prod, 'location'), await value(prod, 'secondaryLocation'));
  assert.equal(await value(prod, 'eventHubsRegionalOption'), 'geo-replication');
  const allowed = (
    (await compiled) as unknown as { parameters: Record<string, { allowedValues?: string[] }> }
  ).parameters.eventHubsRegionalOption?.allowedValues;
  assert.deepEqual(allowed, ['geo-replication', 'geo-dr']);
});
