// Cosmos DB data-plane roles, each on one container: the built-in Data Reader (read, query, change feed)
// or Data Contributor (also write). The api may write only the catalog, and only when apiCatalogWrite is
// true (its admin routes, which also require the admin token); everything else it reads.
param accountName string
param databaseName string
@description('principal ids: ingest, projector, cacheSync, api, seed, ingestClickstream, exporter, keda')
param principals object
param apiCatalogWrite bool

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: accountName
}

var reader = '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001'
var contributor = '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'

var grants = [
  { principal: principals.ingest, role: contributor, container: 'events' }
  { principal: principals.ingest, role: contributor, container: 'deadletters' }
  { principal: principals.ingestClickstream, role: contributor, container: 'events' }
  { principal: principals.ingestClickstream, role: contributor, container: 'deadletters' }
  { principal: principals.projector, role: reader, container: 'events' }
  { principal: principals.projector, role: reader, container: 'catalog' }
  { principal: principals.projector, role: contributor, container: 'views' }
  { principal: principals.projector, role: contributor, container: 'leases' }
  // Orders it cannot count are set aside as records in deadletters (quarantine); so are events the exporter cannot write.
  { principal: principals.projector, role: contributor, container: 'deadletters' }
  { principal: principals.exporter, role: reader, container: 'events' }
  { principal: principals.exporter, role: contributor, container: 'leases' }
  { principal: principals.exporter, role: contributor, container: 'deadletters' }
  { principal: principals.cacheSync, role: reader, container: 'catalog' }
  { principal: principals.cacheSync, role: contributor, container: 'leases' }
  { principal: principals.api, role: reader, container: 'views' }
  { principal: principals.api, role: apiCatalogWrite ? contributor : reader, container: 'catalog' }
  { principal: principals.seed, role: contributor, container: 'catalog' }
  // Each worker writes its own status document; the api reads them (and the dead letters) for /api/pipeline.
  { principal: principals.ingest, role: contributor, container: 'status' }
  { principal: principals.projector, role: contributor, container: 'status' }
  { principal: principals.cacheSync, role: contributor, container: 'status' }
  { principal: principals.ingestClickstream, role: contributor, container: 'status' }
  { principal: principals.exporter, role: contributor, container: 'status' }
  { principal: principals.api, role: reader, container: 'status' }
  { principal: principals.api, role: reader, container: 'deadletters' }
  { principal: principals.keda, role: reader, container: 'events' }
  { principal: principals.keda, role: reader, container: 'catalog' }
  { principal: principals.keda, role: reader, container: 'leases' }
]

resource assignments 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [
  for g in grants: {
    parent: account
    name: guid(account.id, g.principal, g.role, g.container)
    properties: {
      roleDefinitionId: g.role
      principalId: g.principal
      scope: '${account.id}/dbs/${databaseName}/colls/${g.container}'
    }
  }
]
