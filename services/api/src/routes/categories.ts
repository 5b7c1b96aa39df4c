import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { notFound } from '@marquee/platform';
import { Category, CategoryList, CategoryParams } from '../schemas/categories.ts';
import { problemResponses } from '../schemas/problem.ts';

/**
 * Movie categories, cache first. `x-cache` says where the answer came from: HIT-L1 (this process), HIT-REDIS,
 * MISS (read from the store, which refilled the cache) or BYPASS (Redis down, read from the store).
 */
export default async function categoryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { reader } = app.categoryCache;

  app.get(
    '/api/categories',
    { schema: { tags: ['catalog'], response: { 200: CategoryList } } },
    async (_request, reply) => {
      const { items, version, source } = await reader.list();
      void reply.header('x-cache', source);
      return { items, version };
    },
  );

  app.get(
    '/api/categories/:categoryId',
    {
      schema: {
        tags: ['catalog'],
        params: CategoryParams,
        response: { 200: Category, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { categoryId } = request.params;
      const { category, source } = await reader.one(categoryId);
      void reply.header('x-cache', source);
      if (category === undefined) throw notFound(`category ${categoryId} does not exist`);
      return category;
    },
  );
}
