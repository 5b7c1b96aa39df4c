// Where the schema of each rendered kind lives: the kubernetes-models packages for Kubernetes and KEDA
// (generated from their OpenAPI schemas and CRDs), and our own declaration for the Secrets Store CSI
// driver's SecretProviderClass, which no package ships.
import * as core from 'kubernetes-models/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as batch from 'kubernetes-models/batch/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import type { K8sObject } from './render.ts';

interface ModelClass {
  new (data: never): { validate(): void };
}

/** apiVersion → the module that declares its kinds (for the type check) and its runtime models. */
export const MODULES: Record<string, { module: string; models: Record<string, unknown> }> = {
  v1: { module: 'kubernetes-models/v1', models: core },
  'apps/v1': { module: 'kubernetes-models/apps/v1', models: apps },
  'batch/v1': { module: 'kubernetes-models/batch/v1', models: batch },
  'policy/v1': { module: 'kubernetes-models/policy/v1', models: policy },
  'networking.k8s.io/v1': { module: 'kubernetes-models/networking.k8s.io/v1', models: networking },
  'keda.sh/v1alpha1': { module: '@kubernetes-models/keda/keda.sh/v1alpha1', models: keda },
  'secrets-store.csi.x-k8s.io/v1': { module: './secret-provider-class.ts', models: {} },
};

/**
 * Runs the model's JSON-schema validator (types, formats, required fields, enums). Unknown fields are
 * caught by the type check in strict-fields.ts, since these schemas allow additional properties.
 */
export function validateWithModel(object: K8sObject): string | undefined {
  const entry = MODULES[object.apiVersion];
  if (!entry) return `no schema for apiVersion ${object.apiVersion}`;
  if (entry.module.startsWith('./')) return undefined; // declared by us: checked by the type check only
  const Model = entry.models[object.kind] as ModelClass | undefined;
  if (!Model) return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(structuredClone(object) as never).validate();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
