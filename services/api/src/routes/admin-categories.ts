import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Container } from '@azure/cosmos';
import { categoryDocId } from '@marquee/domain';
import { conflict, forbidden, MarqueeError, notFound, unauthorized } from '@marquee/platform';
import { isLive, toCategory, type CategoryDocument } from '@marquee/category-cache';
import { Category, CategoryParams, CategoryUpdate, NewCategory } from '../schemas/categories.ts';
import { problemResponses } from '../schemas/problem.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Bearer token check; both sides are hashed first so the comparison takes the same time whatever the input. */
export function checkAdmin(request: FastifyRequest, token: string): void {
  const header = request.headers.authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (match?.[1] === undefined) throw unauthorized('an admin bearer token is required');
  if (!timingSafeEqual(digest(match[1]), digest(token)))
    throw forbidden('this token may not change categories');
}

const status = (err: unknown): number | undefined => (err as { code?: unknown }).code as number | undefined;

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

/** Replaces a document only if nobody changed it since it was read (ETag). */
async function replaceIfUnchanged(catalog: Container, doc: CategoryDocument, etag: string): Promise<void> {
  try {
    await catalog
      .item(doc.id, 'category')
      .replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
  } catch (err) {
    if (status(err) === 412) throw conflict('the category changed meanwhile; read it again and retry');
    if (status(err) === 404) throw notFound(`category ${doc.categoryId} does not exist`);
    throw err;
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
  app.addHook('onRequest', async (request) => checkAdmin(request, adminToken));
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
      const { categoryId, name, description } = request.body;
      const doc: CategoryDocument = {
        id: categoryDocId(categoryId),
        type: 'category',
        categoryId,
        name,
        description,
      };
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
      const doc: CategoryDocument = {
        id: current.id,
        type: 'category',
        categoryId,
        name: request.body.name,
        description: request.body.description,
      };
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
          if (status(err) === 404) throw notFound(`category ${categoryId} does not exist`);
          if (status(err) === 412) throw conflict('the category changed meanwhile; read it again and retry');
          throw err;
        }
      } else {
        // Soft delete: the latest-version change feed sees a replace; the ttl removes the document later.
        const { _etag: etag, ...rest } = current;
        await replaceIfUnchanged(
          catalog,
          { ...stripSystem(rest), deleted: true, ttl: softDeleteTtlSeconds },
          etag,
        );
      }
      return reply.code(204).send(null);
    },
  );
}

function stripSystem(doc: CategoryDocument): CategoryDocument {
  const { id, type, categoryId, name, description } = doc;
  return { id, type, categoryId, name, description };
}
