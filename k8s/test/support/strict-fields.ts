// Unknown fields as errors: each rendered object becomes a typed literal (`const o: IDeployment = {...}`)
// and the TypeScript compiler checks it against the models' declarations, whose excess-property check
// names any field the schema does not have, at any depth. A typo such as `readOnlyRootFileSystem` or a
// field in the wrong place fails here, where the JSON-schema validators would let it through.
import path from 'node:path';
import ts from 'typescript';
import { MODULES } from './models.ts';
import { idOf, type K8sObject } from './render.ts';

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  types: [],
};

/** One message per problem, prefixed with the object it is in, e.g. `Deployment/api: Object literal…`. */
export function unknownFieldErrors(objects: K8sObject[]): string[] {
  const file = path.join(import.meta.dirname, '__rendered_objects__.ts');
  const imports = new Map<string, Set<string>>();
  const lines: string[] = [];
  const owners: { line: number; id: string }[] = [];
  const problems: string[] = [];
  objects.forEach((object, i) => {
    const entry = MODULES[object.apiVersion];
    if (!entry) {
      problems.push(`${idOf(object)}: no schema for apiVersion ${object.apiVersion}`);
      return;
    }
    const type = `I${object.kind}`;
    imports.set(entry.module, (imports.get(entry.module) ?? new Set()).add(type));
    owners.push({ line: lines.length, id: idOf(object) });
    lines.push(`export const o${i}: ${type} = ${JSON.stringify(object, null, 1)};`);
  });
  const header = [...imports].map(
    ([module, types]) => `import type { ${[...types].join(', ')} } from '${module}';`,
  );
  const source = [...header, ...lines].join('\n');
  const offset = header.length;

  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram({ rootNames: [file], options: OPTIONS, host });
  const sourceFile = program.getSourceFile(file);
  for (const d of ts.getPreEmitDiagnostics(program, sourceFile)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const owner = owners.findLast((o) => o.line + offset <= line);
    problems.push(`${owner?.id ?? 'imports'}: ${message}`);
  }
  return problems;
}
