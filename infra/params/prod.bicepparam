using '../main.bicep'

param environmentName = 'prod'
param namePrefix = 'contosomarquee'
param location = 'northeurope'
param secondaryLocation = 'westeurope'
param eventHubsRegionalOption = 'geo-replication'
param eventHubPartitions = 4
param eventsPhysicalPartitions = 4
param apiCatalogWrite = true
param aksNodeCount = 3
param aksVmSize = 'Standard_D4ds_v5'
param redisSku = 'Balanced_B1'
