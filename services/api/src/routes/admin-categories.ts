import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { toCategory } from '@marquee/category-cache';
import { normalizeCategoryName } from '@marquee/domain';
import { forbidden, MarqueeError, unauthorized, validationError } from '@marquee/platform';
import { Category, CategoryParams, CategoryUpdate, NewCategory } from '../schemas/categories.ts';
import { problemResponses } from '../schemas/problem.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Bearer token check; both sides are hashed first so the comparison takes the same time whatever the input.
 * No token is a 401 with the challenge RFC 9110 requires; a wrong one is a 403. The token is taken from the
 * Authorization header only (a query parameter would end up in logs and browser history). Each failure is a
 * warning with the client's address: repeated ones are someone guessing, and the rate limit slows them down.
 */
function checkAdmin(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (match?.[1] === undefined) {
    request.log.warn({ ip: request.ip, reason: 'no bearer token' }, 'admin authentication failed');
    void reply.header('www-authenticate', 'Bearer');
    throw unauthorized('an admin bearer token is required in the Authorization header');
  }
  if (!timingSafeEqual(digest(match[1]), digest(token))) {
    request.log.warn({ ip: request.ip, reason: 'wrong token' }, 'admin authentication failed');
    throw forbidden('this token may not change categories');
  }
}

/** The name as stored (NFC, trimmed); 400 with the reason for one that hides or controls what is shown. */
function checkedName(name: string): string {
  const checked = normalizeCategoryName(name);
  if (!checked.ok) throw validationError(`invalid category name: ${checked.reason}`, [checked.reason]);
  return checked.name;
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
  // Before the token check, so guessing is throttled too; per client address, 429 with Retry-After.
  await app.register(rateLimit, { max: app.config.adminRateLimit, timeWindow: 60_000 });
  // preParsing: after every onRequest hook, the rate limit's included, and before any body is read.
  app.addHook('preParsing', async (request, reply) => checkAdmin(request, reply, adminToken));
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
      const doc = await catalog.createCategory({ ...request.body, name: checkedName(request.body.name) });
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
      toCategory(
        await catalog.updateCategory({
          categoryId: request.params.categoryId,
          ...request.body,
          name: checkedName(request.body.name),
        }),
      ),
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
