using '../main.bicep'

param environmentName = 'dev'
param namePrefix = 'contosomarquee'
param location = 'northeurope'
param secondaryLocation = ''
param eventHubPartitions = 2
param eventsPhysicalPartitions = 1
param apiCatalogWrite = true
param aksNodeCount = 1
param aksVmSize = 'Standard_D2ds_v5'
param redisSku = 'Balanced_B0'
