// Every object each overlay renders is valid against the Kubernetes and KEDA schemas, with unknown fields
// as errors. Needs kubectl on the PATH (.ci/bootstrap installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateWithModel } from './support/models.ts';
import { OVERLAYS, idOf, render } from './support/render.ts';
import { unknownFieldErrors } from './support/strict-fields.ts';

// Broken copies of rendered objects, edited at any depth.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

for (const overlay of OVERLAYS) {
  test(`overlays/${overlay} renders and every object passes its schema`, () => {
    const objects = render(`overlays/${overlay}`);
    assert.ok(objects.length > 20, `only ${objects.length} objects rendered`);
    const problems = objects.flatMap((o) => {
      const problem = validateWithModel(o);
      return problem ? [`${idOf(o)}: ${problem}`] : [];
    });
    assert.deepEqual(problems, []);
  });

  test(`overlays/${overlay} has no field the schemas do not know`, () => {
    assert.deepEqual(unknownFieldErrors(render(`overlays/${overlay}`)), []);
  });
}

test('the strict check names an unknown field, however deep', () => {
  const [deployment] = render('overlays/aks').filter((o) => o.kind === 'Deployment');
  assert.ok(deployment);
  const typo = structuredClone(deployment) as Json;
  typo.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
  const misplaced = structuredClone(deployment) as Json;
  misplaced.spec.replica = 2;
  const problems = unknownFieldErrors([typo, misplaced, deployment]);
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems.join('\n'), /readOnlyRootFileSystem/);
  assert.match(problems.join('\n'), /"replica"/);
});

test('the schema check refuses a wrong type and an unknown kind', () => {
  const [pdb] = render('overlays/aks').filter((o) => o.kind === 'PodDisruptionBudget');
  assert.ok(pdb);
  const broken = structuredClone(pdb) as Json;
  broken.spec.selector.matchLabels = 'ingest';
  assert.match(validateWithModel(broken) ?? '', /matchLabels/);
  assert.match(validateWithModel({ ...pdb, apiVersion: 'example.com/v1' }) ?? '', /no schema/);
});
