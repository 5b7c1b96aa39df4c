import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Container } from '@azure/cosmos';
import { categoryDocId } from '@marquee/domain';
import { conflict, forbidden, MarqueeError, notFound, unauthorized } from '@marquee/platform';
import { isLive, toCategory, type CategoryDocument } from '@marquee/category-cache';
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

const status = (err: unknown): number | undefined => (err as { code?: unknown }).code as number | undefined;

/** A conditional write that lost: 412 (changed since read) is a 409 for the caller, 404 stays 404. */
function writeFailure(err: unknown, categoryId: number): unknown {
  if (status(err) === 412) return conflict('the category changed meanwhile; read it again and retry');
  if (status(err) === 404) return notFound(`category ${categoryId} does not exist`);
  return err;
}

async function readLive(
  catalog: Container,
  categoryId: number,
): Promise<CategoryDocument & { _etag: string }> {
  const { resource } = await catalog
    .item(categoryDocId(categoryId), 'category')
    .read<CategoryDocument & { _etag: string }>();
  if (resource === undefined || !isLive(resource)) throw notFound(`category ${categoryId} does not exist`);
  return resource;
}

/** A live category's document, without the store's system properties (_etag, _ts, …). */
const categoryDocument = (category: Category): CategoryDocument => ({
  id: categoryDocId(category.categoryId),
  type: 'category',
  ...toCategory(category),
});

/** Replaces a document only if nobody changed it since it was read (ETag). */
async function replaceIfUnchanged(catalog: Container, doc: CategoryDocument, etag: string): Promise<void> {
  try {
    await catalog
      .item(doc.id, 'category')
      .replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
  } catch (err) {
    throw writeFailure(err, doc.categoryId);
  }
}

/**
 * Category writes for operators. They go to the store only: cache-sync sees every change on the change feed
 * and refreshes the cache, so a write here and an edit in Data Explorer take the same path to readers.
 */
export default async function adminCategoryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { adminToken, categoryDeleteMode, softDeleteTtlSeconds } = app.config;
  const catalog = app.cosmos.catalog;
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
      const { categoryId } = request.body;
      const doc = categoryDocument(request.body);
      try {
        await catalog.items.create(doc);
      } catch (err) {
        if (status(err) !== 409) throw err;
        // A soft-deleted category waiting for its ttl is gone for callers: creating it again revives it.
        const { resource } = await catalog
          .item(doc.id, 'category')
          .read<CategoryDocument & { _etag: string }>();
        if (resource === undefined || isLive(resource))
          throw conflict(`category ${categoryId} already exists`);
        await replaceIfUnchanged(catalog, doc, resource._etag);
      }
      void reply.code(201).header('location', `/api/categories/${categoryId}`);
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
    async (request) => {
      const { categoryId } = request.params;
      const current = await readLive(catalog, categoryId);
      const doc = categoryDocument({ categoryId, ...request.body });
      await replaceIfUnchanged(catalog, doc, current._etag);
      return toCategory(doc);
    },
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
      const { categoryId } = request.params;
      const current = await readLive(catalog, categoryId);
      if (categoryDeleteMode === 'hard') {
        try {
          await catalog
            .item(current.id, 'category')
            .delete({ accessCondition: { type: 'IfMatch', condition: current._etag } });
        } catch (err) {
          throw writeFailure(err, categoryId);
        }
      } else {
        // Soft delete: the latest-version change feed sees a replace; the ttl removes the document later.
        const doc = { ...categoryDocument(current), deleted: true, ttl: softDeleteTtlSeconds };
        await replaceIfUnchanged(catalog, doc, current._etag);
      }
      return reply.code(204).send(null);
    },
  );
}
