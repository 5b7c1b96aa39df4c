import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { MovieDoc } from '@marquee/domain';
import { notFound } from '@marquee/platform';
import { Movie, MovieList, MovieParams } from '../schemas/movies.ts';
import { problemResponses } from '../schemas/problem.ts';

const toMovie = (d: MovieDoc): Movie => ({
  movieId: d.movieId,
  title: d.title,
  categoryId: d.categoryId,
  unitPrice: d.unitPrice,
});

/** The catalog's movies (through the catalog repository): the list is one query, one movie a point read. */
export default async function movieRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/movies', { schema: { tags: ['catalog'], response: { 200: MovieList } } }, async () => {
    return { items: (await app.catalogRepository.movies()).map(toMovie) };
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
      const movie = await app.catalogRepository.movie(movieId);
      if (!movie) throw notFound(`movie ${movieId} is not in the catalog`);
      return toMovie(movie);
    },
  );
}
