// Runs the Bicep CLI that `dotnet restore infra/tools/bicep-cli.csproj` brought from NuGet, and reads the
// ARM template it compiles, nested module deployments included.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const INFRA_ROOT = path.resolve(import.meta.dirname, '../..');

function bicepPath(): string {
  const project = readFileSync(path.join(INFRA_ROOT, 'tools/bicep-cli.csproj'), 'utf8');
  const version = /Azure\.Bicep\.CommandLine\.linux-x64" Version="\[([\d.]+)\]"/.exec(project)?.[1];
  if (!version) throw new Error('tools/bicep-cli.csproj names no Bicep version');
  const packages = process.env.NUGET_PACKAGES ?? path.join(os.homedir(), '.nuget/packages');
  return path.join(packages, 'azure.bicep.commandline.linux-x64', version, 'tools/bicep');
}

/** Runs `bicep <args>` in infra/; resolves with stdout and stderr whatever the exit code. */
export async function bicep(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(bicepPath(), args, {
      cwd: INFRA_ROOT,
      maxBuffer: 32 * 1024 * 1024,
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT')
      throw new Error(`no Bicep CLI at ${bicepPath()}: run .ci/bootstrap`, { cause: err });
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? e.message,
    };
  }
}

/** ARM JSON is read field by field in the tests; its shape is what the template says. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ArmResource {
  type: string;
  name: string;
  scope?: string;
  /** An ARM expression: the resource is deployed only when it is true. */
  condition?: string;
  properties?: Record<string, Json>;
  copy?: unknown;
}
export interface ArmTemplate {
  variables?: Record<string, Json>;
  resources: ArmResource[];
}

let compiled: Promise<ArmTemplate> | undefined;

/** infra/main.bicep compiled to ARM JSON (once per test process). */
export function mainTemplate(): Promise<ArmTemplate> {
  compiled ??= bicep('build', 'main.bicep', '--stdout').then((r) => {
    if (r.code !== 0) throw new Error(`bicep build failed:\n${r.stderr}`);
    return JSON.parse(r.stdout) as ArmTemplate;
  });
  return compiled;
}

/** Every template: the main one and each module's, keyed by the module's deployment name. */
export function templates(root: ArmTemplate, name = 'main'): Map<string, ArmTemplate> {
  const found = new Map([[name, root]]);
  for (const r of root.resources)
    if (r.type === 'Microsoft.Resources/deployments')
      for (const [n, t] of templates(r.properties?.template as ArmTemplate, r.name)) found.set(n, t);
  return found;
}

export const allResources = (root: ArmTemplate): ArmResource[] =>
  [...templates(root).values()].flatMap((t) => t.resources);
