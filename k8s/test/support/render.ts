// Renders a kustomization with `kubectl kustomize` (kustomize built into kubectl: the same renderer
// `kubectl apply -k` uses) and parses every object it prints.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const K8S_ROOT = path.resolve(import.meta.dirname, '../..');
export const OVERLAYS = ['aks', 'aks-region2', 'local'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

const cache = new Map<string, K8sObject[]>();

/** The objects `kubectl kustomize k8s/<dir>` renders, e.g. `render('overlays/aks')`. */
export function render(dir: string): K8sObject[] {
  const cached = cache.get(dir);
  if (cached) return cached;
  const text = execFileSync('kubectl', ['kustomize', path.join(K8S_ROOT, dir)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const objects = parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${dir}: ${doc.errors[0]?.message}`);
    return doc.toJS() as K8sObject;
  });
  cache.set(dir, objects);
  return objects;
}

export const idOf = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;

export const ofKind = <T = K8sObject>(objects: K8sObject[], kind: string): T[] =>
  objects.filter((o) => o.kind === kind) as T[];
