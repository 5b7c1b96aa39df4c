// Event Hubs checkpoints and partition ownership (ingest's BlobCheckpointStore), dead-letter bodies too large
// for their record (ingest), and the raw events as Parquet files for analysts (the exporter). Geo-zone-redundant in
// prod; shared keys off, so only Entra ID identities with a role on the container get in.
// With a second region the account is geo-redundant with a readable secondary (RA-GZRS): ingest still needs the
// primary to write, but while the primary region is down an operator can read the checkpoints and dead-letter
// bodies at the -secondary endpoint, and compare the Last Sync Time, before choosing a customer-managed failover
// (docs/regional-resilience.md). A few MB: the read access costs next to nothing.
param name string
param location string
param zoneRedundant bool
param readableSecondary bool = false

var sku = readableSecondary
  ? (zoneRedundant ? 'Standard_RAGZRS' : 'Standard_RAGRS')
  : (zoneRedundant ? 'Standard_GZRS' : 'Standard_LRS')

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: { name: sku }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource checkpoints 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'checkpoints'
  properties: { publicAccess: 'None' }
}

resource deadLetterBodies 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'deadletter-bodies'
  properties: { publicAccess: 'None' }
}

resource rawEvents 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'raw-events'
  properties: { publicAccess: 'None' }
}

output accountName string = account.name
output containerName string = checkpoints.name
output deadLetterBodiesContainerName string = deadLetterBodies.name
output rawEventsContainerName string = rawEvents.name
output blobEndpoint string = 'https://${account.name}.blob.${environment().suffixes.storage}'
