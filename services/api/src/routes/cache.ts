import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { notFound, unavailable } from '@marquee/platform';
import { CacheStats, CachedCategories } from '../schemas/categories.ts';
import { problemResponses } from '../schemas/problem.ts';

/** What Redis holds for categories, as is (no fallback to the store), and this instance's hit counts. */
export default async function cacheRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reader, cache, stats } = app.categoryCache;

  const currentStats = () => {
    const l1 = reader.l1.get(Date.now());
    return {
      ...stats,
      reads: { ...stats.reads },
      redis: reader.redisUp ? ('up' as const) : ('down' as const),
      l1: { enabled: reader.l1.enabled, ...(l1 ? { version: l1.version } : {}) },
    };
  };

  app.get(
    '/api/cache/categories',
    { schema: { tags: ['cache'], response: { 200: CachedCategories, ...problemResponses(404, 503) } } },
    async () => {
      let held;
      try {
        held = await cache.read();
      } catch (err) {
        throw unavailable('redis is unavailable', err);
      }
      if (held === undefined) throw notFound('the category cache is empty');
      return { ...held, stats: currentStats() };
    },
  );

  app.get('/api/cache/stats', { schema: { tags: ['cache'], response: { 200: CacheStats } } }, async () =>
    currentStats(),
  );
}
