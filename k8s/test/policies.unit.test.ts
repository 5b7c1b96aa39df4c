// Policies every rendered overlay must meet: hardened pods, probes and disruption budgets, pinned images,
// Pod Security and default-deny networking. Each check collects every offender, so a failure names them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OVERLAYS, idOf, ofKind, render, type K8sObject } from './support/render.ts';
import { containersOf, isMarquee, workloads, type Workload } from './support/pods.ts';

const offenders = (items: string[][]): string[] => items.flat();

for (const overlay of OVERLAYS) {
  const objects = (): K8sObject[] => render(`overlays/${overlay}`);

  test(`${overlay}: every pod and container is hardened to the restricted profile and read-only`, () => {
    const problems = workloads(objects()).map((w) => {
      const pod = w.spec.template.spec;
      const out: string[] = [];
      if (pod.securityContext?.runAsNonRoot !== true) out.push(`${idOf(w)}: pod runAsNonRoot`);
      if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') out.push(`${idOf(w)}: pod seccomp`);
      if (pod.hostNetwork || pod.hostPID) out.push(`${idOf(w)}: host namespaces`);
      if (pod.automountServiceAccountToken !== false) out.push(`${idOf(w)}: mounts an API token`);
      for (const c of containersOf(w)) {
        const s = c.securityContext ?? {};
        const at = `${idOf(w)}/${c.name}`;
        if (s.runAsNonRoot !== true || s.runAsUser !== 1000)
          out.push(`${at}: must run as uid 1000, non-root`);
        if (s.allowPrivilegeEscalation !== false) out.push(`${at}: allowPrivilegeEscalation`);
        if (s.readOnlyRootFilesystem !== true) out.push(`${at}: readOnlyRootFilesystem`);
        if (s.privileged === true) out.push(`${at}: privileged`);
        if (!s.capabilities?.drop?.includes('ALL') || (s.capabilities.add ?? []).length > 0)
          out.push(`${at}: capabilities must drop ALL and add none`);
        if (s.seccompProfile?.type !== 'RuntimeDefault') out.push(`${at}: seccomp`);
        const r = c.resources;
        if (!r?.requests?.cpu || !r.requests.memory || !r.limits?.memory)
          out.push(`${at}: requests and limits`);
      }
      return out;
    });
    assert.deepEqual(offenders(problems), []);
  });

  test(`${overlay}: every Deployment has probes, zone spread, a PDB, labels and a grace above its own`, () => {
    const all = objects();
    const pdbs = ofKind<K8sObject & { spec: { selector: { matchLabels: Record<string, string> } } }>(
      all,
      'PodDisruptionBudget',
    );
    const deployments = ofKind<Workload>(all, 'Deployment');
    assert.ok(deployments.length >= 4);
    const problems = deployments.map((d) => {
      const out: string[] = [];
      const pod = d.spec.template.spec;
      const labels = d.spec.template.metadata.labels;
      for (const key of [
        'app.kubernetes.io/name',
        'app.kubernetes.io/part-of',
        'app.kubernetes.io/component',
      ])
        if (!labels[key] || !d.metadata.labels?.[key]) out.push(`${idOf(d)}: label ${key}`);
      for (const c of pod.containers)
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const)
          if (!c[probe]) out.push(`${idOf(d)}/${c.name}: ${probe}`);
      if (!isMarquee(d)) return out;
      if (!pod.topologySpreadConstraints?.some((t) => t.topologyKey === 'topology.kubernetes.io/zone'))
        out.push(`${idOf(d)}: zone topologySpreadConstraints`);
      const selector = d.spec.selector?.matchLabels ?? {};
      const covered = pdbs.some((p) =>
        Object.entries(p.spec.selector.matchLabels).every(([k, v]) => selector[k] === v),
      );
      if (!covered) out.push(`${idOf(d)}: no PodDisruptionBudget`);
      const main = pod.containers[0]!;
      const graceMs = Number(main.env?.find((e) => e.name === 'SHUTDOWN_GRACE_MS')?.value);
      const preStopMs = (main.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
      const killAfterMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
      if (!(graceMs > 0)) out.push(`${idOf(d)}: SHUTDOWN_GRACE_MS must be set explicitly`);
      else if (killAfterMs <= graceMs + preStopMs)
        out.push(`${idOf(d)}: terminationGracePeriodSeconds must exceed preStop + SHUTDOWN_GRACE_MS`);
      return out;
    });
    assert.deepEqual(offenders(problems), []);
  });

  test(`${overlay}: Jobs are bounded and cleaned up`, () => {
    const jobs = ofKind<Workload>(objects(), 'Job');
    assert.deepEqual(jobs.map((j) => j.metadata.name).sort(), ['datagen', 'seed']);
    const problems = jobs.flatMap((j) =>
      (j.spec.ttlSecondsAfterFinished ?? 0) > 0 && (j.spec.activeDeadlineSeconds ?? 0) > 0
        ? []
        : [`${idOf(j)}: ttlSecondsAfterFinished and activeDeadlineSeconds`],
    );
    assert.deepEqual(problems, []);
  });

  test(`${overlay}: the namespace enforces Pod Security restricted and denies traffic by default`, () => {
    const all = objects();
    const [ns] = ofKind(all, 'Namespace');
    assert.equal(ns?.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.ok(all.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'marquee'));
    const deny = ofKind<K8sObject & { spec: Record<string, unknown> }>(all, 'NetworkPolicy').find(
      (p) => p.metadata.name === 'default-deny',
    );
    assert.deepEqual(deny?.spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test(`${overlay}: every image is pinned`, () => {
    const images = workloads(objects()).flatMap((w) => containersOf(w).map((c) => c.image));
    const pinned = (image: string): boolean =>
      overlay === 'aks'
        ? /@sha256:[0-9a-f]{64}$/.test(image)
        : /:[\w.-]+$/.test(image.split('/').pop() ?? '') && !image.endsWith(':latest');
    assert.deepEqual(
      images.filter((i) => !pinned(i)),
      [],
    );
  });
}
