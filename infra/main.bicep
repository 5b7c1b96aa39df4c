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

@description('Second Cosmos DB region with automatic failover; empty for a single region.')
param cosmosSecondaryLocation string = ''

@description('Partitions of the `orders` hub: the most ingest replicas KEDA will run.')
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

module eventHubs 'modules/event-hubs.bicep' = {
  name: 'event-hubs'
  params: { name: baseName, location: location, partitions: eventHubPartitions, zoneRedundant: zoneRedundant }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: { name: '${compactName}ckpt', location: location, zoneRedundant: zoneRedundant }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    name: baseName
    location: location
    secondaryLocation: cosmosSecondaryLocation
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
    location: location
    nodeCount: aksNodeCount
    vmSize: aksVmSize
  }
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
    eventHubNamespaceName: eventHubs.outputs.namespaceName
    eventHubName: eventHubs.outputs.hubName
    storageAccountName: storage.outputs.accountName
    checkpointContainerName: storage.outputs.containerName
    cosmosAccountName: cosmos.outputs.accountName
    cosmosDatabaseName: cosmos.outputs.databaseName
    redisName: redis.outputs.clusterName
    keyVaultName: keyVault.outputs.name
    apiCatalogWrite: apiCatalogWrite
  }
}

@description('k8s/overlays/aks/azure.env')
output azureEnv string = join(
  [
    'EVENTHUB_FQDN=${eventHubs.outputs.namespaceName}.servicebus.windows.net'
    'EVENTHUB_CONSUMER_GROUP=${eventHubs.outputs.consumerGroup}'
    'STORAGE_BLOB_URL=${storage.outputs.blobEndpoint}'
    'COSMOS_ENDPOINT=${cosmos.outputs.endpoint}'
    'REDIS_ENDPOINT=rediss://${redis.outputs.hostName}:${redis.outputs.port}'
    ''
  ],
  '\n'
)

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
    'TENANT_ID=${tenant().tenantId}'
    'KEY_VAULT_NAME=${keyVault.outputs.name}'
    'EVENTHUB_NAMESPACE=${eventHubs.outputs.namespaceName}'
    'STORAGE_ACCOUNT=${storage.outputs.accountName}'
    ''
  ],
  '\n'
)

output aksName string = cluster.outputs.name
output registryLoginServer string = cluster.outputs.registryLoginServer
output keyVaultName string = keyVault.outputs.name
