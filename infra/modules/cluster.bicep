// AKS with what Marquee's manifests rely on: the OIDC issuer and workload identity (one managed identity per
// process, no secrets), the KEDA add-on, the Key Vault CSI driver, the application routing ingress, Cilium
// network policies, managed Prometheus, nodes over three zones. ACR holds the image; the kubelet pulls it.
// A second region's cluster pulls from the first one's registry, replicated into its region (Premium).
param name string
param registryName string
@description('Create the registry (the first cluster), or pull from the one the first cluster created.')
param createRegistry bool = true
@description('A second region the registry replicates to; empty for none.')
param registryReplicaLocation string = ''
param location string
param nodeCount int
param vmSize string

resource newRegistry 'Microsoft.ContainerRegistry/registries@2023-07-01' = if (createRegistry) {
  name: registryName
  location: location
  sku: { name: empty(registryReplicaLocation) ? 'Standard' : 'Premium' }
  properties: {
    adminUserEnabled: false
  }
}

resource replica 'Microsoft.ContainerRegistry/registries/replications@2023-07-01' = if (createRegistry && !empty(registryReplicaLocation)) {
  parent: newRegistry
  name: empty(registryReplicaLocation) ? location : registryReplicaLocation
  location: empty(registryReplicaLocation) ? location : registryReplicaLocation
  properties: {}
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource aks 'Microsoft.ContainerService/managedClusters@2025-05-01' = {
  name: name
  location: location
  identity: { type: 'SystemAssigned' }
  sku: { name: 'Base', tier: 'Standard' }
  properties: {
    dnsPrefix: name
    enableRBAC: true
    disableLocalAccounts: true
    aadProfile: { managed: true, enableAzureRBAC: true }
    autoUpgradeProfile: { upgradeChannel: 'patch', nodeOSUpgradeChannel: 'NodeImage' }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: nodeCount
        vmSize: vmSize
        osType: 'Linux'
        osSKU: 'AzureLinux'
        availabilityZones: ['1', '2', '3']
        enableAutoScaling: true
        minCount: nodeCount
        maxCount: nodeCount * 2
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      networkPluginMode: 'overlay'
      networkDataplane: 'cilium'
      networkPolicy: 'cilium'
    }
    oidcIssuerProfile: { enabled: true }
    securityProfile: { workloadIdentity: { enabled: true } }
    workloadAutoScalerProfile: { keda: { enabled: true } }
    ingressProfile: { webAppRouting: { enabled: true } }
    azureMonitorProfile: { metrics: { enabled: true } }
    addonProfiles: {
      azureKeyvaultSecretsProvider: {
        enabled: true
        config: { enableSecretRotation: 'true', rotationPollInterval: '2m' }
      }
    }
  }
}

// The kubelet pulls images from this registry only.
resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, aks.id, 'AcrPull')
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
    principalId: aks.properties.identityProfile.kubeletidentity.objectId
    principalType: 'ServicePrincipal'
  }
  dependsOn: [newRegistry]
}

output name string = aks.name
output oidcIssuerUrl string = aks.properties.oidcIssuerProfile.issuerURL
output registryLoginServer string = registry.properties.loginServer
