import { Type, type Static } from 'typebox';

export const Movie = Type.Object(
  {
    movieId: Type.Integer(),
    title: Type.String(),
    categoryId: Type.Integer(),
    unitPrice: Type.Number({ description: 'price in dollars, 2 decimal places' }),
  },
  { $id: 'Movie' },
);
export type Movie = Static<typeof Movie>;

export const MovieParams = Type.Object({ movieId: Type.Integer({ minimum: 1 }) });
export const MovieList = Type.Object({ items: Type.Array(Movie) });
