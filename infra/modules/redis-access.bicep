// Entra ID access to Azure Managed Redis: the `default` access policy (data commands, no admin) for the
// identities that use the cache. Their object id is the Redis user name; the token is the password.
param redisName string
param principals array

resource cluster 'Microsoft.Cache/redisEnterprise@2025-04-01' existing = {
  name: redisName
}
resource database 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' existing = {
  parent: cluster
  name: 'default'
}

@batchSize(1)
resource assignments 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2025-04-01' = [
  for (principal, i) in principals: {
    parent: database
    name: 'marquee${i}'
    properties: {
      accessPolicyName: 'default'
      user: { objectId: principal }
    }
  }
]
