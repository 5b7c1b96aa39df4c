// The Cosmos DB account, database and containers. Partition keys and the `events` indexing policy must be
// what libs/platform/src/store-layout.ts declares (infra/test proves they agree). Continuous backup is
// what the catalog's all-versions-and-deletes change feed requires; keys are off (Entra ID only).
param name string
param location string
@description('Empty for one region.')
param secondaryLocation string
param zoneRedundant bool
param eventsPhysicalPartitions int

var regions = empty(secondaryLocation) ? [location] : [location, secondaryLocation]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      for (region, i) in regions: {
        locationName: region
        failoverPriority: i
        isZoneRedundant: zoneRedundant
      }
    ]
    enableAutomaticFailover: true
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous7Days' }
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: 'marquee'
  properties: {
    resource: { id: 'marquee' }
    // The small containers share this throughput; `events` has its own.
    options: { autoscaleSettings: { maxThroughput: 1000 } }
  }
}

// `events` is append-only and read through the change feed: it indexes only what an operator may query.
resource events 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'events'
  properties: {
    resource: {
      id: 'events'
      partitionKey: { paths: ['/id'], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/type/?' }, { path: '/occurredAt/?' }]
        excludedPaths: [{ path: '/*' }, { path: '/"_etag"/?' }]
      }
    }
    // Created with this many physical partitions (10,000 RU/s each), so the processor has as many leases.
    options: { autoscaleSettings: { maxThroughput: eventsPhysicalPartitions * 10000 } }
  }
}

var sharedContainers = [
  { id: 'catalog', partitionKey: '/type', defaultTtl: -1 }
  { id: 'views', partitionKey: '/id', defaultTtl: null }
  { id: 'leases', partitionKey: '/id', defaultTtl: null }
  { id: 'deadletters', partitionKey: '/id', defaultTtl: null }
  { id: 'status', partitionKey: '/id', defaultTtl: -1 }
]

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for c in sharedContainers: {
    parent: database
    name: c.id
    properties: {
      resource: union(
        { id: c.id, partitionKey: { paths: [c.partitionKey], kind: 'Hash', version: 2 } },
        c.defaultTtl == null ? {} : { defaultTtl: c.defaultTtl }
      )
    }
  }
]

output accountName string = account.name
output databaseName string = database.name
output endpoint string = account.properties.documentEndpoint
