import { Type, type Static } from 'typebox';

export const Category = Type.Object(
  {
    categoryId: Type.Integer(),
    name: Type.String(),
    description: Type.String(),
  },
  { $id: 'Category' },
);
export type Category = Static<typeof Category>;

export const CategoryList = Type.Object({
  items: Type.Array(Category),
  version: Type.Integer({ description: 'highest catalog LSN the list reflects' }),
});

export const CategoryParams = Type.Object({
  categoryId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

// A name must carry a visible character; descriptions may be empty.
const name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const description = Type.String({ maxLength: 1000 });

export const NewCategory = Type.Object(
  { categoryId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), name, description },
  { additionalProperties: false },
);
export type NewCategory = Static<typeof NewCategory>;

export const CategoryUpdate = Type.Object({ name, description }, { additionalProperties: false });
export type CategoryUpdate = Static<typeof CategoryUpdate>;

const ReadCounts = Type.Object({
  'HIT-L1': Type.Integer(),
  'HIT-REDIS': Type.Integer(),
  MISS: Type.Integer(),
  BYPASS: Type.Integer(),
});

export const CacheStats = Type.Object({
  reads: ReadCounts,
  storeReads: Type.Integer(),
  invalidations: Type.Integer(),
  cacheErrors: Type.Integer(),
  redis: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  l1: Type.Object({ enabled: Type.Boolean(), version: Type.Optional(Type.Integer()) }),
});

export const CachedCategories = Type.Object({
  items: Type.Array(Category),
  version: Type.Integer(),
  writtenAt: Type.String({ format: 'date-time' }),
  writeId: Type.String(),
  stats: CacheStats,
});
