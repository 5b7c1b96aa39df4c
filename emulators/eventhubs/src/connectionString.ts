/**
 * The connection string Microsoft's emulator documents. `UseDevelopmentEmulator=true` makes the SDK speak plain
 * TCP (no TLS) to the port in the endpoint; the key is never checked.
 */
export function emulatorConnectionString(port: number, host = 'localhost'): string {
  return `Endpoint=sb://${host}:${port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;`;
}
