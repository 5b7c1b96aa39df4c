// Azure Managed Redis with Microsoft Entra ID authentication only (access keys disabled). The
// Enterprise clustering policy keeps one endpoint, so ioredis connects as to a single server.
param name string
param location string
param sku string

resource cluster 'Microsoft.Cache/redisEnterprise@2025-04-01' = {
  name: name
  location: location
  sku: { name: sku }
  properties: {
    minimumTlsVersion: '1.2'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'VolatileLRU'
    accessKeysAuthentication: 'Disabled'
  }
}

output clusterName string = cluster.name
output hostName string = cluster.properties.hostName
output port int = database.properties.port
