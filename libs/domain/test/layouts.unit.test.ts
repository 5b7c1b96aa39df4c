// Layout versions → which views a starting projector rebuilds, and what it does for each (layouts.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  initialPointer,
  layoutsOf,
  layoutStepOf,
  replicasRebuilding,
  switchGeneration,
  VIEW_DEFINITIONS,
  VIEW_KINDS,
  VIEW_LAYOUTS,
  viewsToRebuild,
  withRebuild,
  type LayoutRebuild,
} from '../src/index.ts';

const now = new Date('2026-11-30T12:00:00Z');
const ctx = { instance: 'a', now, claimTimeoutMs: 60_000 };
/** A pointer written before layouts were recorded (last session's deployments). */
const before = { id: 'view-generations', generations: { funnel: 3 }, switchedAt: 'x' };
const claim = (over: Partial<LayoutRebuild> = {}): LayoutRebuild => ({
  generation: 4,
  layout: 2,
  claimedBy: 'b',
  claimedAt: '2026-11-30T11:59:50.000Z',
  ...over,
});

describe('layout versions', () => {
  test('each view definition carries its layout; the hourly views are on their second', () => {
    for (const view of VIEW_KINDS) assert.equal(VIEW_LAYOUTS[view], VIEW_DEFINITIONS[view].layout);
    assert.equal(VIEW_LAYOUTS.funnel, 2);
    assert.equal(VIEW_LAYOUTS['orders-hour'], 2);
    assert.equal(VIEW_LAYOUTS.categories, 1);
  });

  test('a pointer without layouts means layout 1 everywhere: the views whose layout changed are rebuilt', () => {
    assert.deepEqual(layoutsOf(before), {
      'top-movies': 1,
      categories: 1,
      'orders-hour': 1,
      'orders-day': 1,
      funnel: 1,
    });
    assert.deepEqual(viewsToRebuild(layoutsOf(before)), ['orders-hour', 'funnel']);
    assert.deepEqual(viewsToRebuild(VIEW_LAYOUTS), []);
    // A view rolled back to an older release counts as well: any difference.
    assert.deepEqual(viewsToRebuild({ ...VIEW_LAYOUTS, categories: 3 }), ['categories']);
  });

  test('no pointer at all: nothing was built, the code layouts hold', () => {
    assert.deepEqual(layoutsOf(undefined), VIEW_LAYOUTS);
  });

  test('a store without a pointer: views already written keep layout 1, the others get the code layout', () => {
    const pointer = initialPointer(['funnel', 'categories'], now);
    assert.deepEqual(viewsToRebuild(layoutsOf(JSON.parse(JSON.stringify(pointer)))), ['funnel']);
    assert.deepEqual(viewsToRebuild(layoutsOf(initialPointer([], now))), []);
  });
});

describe('a projector step per view', () => {
  test('same layout: project the live generation', () => {
    assert.deepEqual(layoutStepOf(before, 'categories', 1, ctx), { action: 'project', generation: 1 });
  });

  test('another layout and no rebuild recorded: prepare the next generation', () => {
    assert.deepEqual(layoutStepOf(before, 'funnel', 2, ctx), { action: 'prepare', generation: 4 });
  });

  test('a rebuild claimed by another replica and not prepared yet: wait; by this one, or left too long: prepare', () => {
    const claimed = withRebuild(before, 'funnel', claim());
    assert.deepEqual(layoutStepOf(claimed, 'funnel', 2, ctx), { action: 'wait' });
    assert.deepEqual(layoutStepOf(claimed, 'funnel', 2, { ...ctx, instance: 'b' }), {
      action: 'prepare',
      generation: 4,
    });
    const late = { ...ctx, now: new Date('2026-11-30T12:01:00Z') };
    assert.deepEqual(layoutStepOf(claimed, 'funnel', 2, late), { action: 'prepare', generation: 4 });
  });

  test('a prepared rebuild: every replica of that layout builds (joins or resumes) its generation', () => {
    const rebuild = claim({ heads: [{ minInclusive: '', maxExclusive: 'FF', lsn: 42 }] });
    const prepared = JSON.parse(JSON.stringify(withRebuild(before, 'funnel', rebuild))) as unknown;
    assert.deepEqual(layoutStepOf(prepared, 'funnel', 2, ctx), { action: 'build', generation: 4, rebuild });
    // Another release (layout 3) does not join it: it prepares a generation past it.
    assert.deepEqual(layoutStepOf(prepared, 'funnel', 3, ctx), { action: 'prepare', generation: 5 });
    // The other views are not concerned.
    assert.deepEqual(layoutStepOf(prepared, 'top-movies', 1, ctx), { action: 'project', generation: 1 });
  });

  test('the switch records the code layout and ends the rebuild; the others keep theirs', () => {
    const rebuilding = withRebuild(
      withRebuild(before, 'funnel', claim()),
      'orders-hour',
      claim({ generation: 2 }),
    );
    const switched = JSON.parse(JSON.stringify(switchGeneration(rebuilding, 'funnel', 4, now))) as unknown;
    assert.deepEqual(layoutStepOf(switched, 'funnel', 2, ctx), { action: 'project', generation: 4 });
    assert.equal(layoutsOf(switched)['orders-hour'], 1);
    assert.deepEqual(viewsToRebuild(layoutsOf(switched)), ['orders-hour']);
    assert.equal(layoutStepOf(switched, 'orders-hour', 2, ctx).action, 'wait');
  });
});

describe('a manual rebuild beside the replicas', () => {
  test("given the replicas rebuild a view into this release's layout, then a manual rebuild must wait", () => {
    const doc = withRebuild(before, 'funnel', claim({ layout: VIEW_LAYOUTS.funnel }));
    assert.equal(replicasRebuilding(doc, 'funnel')?.generation, 4);
  });

  test("given a record of a rebuild into another release's layout (rolled back), then nothing stands in its way", () => {
    const doc = withRebuild(before, 'funnel', claim({ layout: VIEW_LAYOUTS.funnel + 1 }));
    assert.equal(replicasRebuilding(doc, 'funnel'), undefined);
    assert.equal(replicasRebuilding(before, 'funnel'), undefined);
  });
});
