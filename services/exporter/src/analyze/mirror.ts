// A local copy of the export container: DuckDB reads local files fastest, and only new or rewritten files
// (a crash makes the exporter rewrite a file under the same name) are downloaded again.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';

export async function mirrorContainer(
  container: ContainerClient,
  dir: string,
): Promise<{ files: number; downloaded: number }> {
  let files = 0;
  let downloaded = 0;
  for await (const blob of container.listBlobsFlat()) {
    if (!blob.name.endsWith('.parquet')) continue;
    files++;
    const local = path.join(dir, ...blob.name.split('/'));
    const existing = await stat(local).catch(() => undefined);
    const modified = blob.properties.lastModified.getTime();
    if (existing && existing.size === blob.properties.contentLength && existing.mtimeMs >= modified) continue;
    await mkdir(path.dirname(local), { recursive: true });
    await container.getBlobClient(blob.name).downloadToFile(local);
    downloaded++;
  }
  return { files, downloaded };
}
