// The `orders` and `clickstream` hubs (one ingest Deployment each): their partitions bound how many replicas
// of that ingest can work at once. Names stay lowercase:
// the JS checkpoint store lower-cases them in blob names, and KEDA reads those names as given.
// With a second region (docs/regional-resilience.md), the namespace survives the loss of its region in one of
// two ways: `geo-replication` (a Premium namespace whose events are replicated synchronously to the second region:
// RPO 0, the namespace name follows a promotion) or `geo-dr` (a Geo-DR alias pairing this namespace with an empty
// Standard one in the second region: metadata only, unconsumed events are lost; clients use the alias name).
param name string
param location string
param partitions int
param zoneRedundant bool
@description('Empty for one region.')
param secondaryLocation string = ''
@allowed(['geo-replication', 'geo-dr'])
param regionalOption string = 'geo-replication'

var twoRegions = !empty(secondaryLocation)
var geoReplicated = twoRegions && regionalOption == 'geo-replication'
var paired = twoRegions && regionalOption == 'geo-dr'

resource namespace 'Microsoft.EventHub/namespaces@2024-05-01-preview' = {
  name: name
  location: location
  // Geo-replication needs Premium (processing units); Standard scales by throughput units.
  sku: geoReplicated
    ? { name: 'Premium', tier: 'Premium', capacity: 1 }
    : { name: 'Standard', tier: 'Standard', capacity: 1 }
  properties: {
    zoneRedundant: zoneRedundant
    // Entra ID only: no SAS keys, so no connection string can leak.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    isAutoInflateEnabled: !geoReplicated
    maximumThroughputUnits: geoReplicated ? 0 : 4
    // Synchronous: an event is acknowledged once the secondary has it too (a lag of 0 s).
    geoDataReplication: geoReplicated
      ? {
          maxReplicationLagDurationInSeconds: 0
          locations: [
            { locationName: location, roleType: 'Primary' }
            { locationName: secondaryLocation, roleType: 'Secondary' }
          ]
        }
      : null
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-05-01-preview' = {
  parent: namespace
  name: 'orders'
  properties: {
    partitionCount: partitions
    messageRetentionInDays: 7
  }
}

resource ingestGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-05-01-preview' = {
  parent: hub
  name: 'ingest'
}

// The website's clickstream (issue 18): its own hub, so a burst of page views never delays orders.
resource clickstream 'Microsoft.EventHub/namespaces/eventhubs@2024-05-01-preview' = {
  parent: namespace
  name: 'clickstream'
  properties: {
    partitionCount: partitions
    messageRetentionInDays: 7
  }
}

resource clickstreamIngestGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-05-01-preview' = {
  parent: clickstream
  name: 'ingest'
}

// Geo-DR: the paired namespace in the second region. The alias copies hubs and consumer groups to it, not events.
resource secondary 'Microsoft.EventHub/namespaces@2024-05-01-preview' = if (paired) {
  name: '${name}-secondary'
  location: paired ? secondaryLocation : location
  sku: { name: 'Standard', tier: 'Standard', capacity: 1 }
  properties: {
    zoneRedundant: zoneRedundant
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    isAutoInflateEnabled: true
    maximumThroughputUnits: 4
  }
}

resource alias 'Microsoft.EventHub/namespaces/disasterRecoveryConfigs@2024-05-01-preview' = if (paired) {
  parent: namespace
  name: '${name}-alias'
  properties: { partnerNamespace: secondary.id }
  dependsOn: [ingestGroup, clickstreamIngestGroup]
}

output namespaceName string = namespace.name
@description('What clients connect to: the alias under Geo-DR (it moves on failover), the namespace otherwise.')
output fqdn string = '${paired ? '${name}-alias' : namespace.name}.servicebus.windows.net'
@description('The Geo-DR partner namespace; empty without one. Roles must be granted there too: RBAC is not paired.')
output secondaryNamespaceName string = paired ? secondary.name : ''
output hubName string = hub.name
output clickstreamHubName string = clickstream.name
output consumerGroup string = ingestGroup.name
