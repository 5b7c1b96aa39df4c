import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { notFound } from '@marquee/platform';
import { Movie, MovieList, MovieParams } from '../schemas/movies.ts';
import { problemResponses } from '../schemas/problem.ts';

interface MovieDocument {
  movieId: number;
  title: string;
  categoryId: number;
  unitPrice: number;
}

const toMovie = (d: MovieDocument): Movie => ({
  movieId: d.movieId,
  title: d.title,
  categoryId: d.categoryId,
  unitPrice: d.unitPrice,
});

/** The catalog's movies: the list is one single-partition query, one movie a point read. */
export default async function movieRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/movies', { schema: { tags: ['catalog'], response: { 200: MovieList } } }, async () => {
    const { resources } = await app.cosmos.catalog.items
      .query<MovieDocument>('SELECT * FROM c WHERE c.type = "movie" ORDER BY c.movieId', {
        partitionKey: 'movie',
      })
      .fetchAll();
    return { items: resources.map(toMovie) };
  });

  app.get(
    '/api/movies/:movieId',
    {
      schema: {
        tags: ['catalog'],
        params: MovieParams,
        response: { 200: Movie, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { movieId } = request.params;
      const { resource } = await app.cosmos.catalog.item(`movie-${movieId}`, 'movie').read<MovieDocument>();
      if (!resource) throw notFound(`movie ${movieId} is not in the catalog`);
      return toMovie(resource);
    },
  );
}
