// The `orders` hub: its partitions bound how many ingest replicas can work at once. Names stay lowercase:
// the JS checkpoint store lower-cases them in blob names, and KEDA reads those names as given.
param name string
param location string
param partitions int
param zoneRedundant bool

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  sku: { name: 'Standard', tier: 'Standard', capacity: 1 }
  properties: {
    zoneRedundant: zoneRedundant
    // Entra ID only: no SAS keys, so no connection string can leak.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    isAutoInflateEnabled: true
    maximumThroughputUnits: 4
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: 'orders'
  properties: {
    partitionCount: partitions
    messageRetentionInDays: 7
  }
}

resource ingestGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: hub
  name: 'ingest'
}

output namespaceName string = namespace.name
output hubName string = hub.name
output consumerGroup string = ingestGroup.name
