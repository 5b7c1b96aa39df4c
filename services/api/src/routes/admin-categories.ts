import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { toCategory } from '@marquee/category-cache';
import { forbidden, MarqueeError, unauthorized } from '@marquee/platform';
import { Category, CategoryParams, CategoryUpdate, NewCategory } from '../schemas/categories.ts';
import { problemResponses } from '../schemas/problem.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Bearer token check; both sides are hashed first so the comparison takes the same time whatever the input.
 * No token is a 401 with the challenge RFC 9110 requires; a wrong one is a 403.
 */
function checkAdmin(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (match?.[1] === undefined) {
    void reply.header('www-authenticate', 'Bearer');
    throw unauthorized('an admin bearer token is required');
  }
  if (!timingSafeEqual(digest(match[1]), digest(token)))
    throw forbidden('this token may not change categories');
}

/**
 * Category writes for operators. They go to the store only: cache-sync sees every change on the change feed
 * and refreshes the cache, so a write here and an edit in Data Explorer take the same path to readers.
 * Conditional writes (ETag) and their failures (409, 404) are the catalog repository's.
 */
export default async function adminCategoryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { adminToken, categoryDeleteMode, softDeleteTtlSeconds } = app.config;
  const catalog = app.catalogRepository;
  if (adminToken === undefined) throw new MarqueeError('config', 'admin routes need ADMIN_TOKEN');
  app.addHook('onRequest', async (request, reply) => checkAdmin(request, reply, adminToken));
  const security = [{ admin: [] }];

  app.post(
    '/api/admin/categories',
    {
      schema: {
        tags: ['admin'],
        security,
        body: NewCategory,
        response: { 201: Category, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const doc = await catalog.createCategory(request.body);
      void reply.code(201).header('location', `/api/categories/${doc.categoryId}`);
      return toCategory(doc);
    },
  );

  app.put(
    '/api/admin/categories/:categoryId',
    {
      schema: {
        tags: ['admin'],
        security,
        params: CategoryParams,
        body: CategoryUpdate,
        response: { 200: Category, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toCategory(await catalog.updateCategory({ categoryId: request.params.categoryId, ...request.body })),
  );

  app.delete(
    '/api/admin/categories/:categoryId',
    {
      schema: {
        tags: ['admin'],
        security,
        params: CategoryParams,
        response: { 204: { type: 'null' }, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await catalog.deleteCategory(
        request.params.categoryId,
        categoryDeleteMode === 'hard' ? { mode: 'hard' } : { mode: 'soft', ttlSeconds: softDeleteTtlSeconds },
      );
      return reply.code(204).send(null);
    },
  );
}
