import { Type, type Static } from 'typebox';
import { AsOf } from './reports.ts';

const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Rate = (description: string) =>
  Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: `${description}; 4 decimals, null when the denominator is 0, above 1 when more happened later in the funnel than earlier in the window`,
  });

export const FunnelQuery = Type.Object({
  hours: Type.Integer({ minimum: 1, maximum: 168, default: 24, description: 'how many hours (1–168)' }),
  movieId: Type.Optional(Type.Integer({ minimum: 1, description: 'only this movie' })),
  category: Type.Optional(
    Type.Integer({ minimum: 0, description: 'only this category (its categoryId; 0 = Unknown)' }),
  ),
});
export type FunnelQuery = Static<typeof FunnelQuery>;

export const FunnelRates = Type.Object(
  {
    viewToCart: Rate('carts / views'),
    cartToCheckout: Rate('checkouts / carts'),
    checkoutToOrder: Rate('orders / checkouts'),
    viewToOrder: Rate('orders / views: the whole funnel'),
  },
  { description: 'conversion rates, computed from the counts when the report is read' },
);

const Steps = {
  views: Count('product views'),
  carts: Count('adds to cart'),
  checkouts: Count('checkouts started'),
  orders: Count('orders placed (an order counts once per movie and once per category it names)'),
  rates: FunnelRates,
};

export const FunnelHour = Type.Object({
  hour: Type.String({ description: 'UTC hour, YYYY-MM-DDTHH', examples: ['2026-11-22T10'] }),
  ...Steps,
});
export type FunnelHour = Static<typeof FunnelHour>;

export const FunnelCategory = Type.Object({
  categoryId: Type.Integer({ description: '0 = Unknown (movies not in the catalog)' }),
  name: Type.String(),
  ...Steps,
});
export type FunnelCategory = Static<typeof FunnelCategory>;

export const FunnelReport = Type.Object(
  {
    asOf: AsOf,
    movie: Type.Union(
      [
        Type.Object({
          movieId: Type.Integer(),
          title: Type.String(),
          categoryId: Type.Integer(),
          categoryName: Type.String(),
        }),
        Type.Null(),
      ],
      { description: 'the movie counted (movieId=), else null' },
    ),
    category: Type.Union([Type.Object({ categoryId: Type.Integer(), name: Type.String() }), Type.Null()], {
      description: 'the category counted (category=), else null',
    }),
    total: Type.Object(Steps, { description: 'the whole window' }),
    series: Type.Array(FunnelHour, {
      description: 'oldest first, ending with the current hour; zero-filled',
    }),
    categories: Type.Array(FunnelCategory, {
      description:
        'the window per category, most views first (ties by id): every catalog category, Unknown when it has counts; only the chosen one with category=, none with movieId=',
    }),
  },
  { $id: 'FunnelReport' },
);
export type FunnelReport = Static<typeof FunnelReport>;
