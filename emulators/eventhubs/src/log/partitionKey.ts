// Partition-key routing. The service's own hash is not public; any stable hash gives the guarantee clients rely
// on (same key, same partition, for a fixed partition count). This one is 32-bit FNV-1a over the key's UTF-16
// code units, reduced modulo the partition count.
export function partitionForKey(key: string, partitionCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitionCount;
}
