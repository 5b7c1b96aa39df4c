import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { CatalogRepository, invalidDocumentReporter } from '@marquee/catalog-store';

declare module 'fastify' {
  interface FastifyInstance {
    catalogRepository: CatalogRepository;
  }
}

/**
 * The catalog repository, shared by the admin and movie routes, the category cache and the reports. A
 * malformed document is skipped where it is read, logged once and counted (catalog_invalid_documents_total).
 */
async function catalog(app: FastifyInstance): Promise<void> {
  const onInvalid = invalidDocumentReporter(app.registry, app.log.child({ component: 'catalog' }));
  app.decorate('catalogRepository', new CatalogRepository(app.cosmos.catalog, { onInvalid }));
}

export default fp(catalog, { name: 'catalog', dependencies: ['config', 'cosmos'] });
