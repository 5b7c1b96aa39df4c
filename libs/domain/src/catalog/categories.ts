// Contoso's 19 storefront categories. Ids are TMDB genre ids, which is what the website uses as categoryId.

export interface Category {
  categoryId: number;
  name: string;
  description: string;
}

export const CATEGORIES: readonly Category[] = Object.freeze(
  [
    { categoryId: 12, name: 'Adventure', description: 'Journeys, quests and treasure hunts far from home.' },
    { categoryId: 14, name: 'Fantasy', description: 'Magic, myth and worlds that never were.' },
    {
      categoryId: 16,
      name: 'Animation',
      description: 'Drawn, modelled and stop-motion stories for every age.',
    },
    { categoryId: 18, name: 'Drama', description: 'People under pressure and the choices that define them.' },
    {
      categoryId: 27,
      name: 'Horror',
      description: 'Things in the dark, and the people who go looking for them.',
    },
    { categoryId: 28, name: 'Action', description: 'Chases, fights and explosions at full speed.' },
    { categoryId: 35, name: 'Comedy', description: 'Misunderstandings, mischief and laughs out loud.' },
    { categoryId: 36, name: 'History', description: 'Real events and eras brought back to the screen.' },
    { categoryId: 37, name: 'Western', description: 'Frontier towns, long rides and showdowns at noon.' },
    { categoryId: 53, name: 'Thriller', description: 'Tension that tightens until the last minute.' },
    { categoryId: 80, name: 'Crime', description: 'Heists, detectives and the underworld between them.' },
    {
      categoryId: 99,
      name: 'Documentary',
      description: 'True stories told by the people and places involved.',
    },
    {
      categoryId: 878,
      name: 'Science Fiction',
      description: 'Futures, spaceships and what technology does to us.',
    },
    { categoryId: 9648, name: 'Mystery', description: 'Puzzles, clues and a secret waiting to be solved.' },
    { categoryId: 10402, name: 'Music', description: 'Bands, concerts and lives lived for a song.' },
    {
      categoryId: 10749,
      name: 'Romance',
      description: 'Meetings, missed chances and love against the odds.',
    },
    { categoryId: 10751, name: 'Family', description: 'Films the whole household can watch together.' },
    { categoryId: 10752, name: 'War', description: 'Soldiers, civilians and the cost of conflict.' },
    { categoryId: 10770, name: 'TV Movie', description: 'Feature-length stories made for television.' },
  ].map((category) => Object.freeze(category)),
);

/** Where a product is not in the catalog, its sales are counted here. */
export const UNKNOWN_CATEGORY: Readonly<{ categoryId: 0; name: 'Unknown' }> = Object.freeze({
  categoryId: 0,
  name: 'Unknown',
});

const NAMES = new Map<number, string>(CATEGORIES.map((c) => [c.categoryId, c.name]));

/** The category's name, `Unknown` for 0, undefined for an id that is not a Contoso category. */
export function categoryName(categoryId: number): string | undefined {
  return categoryId === UNKNOWN_CATEGORY.categoryId ? UNKNOWN_CATEGORY.name : NAMES.get(categoryId);
}
