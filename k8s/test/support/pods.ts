// Shapes the policy tests read from rendered workloads, and the pods inside Deployments and Jobs.
import type { K8sObject } from './render.ts';

export interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
}
export interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type: string };
  };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}
export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  topologySpreadConstraints?: { topologyKey: string }[];
  containers: Container[];
  initContainers?: Container[];
  hostNetwork?: boolean;
  hostPID?: boolean;
}
export interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    selector?: { matchLabels: Record<string, string> };
    ttlSecondsAfterFinished?: number;
    activeDeadlineSeconds?: number;
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

export const workloads = (objects: K8sObject[]): Workload[] =>
  objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job') as Workload[];

export const containersOf = (w: Workload): Container[] => [
  ...(w.spec.template.spec.initContainers ?? []),
  ...w.spec.template.spec.containers,
];

/** Marquee's own processes, as opposed to the local overlay's emulators. */
export const isMarquee = (w: Workload): boolean =>
  w.spec.template.metadata.labels['app.kubernetes.io/component'] !== 'emulator';
