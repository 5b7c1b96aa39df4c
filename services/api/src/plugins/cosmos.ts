import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Container, CosmosClient, Database } from '@azure/cosmos';
import { CONTAINERS, createCosmosClient } from '@marquee/platform';

export interface CosmosStore {
  client: CosmosClient;
  database: Database;
  catalog: Container;
  views: Container;
  /** The workers' status documents and the dead letters, for /api/pipeline (read only). */
  status: Container;
  deadletters: Container;
}

declare module 'fastify' {
  interface FastifyInstance {
    cosmos: CosmosStore;
  }
}

/** The Cosmos client, shared by every route, disposed when the app closes. */
async function cosmos(app: FastifyInstance): Promise<void> {
  const client = createCosmosClient(app.config.cosmos, 'marquee-api');
  const database = client.database(app.config.cosmosDatabase);
  app.decorate('cosmos', {
    client,
    database,
    catalog: database.container(CONTAINERS.catalog.id),
    views: database.container(CONTAINERS.views.id),
    status: database.container(CONTAINERS.status.id),
    deadletters: database.container(CONTAINERS.deadletters.id),
  });
  app.addHook('onClose', async () => client.dispose());
}

export default fp(cosmos, { name: 'cosmos', dependencies: ['config'] });
