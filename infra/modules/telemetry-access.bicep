// The Event Hubs and Blob roles of issue 18's processes, beside access.bicep's: the clickstream hub (its
// ingest receives, datagen sends, KEDA reads positions), the checkpoint container (the clickstream ingest's
// checkpoints), the dead-letter bodies (both ingests) and the raw events (the exporter writes Parquet files).
// Each role on one hub or one container, like every other.
param eventHubNamespaceName string
@description('The Geo-DR partner namespace (RBAC is not copied by the pairing); empty for none.')
param pairedEventHubNamespaceName string = ''
param clickstreamHubName string
param storageAccountName string
param checkpointContainerName string
param deadLetterBodiesContainerName string
param rawEventsContainerName string
@description('principal ids: ingest, ingestClickstream, exporter, datagen, keda')
param principals object

var eventHubsDataReceiver = 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
var eventHubsDataSender = '2b629674-e913-4c01-ae53-ef4638d8f975'
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: eventHubNamespaceName
}
resource clickstream 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' existing = {
  parent: namespace
  name: clickstreamHubName
}
var paired = !empty(pairedEventHubNamespaceName)
resource pairedNamespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = if (paired) {
  name: paired ? pairedEventHubNamespaceName : eventHubNamespaceName
}
resource pairedClickstream 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' existing = if (paired) {
  parent: pairedNamespace
  name: clickstreamHubName
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
resource deadLetterBodies 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: deadLetterBodiesContainerName
}
resource rawEvents 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: rawEventsContainerName
}

// The clickstream ingest reads the hub and KEDA reads its partition positions; datagen only sends.
resource hubReceivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principal in [principals.ingestClickstream, principals.keda]: {
    name: guid(clickstream.id, principal, eventHubsDataReceiver)
    scope: clickstream
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataReceiver)
      principalId: principal
      principalType: 'ServicePrincipal'
    }
  }
]

resource hubSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(clickstream.id, principals.datagen, eventHubsDataSender)
  scope: clickstream
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataSender)
    principalId: principals.datagen
    principalType: 'ServicePrincipal'
  }
}

// The same roles on the Geo-DR partner's hub, which the alias points at after a failover.
resource pairedHubReceivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principal in [principals.ingestClickstream, principals.keda]: if (paired) {
    name: guid(pairedClickstream.id, principal, eventHubsDataReceiver)
    scope: pairedClickstream
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataReceiver)
      principalId: principal
      principalType: 'ServicePrincipal'
    }
  }
]

resource pairedHubSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (paired) {
  name: guid(pairedClickstream.id, principals.datagen, eventHubsDataSender)
  scope: pairedClickstream
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataSender)
    principalId: principals.datagen
    principalType: 'ServicePrincipal'
  }
}

resource clickstreamCheckpoints 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(checkpoints.id, principals.ingestClickstream, blobDataContributor)
  scope: checkpoints
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: principals.ingestClickstream
    principalType: 'ServicePrincipal'
  }
}

resource bodyWriters 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principal in [principals.ingest, principals.ingestClickstream]: {
    name: guid(deadLetterBodies.id, principal, blobDataContributor)
    scope: deadLetterBodies
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
      principalId: principal
      principalType: 'ServicePrincipal'
    }
  }
]

resource rawEventsWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(rawEvents.id, principals.exporter, blobDataContributor)
  scope: rawEvents
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: principals.exporter
    principalType: 'ServicePrincipal'
  }
}
