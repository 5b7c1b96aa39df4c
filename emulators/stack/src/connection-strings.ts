/** Azurite's well-known development account: the same name and key Microsoft's tools use. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** `UseDevelopmentStorage=true` means blobs on 127.0.0.1:10000; any other port needs the explicit form. */
export function storageConnectionString(blobPort: number): string {
  if (blobPort === 10000) return 'UseDevelopmentStorage=true';
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `BlobEndpoint=http://127.0.0.1:${blobPort}/${AZURITE_ACCOUNT};`
  );
}

export function redisUrl(port: number): string {
  return `redis://127.0.0.1:${port}`;
}
