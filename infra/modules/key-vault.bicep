// Holds the admin token (secret `admin-token`, set by the deploy guide, never in a template or a file).
// Azure RBAC decides who reads it: the api identity, for that one secret (access.bicep).
param name string
param location string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 30
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
