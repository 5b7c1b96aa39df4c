// Where the local Azure stack (`pnpm stack`) listens. Services default to these so `pnpm start` works with
// no configuration; on Azure every one of them is replaced by configuration.
export const LOCAL_STACK = {
  eventHubsConnectionString:
    'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;',
  storageConnectionString: 'UseDevelopmentStorage=true',
  cosmosConnectionString:
    'AccountEndpoint=http://127.0.0.1:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;',
  redisUrl: 'redis://127.0.0.1:6379',
} as const;
