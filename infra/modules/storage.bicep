// Event Hubs checkpoints and partition ownership (ingest's BlobCheckpointStore). Geo-zone-redundant in
// prod; shared keys off, so only Entra ID identities with a role on the container get in.
param name string
param location string
param zoneRedundant bool

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: { name: zoneRedundant ? 'Standard_GZRS' : 'Standard_LRS' }
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

output accountName string = account.name
output containerName string = checkpoints.name
output blobEndpoint string = 'https://${account.name}.blob.${environment().suffixes.storage}'
