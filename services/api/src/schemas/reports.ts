import { Type, type Static } from 'typebox';

/**
 * Money: the views count integer cents; the API answers in dollars as a JSON number with at most 2
 * decimal places (cents / 100, e.g. 1250 cents → 12.5). Sums are exact because they are made in cents.
 */
const Money = (description: string) =>
  Type.Number({ description: `${description}, US dollars with 2 decimal places (from integer cents)` });

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const AsOf = Type.Object(
  {
    lastEventAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'newest order time (OrderDate) included in the report; null while no view exists',
    }),
    writtenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'when the projector last wrote the views behind the report; null while none exists',
    }),
  },
  { description: 'how fresh the report is' },
);
export type AsOf = Static<typeof AsOf>;

/** The largest `limit` of the top-movies report. */
export const MAX_TOP_MOVIES = 50;

export const TopMoviesQuery = Type.Object({
  limit: Type.Integer({
    minimum: 1,
    maximum: MAX_TOP_MOVIES,
    default: 10,
    description: `how many movies (1–${MAX_TOP_MOVIES})`,
  }),
});
export const TopMovie = Type.Object({
  movieId: Type.Integer(),
  title: Type.String(),
  categoryId: Type.Integer({ description: '0 = Unknown' }),
  categoryName: Type.String(),
  unitsSold: Count('units sold'),
  orders: Count('orders with this movie'),
  revenue: Money('revenue'),
});
export const TopMoviesReport = Type.Object(
  { asOf: AsOf, items: Type.Array(TopMovie, { description: 'best sellers first (units, then id)' }) },
  { $id: 'TopMoviesReport' },
);
export type TopMoviesReport = Static<typeof TopMoviesReport>;

export const CategoryRow = Type.Object({
  categoryId: Type.Integer({ description: '0 = Unknown (movies not in the catalog)' }),
  name: Type.String(),
  unitsSold: Count('units sold'),
  orders: Count('orders with a movie of this category'),
  revenue: Money('revenue'),
});
export const CategoriesReport = Type.Object(
  {
    asOf: AsOf,
    items: Type.Array(CategoryRow, {
      description: 'every catalog category (zero when unsold) and Unknown when it has sales; by units desc',
    }),
  },
  { $id: 'CategoriesReport' },
);
export type CategoriesReport = Static<typeof CategoriesReport>;

/** The counters of one hour or one day, shared by the hourly and daily buckets. */
const BucketCounts = {
  orders: Count('orders'),
  revenue: Money('order totals'),
  units: Count('units'),
};

export const HourBucket = Type.Object({
  hour: Type.String({ description: 'UTC hour, YYYY-MM-DDTHH', examples: ['2026-11-22T10'] }),
  ...BucketCounts,
});
export type HourBucket = Static<typeof HourBucket>;
export const HourlyQuery = Type.Object({
  hours: Type.Integer({ minimum: 1, maximum: 168, default: 24, description: 'how many hours (1–168)' }),
});
export const HourlyReport = Type.Object(
  {
    asOf: AsOf,
    current: HourBucket,
    series: Type.Array(HourBucket, {
      description: 'oldest first, ending with the current hour; zero-filled',
    }),
  },
  { $id: 'HourlyReport' },
);
export type HourlyReport = Static<typeof HourlyReport>;

export const DayBucket = Type.Object({
  date: Type.String({ description: 'calendar day in timeZone, YYYY-MM-DD', examples: ['2026-11-22'] }),
  ...BucketCounts,
});
export type DayBucket = Static<typeof DayBucket>;
export const DailyQuery = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 90, default: 7, description: 'how many days (1–90)' }),
});
export const DailyReport = Type.Object(
  {
    asOf: AsOf,
    timeZone: Type.String({ description: 'IANA zone the days are counted in (REPORT_TIMEZONE)' }),
    today: DayBucket,
    series: Type.Array(DayBucket, { description: 'oldest first, ending with today; zero-filled' }),
  },
  { $id: 'DailyReport' },
);
export type DailyReport = Static<typeof DailyReport>;

/** The payload of a `views` event on /api/stream: everything the dashboard shows. */
export const ViewsEvent = Type.Object(
  {
    changed: Type.Array(Type.String(), { description: 'views that changed since the previous event' }),
    serverTime: Type.String({ format: 'date-time' }),
    topMovies: TopMoviesReport,
    categories: CategoriesReport,
    hourly: HourlyReport,
    daily: DailyReport,
    eventsPerSecond: Type.Number({ description: 'orders per second over the last few seconds' }),
    rebuilding: Type.Optional(
      Type.Array(Type.String(), {
        description:
          "views being rebuilt for this release's document layout: their parts are blank (zeros) until the rebuild switches, not figures to show",
      }),
    ),
    cache: Type.Optional(Type.Unknown({ description: 'category cache stats, when that cache runs' })),
  },
  { $id: 'ViewsEvent' },
);
export type ViewsEvent = Static<typeof ViewsEvent>;
