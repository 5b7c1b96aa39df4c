// Rebuilding a view while the projector runs and orders flow. The case that needs it: orders for a movie the
// catalog did not have yet were counted under Unknown; once the movie is in the catalog, a rebuild of the
// categories view files them under the right category. The pointer switches, the running replica follows it
// onto the new generation without a gap or a double count, and the old generation is deleted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { generateCatalog } from '@marquee/domain';
import { eventually, ServiceProcess, stackEnv } from '@marquee/test-support';
import { expectedViews, totalOrders, uniqueOrders } from './support/ground-truth.ts';
import {
  FAST_LEASES,
  ORDER_COUNT,
  sendBackfill,
  startPipeline,
  startProjector,
  type Pipeline,
} from './support/pipeline.ts';
import { ordersProjected, assertSameViews, readViews } from './support/read-views.ts';

const NEW_MOVIE = { movieId: 900_001, categoryId: 5, unitPrice: 7.99 };

describe('rebuilding a view', () => {
  let pipeline: Pipeline;

  before(async () => {
    pipeline = await startPipeline();
  });

  after(async () => {
    await pipeline?.stop();
  });

  test('rebuild of categories while orders flow: pointer switches, the rebuilt view ends exact', async () => {
    const replica = await startProjector(pipeline.stack, 'replica-1');
    try {
      const outs = ['a', 'b', 'c'].map((n) => path.join(pipeline.dir, `${n}.jsonl`));
      const half = Math.round(ORDER_COUNT / 2);
      await sendBackfill(pipeline.stack, outs[0] as string, { count: half, seed: 1 });
      // Orders naming a movie the catalog does not have yet (with a few known ones).
      const someMovies = generateCatalog().movies.slice(0, 3);
      await sendBackfill(pipeline.stack, outs[1] as string, {
        count: 300,
        seed: 2,
        catalog: { movies: [NEW_MOVIE, ...someMovies] },
      });
      const before = expectedViews((await uniqueOrders(outs.slice(0, 2))).values());
      await eventually(async () => assert.equal(await ordersProjected(pipeline.views), totalOrders(before)), {
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      // Every view, the funnel included (it ends last), counted these orders before the movie joins the catalog.
      await eventually(async () => assertSameViews(await readViews(pipeline.views), before), {
        timeoutMs: 120_000,
        intervalMs: 1_000,
      });
      const g1 = await readViews(pipeline.views);
      assert.ok((g1.categories['0']?.unitsSold ?? 0) > 0, 'the unknown movie was counted under Unknown');

      // The movie joins the catalog; orders keep flowing during the rebuild.
      await pipeline.client
        .database('marquee')
        .container('catalog')
        .items.create({
          id: `movie-${NEW_MOVIE.movieId}`,
          type: 'movie',
          title: 'Late Addition',
          ...NEW_MOVIE,
        });
      const flowing = sendBackfill(pipeline.stack, outs[2] as string, { count: half, seed: 3, rate: 400 });
      const rebuild = new ServiceProcess({
        service: 'projector',
        script: 'src/rebuild.ts',
        args: ['--view', 'categories'],
        env: { ...stackEnv(pipeline.stack), ...FAST_LEASES, INSTANCE_NAME: 'rebuilder' },
      });
      const exit = await rebuild.exited;
      assert.equal(exit.code, 0, rebuild.logs.join('\n'));
      const report = rebuild.logs.find((l) => l.startsWith('categories: generation 1 → 2'));
      assert.ok(report, rebuild.logs.join('\n'));
      process.stdout.write(`# ${report}\n`);

      const pointer = (await pipeline.views.item('view-generations', 'view-generations').read()).resource;
      assert.equal(pointer?.generations.categories, 2, 'the API pointer names generation 2');
      assert.equal(pointer?.generations['top-movies'], 1);

      await flowing;
      const orders = [...(await uniqueOrders(outs)).values()];
      const refiled = expectedViews(orders, 'UTC', new Map([[NEW_MOVIE.movieId, NEW_MOVIE.categoryId]]));
      assert.equal(refiled.categories['0'], undefined, 'nothing is Unknown any more');
      // The funnel was not rebuilt: it still files the new movie's orders (all sent before it joined the
      // catalog) under Unknown, as they were counted.
      const expected = { ...refiled, funnel: expectedViews(orders).funnel };
      await eventually(
        async () => assertSameViews(await readViews(pipeline.views, { categories: 2 }), expected),
        { timeoutMs: 120_000, intervalMs: 1_000 },
      );
      const old = await pipeline.views.item('g1.categories', 'g1.categories').read();
      assert.equal(old.statusCode, 404, 'the old generation was deleted');
      assert.match(
        await replica.metrics(),
        /projector_view_generation\{view="categories",service="projector"\} 2/,
      );
    } finally {
      await replica.process.stop();
    }
  });
});
