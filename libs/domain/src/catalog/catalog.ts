// The deterministic Contoso catalog: 19 categories and 500 movies, generated rather than copied so the repo
// carries no third-party data. Same output on every call and every machine (fixed seed, own PRNG).
import { mulberry32, randomInt, shuffle } from '../random/index.ts';
import { CATEGORIES } from './categories.ts';
import { categoryDocId, movieDocId, type CategoryDoc, type MovieDoc } from './documents.ts';
import { generateTitles } from './titles.ts';

export interface Catalog {
  categories: CategoryDoc[];
  movies: MovieDoc[];
}

export const FIRST_MOVIE_ID = 397518;
export const MOVIE_COUNT = 500;
export const LAST_MOVIE_ID = FIRST_MOVIE_ID + MOVIE_COUNT - 1;
const CATALOG_SEED = 0x4d617271; // "Marq"

export function generateCatalog(): Catalog {
  const rng = mulberry32(CATALOG_SEED);
  const titles = generateTitles(rng, MOVIE_COUNT);
  // Deal categories round-robin, then shuffle: every category is used and sizes differ by at most one.
  const dealt = Array.from({ length: MOVIE_COUNT }, (_, i) => CATEGORIES[i % CATEGORIES.length]!.categoryId);
  const categoryIds = shuffle(rng, dealt);
  const movies = titles.map((title, i): MovieDoc => {
    const movieId = FIRST_MOVIE_ID + i;
    return {
      id: movieDocId(movieId),
      type: 'movie',
      movieId,
      title,
      categoryId: categoryIds[i]!,
      // Integer cents divided by 100 is the float nearest the decimal, i.e. exactly the literal 4.99 etc.
      unitPrice: (randomInt(rng, 4, 14) * 100 + 99) / 100,
    };
  });
  const categories = CATEGORIES.map((c): CategoryDoc => ({
    id: categoryDocId(c.categoryId),
    type: 'category',
    ...c,
  }));
  return { categories, movies };
}
