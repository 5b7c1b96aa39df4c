// Who may do what, as narrowly as Azure allows. One user-assigned identity per process, federated with that
// process's ServiceAccount (namespace marquee); KEDA reads as its own identity, federated with the add-on's
// keda-operator ServiceAccount, with read-only roles. Nothing here is namespace- or account-wide: Event
// Hubs roles are on the hub, Storage on the checkpoint container, Cosmos DB data roles on single containers.
param baseName string
param location string
param oidcIssuerUrl string
@description('The second region\'s cluster: its ServiceAccounts federate with the same identities. Empty for one region.')
param secondOidcIssuerUrl string = ''
param eventHubNamespaceName string
@description('The Geo-DR partner namespace (RBAC is not copied by the pairing); empty for none.')
param pairedEventHubNamespaceName string = ''
param eventHubName string
param clickstreamHubName string
param storageAccountName string
param checkpointContainerName string
param deadLetterBodiesContainerName string
param rawEventsContainerName string
param cosmosAccountName string
param cosmosDatabaseName string
param redisName string
@description('The second region\'s Redis; empty for one region.')
param secondRedisName string = ''
param keyVaultName string
param apiCatalogWrite bool

// Appended, never reordered: the indexes below name them.
var services = ['ingest', 'projector', 'cache-sync', 'api', 'datagen', 'seed', 'ingest-clickstream', 'exporter']

resource identities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [
  for s in services: {
    name: '${baseName}-${s}'
    location: location
  }
]

resource keda 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-keda'
  location: location
}

resource federations 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [
  for (s, i) in services: {
    parent: identities[i]
    name: 'aks-${s}'
    properties: {
      issuer: oidcIssuerUrl
      subject: 'system:serviceaccount:marquee:${s}'
      audiences: ['api://AzureADTokenExchange']
    }
  }
]

resource kedaFederation 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: keda
  name: 'aks-keda-operator'
  properties: {
    issuer: oidcIssuerUrl
    subject: 'system:serviceaccount:kube-system:keda-operator'
    audiences: ['api://AzureADTokenExchange']
  }
}

// The second cluster's ServiceAccounts, same names: one identity per process whichever region runs it. Azure
// refuses concurrent writes of credentials under one identity, hence after the first cluster's.
resource secondFederations 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [
  for (s, i) in services: if (!empty(secondOidcIssuerUrl)) {
    parent: identities[i]
    name: 'aks2-${s}'
    properties: {
      issuer: secondOidcIssuerUrl
      subject: 'system:serviceaccount:marquee:${s}'
      audiences: ['api://AzureADTokenExchange']
    }
    dependsOn: [federations]
  }
]

resource secondKedaFederation 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = if (!empty(secondOidcIssuerUrl)) {
  parent: keda
  name: 'aks2-keda-operator'
  properties: {
    issuer: secondOidcIssuerUrl
    subject: 'system:serviceaccount:kube-system:keda-operator'
    audiences: ['api://AzureADTokenExchange']
  }
  dependsOn: [kedaFederation]
}

// Built-in role definition ids (Azure RBAC).
var eventHubsDataReceiver = 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
var eventHubsDataSender = '2b629674-e913-4c01-ae53-ef4638d8f975'
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var blobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: eventHubNamespaceName
}
resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' existing = {
  parent: namespace
  name: eventHubName
}
resource pairedNamespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = if (paired) {
  name: empty(pairedEventHubNamespaceName) ? eventHubNamespaceName : pairedEventHubNamespaceName
}
resource pairedHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' existing = if (paired) {
  parent: pairedNamespace
  name: eventHubName
}
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}
resource checkpoints 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: checkpointContainerName
}
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

// ingest reads the hub; KEDA reads its partition positions. Never namespace-wide Listen or Manage.
resource hubReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hub.id, identities[0].id, eventHubsDataReceiver)
  scope: hub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataReceiver)
    principalId: identities[0].properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource hubReaderForKeda 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hub.id, keda.id, eventHubsDataReceiver)
  scope: hub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataReceiver)
    principalId: keda.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// datagen only sends.
resource hubSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hub.id, identities[4].id, eventHubsDataSender)
  scope: hub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataSender)
    principalId: identities[4].properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The same three roles on the Geo-DR partner's hub, which the alias points at after a failover.
var paired = !empty(pairedEventHubNamespaceName)
resource pairedHubReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (paired) {
  name: guid(pairedHub.id, identities[0].id, eventHubsDataReceiver)
  scope: pairedHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataReceiver)
    principalId: identities[0].properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource pairedHubReaderForKeda 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (paired) {
  name: guid(pairedHub.id, keda.id, eventHubsDataReceiver)
  scope: pairedHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataReceiver)
    principalId: keda.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource pairedHubSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (paired) {
  name: guid(pairedHub.id, identities[4].id, eventHubsDataSender)
  scope: pairedHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataSender)
    principalId: identities[4].properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ingest writes checkpoints and ownership; KEDA reads the checkpoints. The container only.
resource checkpointWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(checkpoints.id, identities[0].id, blobDataContributor)
  scope: checkpoints
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: identities[0].properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource checkpointReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(checkpoints.id, keda.id, blobDataReader)
  scope: checkpoints
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataReader)
    principalId: keda.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The api reads secrets of a vault that holds only Marquee's admin token.
resource adminTokenReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identities[3].id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identities[3].properties.principalId
    principalType: 'ServicePrincipal'
  }
}

module telemetryAccess 'telemetry-access.bicep' = {
  name: 'telemetry-access'
  params: {
    eventHubNamespaceName: eventHubNamespaceName
    pairedEventHubNamespaceName: pairedEventHubNamespaceName
    clickstreamHubName: clickstreamHubName
    storageAccountName: storageAccountName
    checkpointContainerName: checkpointContainerName
    deadLetterBodiesContainerName: deadLetterBodiesContainerName
    rawEventsContainerName: rawEventsContainerName
    principals: {
      ingest: identities[0].properties.principalId
      ingestClickstream: identities[6].properties.principalId
      exporter: identities[7].properties.principalId
      datagen: identities[4].properties.principalId
      keda: keda.properties.principalId
    }
  }
}

module cosmosAccess 'cosmos-access.bicep' = {
  name: 'cosmos-access'
  params: {
    accountName: cosmosAccountName
    databaseName: cosmosDatabaseName
    principals: {
      ingest: identities[0].properties.principalId
      projector: identities[1].properties.principalId
      cacheSync: identities[2].properties.principalId
      api: identities[3].properties.principalId
      seed: identities[5].properties.principalId
      ingestClickstream: identities[6].properties.principalId
      exporter: identities[7].properties.principalId
      keda: keda.properties.principalId
    }
    apiCatalogWrite: apiCatalogWrite
  }
}

module redisAccess 'redis-access.bicep' = {
  name: 'redis-access'
  params: {
    redisName: redisName
    principals: [identities[2].properties.principalId, identities[3].properties.principalId]
  }
}

module secondRedisAccess 'redis-access.bicep' = if (!empty(secondRedisName)) {
  name: 'redis-access-2'
  params: {
    redisName: secondRedisName
    principals: [identities[2].properties.principalId, identities[3].properties.principalId]
  }
}

output clientIds object = {
  ingest: identities[0].properties.clientId
  projector: identities[1].properties.clientId
  'cache-sync': identities[2].properties.clientId
  api: identities[3].properties.clientId
  datagen: identities[4].properties.clientId
  seed: identities[5].properties.clientId
  'ingest-clickstream': identities[6].properties.clientId
  exporter: identities[7].properties.clientId
}
output kedaClientId string = keda.properties.clientId
