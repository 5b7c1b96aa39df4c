// Every Azure resource Marquee runs on, in one resource group: `az deployment group create -g <rg>
// -f infra/main.bicep -p infra/params/<env>.bicepparam` (docs/deploy-aks.md). Names derive from
// namePrefix and environmentName, so the outputs below can be pasted into the AKS overlay as they are.
targetScope = 'resourceGroup'

@description('dev or prod: sizes and redundancy differ, names carry it.')
@allowed(['dev', 'prod'])
param environmentName string

@description('Lowercase letters and digits; globally unique names (storage, Cosmos DB, ACR) start with it.')
@minLength(3)
@maxLength(14)
param namePrefix string

param location string = resourceGroup().location

@description('''The second region; empty for one region. With it (docs/regional-resilience.md): Cosmos DB in both
regions (one write region, service-managed failover), the Event Hubs namespace protected as eventHubsRegionalOption
says, checkpoints RA-GZRS, the registry replicated, and a second AKS cluster and Redis in that region.''')
param secondaryLocation string = ''

@description('How the orders stream survives a region: geo-replication (Premium, events replicated synchronously: RPO 0) or geo-dr (a Geo-DR alias to an empty paired namespace: metadata only).')
@allowed(['geo-replication', 'geo-dr'])
param eventHubsRegionalOption string = 'geo-replication'

@description('Partitions of the `orders` and `clickstream` hubs: the most replicas KEDA runs of each ingest.')
@minValue(1)
@maxValue(32)
param eventHubPartitions int

@description('Physical partitions `events` is created with (autoscale max RU/s = 10,000 each): its lease count, so the most projector replicas.')
@minValue(1)
@maxValue(16)
param eventsPhysicalPartitions int

@description('Whether the api identity may write the catalog (admin routes); false leaves it read-only everywhere.')
param apiCatalogWrite bool = true

@description('AKS system and user node count (spread over three zones).')
@minValue(1)
param aksNodeCount int

param aksVmSize string = 'Standard_D4ds_v5'

@description('Azure Managed Redis SKU.')
param redisSku string = 'Balanced_B0'

var baseName = '${namePrefix}-${environmentName}'
var compactName = '${namePrefix}${environmentName}'
var zoneRedundant = environmentName == 'prod'
var twoRegions = !empty(secondaryLocation)

module eventHubs 'modules/event-hubs.bicep' = {
  name: 'event-hubs'
  params: {
    name: baseName
    location: location
    partitions: eventHubPartitions
    zoneRedundant: zoneRedundant
    secondaryLocation: secondaryLocation
    regionalOption: eventHubsRegionalOption
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: '${compactName}ckpt'
    location: location
    zoneRedundant: zoneRedundant
    readableSecondary: twoRegions
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    name: baseName
    location: location
    secondaryLocation: secondaryLocation
    zoneRedundant: zoneRedundant
    eventsPhysicalPartitions: eventsPhysicalPartitions
  }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  params: { name: baseName, location: location, sku: redisSku }
}

module cluster 'modules/cluster.bicep' = {
  name: 'cluster'
  params: {
    name: baseName
    registryName: compactName
    registryReplicaLocation: secondaryLocation
    location: location
    nodeCount: aksNodeCount
    vmSize: aksVmSize
  }
}

// The second region's compute and cache: the same cluster (pulling from the registry's replica there) and its own
// Redis, which its cache-sync fills from the catalog. Nothing else is per region: the data services fail over.
module cluster2 'modules/cluster.bicep' = if (twoRegions) {
  name: 'cluster-2'
  params: {
    name: '${baseName}-2'
    registryName: compactName
    createRegistry: false
    location: twoRegions ? secondaryLocation : location
    nodeCount: aksNodeCount
    vmSize: aksVmSize
  }
  dependsOn: [cluster]
}

module redis2 'modules/redis.bicep' = if (twoRegions) {
  name: 'redis-2'
  params: { name: '${baseName}-2', location: twoRegions ? secondaryLocation : location, sku: redisSku }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: { name: baseName, location: location }
}

module access 'modules/access.bicep' = {
  name: 'access'
  params: {
    baseName: baseName
    location: location
    oidcIssuerUrl: cluster.outputs.oidcIssuerUrl
    secondOidcIssuerUrl: twoRegions ? cluster2!.outputs.oidcIssuerUrl : ''
    eventHubNamespaceName: eventHubs.outputs.namespaceName
    pairedEventHubNamespaceName: eventHubs.outputs.secondaryNamespaceName
    eventHubName: eventHubs.outputs.hubName
    clickstreamHubName: eventHubs.outputs.clickstreamHubName
    storageAccountName: storage.outputs.accountName
    checkpointContainerName: storage.outputs.containerName
    deadLetterBodiesContainerName: storage.outputs.deadLetterBodiesContainerName
    rawEventsContainerName: storage.outputs.rawEventsContainerName
    cosmosAccountName: cosmos.outputs.accountName
    cosmosDatabaseName: cosmos.outputs.databaseName
    redisName: redis.outputs.clusterName
    secondRedisName: twoRegions ? redis2!.outputs.clusterName : ''
    keyVaultName: keyVault.outputs.name
    apiCatalogWrite: apiCatalogWrite
  }
}

var sharedEnv = [
  'EVENTHUB_FQDN=${eventHubs.outputs.fqdn}'
  'EVENTHUB_CONSUMER_GROUP=${eventHubs.outputs.consumerGroup}'
  'STORAGE_BLOB_URL=${storage.outputs.blobEndpoint}'
  'COSMOS_ENDPOINT=${cosmos.outputs.endpoint}'
]

@description('k8s/overlays/aks/azure.env')
output azureEnv string = join(
  concat(
    sharedEnv,
    ['REDIS_ENDPOINT=rediss://${redis.outputs.hostName}:${redis.outputs.port}'],
    twoRegions ? ['COSMOS_PREFERRED_REGIONS=${location},${secondaryLocation}'] : [],
    ['']
  ),
  '\n'
)

@description('k8s/overlays/aks-region2/azure.env (the second cluster): its own region first, its own Redis; empty for one region.')
output azureEnvRegion2 string = twoRegions
  ? join(
      concat(
        sharedEnv,
        ['REDIS_ENDPOINT=rediss://${redis2!.outputs.hostName}:${redis2!.outputs.port}'],
        ['COSMOS_PREFERRED_REGIONS=${secondaryLocation},${location}', '']
      ),
      '\n'
    )
  : ''

@description('k8s/overlays/aks/identities.env')
output identitiesEnv string = join(
  [
    'INGEST_CLIENT_ID=${access.outputs.clientIds.ingest}'
    'PROJECTOR_CLIENT_ID=${access.outputs.clientIds.projector}'
    'CACHE_SYNC_CLIENT_ID=${access.outputs.clientIds['cache-sync']}'
    'API_CLIENT_ID=${access.outputs.clientIds.api}'
    'DATAGEN_CLIENT_ID=${access.outputs.clientIds.datagen}'
    'SEED_CLIENT_ID=${access.outputs.clientIds.seed}'
    'KEDA_CLIENT_ID=${access.outputs.kedaClientId}'
    'INGEST_CLICKSTREAM_CLIENT_ID=${access.outputs.clientIds['ingest-clickstream']}'
    'EXPORTER_CLIENT_ID=${access.outputs.clientIds.exporter}'
    'TENANT_ID=${tenant().tenantId}'
    'KEY_VAULT_NAME=${keyVault.outputs.name}'
    'EVENTHUB_NAMESPACE=${eventHubs.outputs.namespaceName}'
    'STORAGE_ACCOUNT=${storage.outputs.accountName}'
    ''
  ],
  '\n'
)

output aksName string = cluster.outputs.name
output aksNameRegion2 string = twoRegions ? cluster2!.outputs.name : ''
output registryLoginServer string = cluster.outputs.registryLoginServer
output keyVaultName string = keyVault.outputs.name
