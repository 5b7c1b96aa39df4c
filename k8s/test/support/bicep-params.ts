// Reads a parameter of an environment's Bicep parameter file (infra/params/<env>.bicepparam), so the
// manifests can be checked against the resources they run on (e.g. KEDA's max = the hub's partitions).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function bicepParam(environment: string, name: string): string {
  const file = path.resolve(import.meta.dirname, `../../../infra/params/${environment}.bicepparam`);
  const match = new RegExp(`^param ${name} = '?([^'\\n]+)'?$`, 'm').exec(readFileSync(file, 'utf8'));
  if (!match?.[1]) throw new Error(`${file} has no param ${name}`);
  return match[1].trim();
}
