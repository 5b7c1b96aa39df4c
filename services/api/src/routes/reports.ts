import type { FastifyInstance, FastifyReply } from 'fastify';
import { unavailable } from '@marquee/platform';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CategoriesReport,
  DailyQuery,
  DailyReport,
  HourlyQuery,
  HourlyReport,
  TopMoviesQuery,
  TopMoviesReport,
} from '../schemas/reports.ts';
import { FunnelQuery, FunnelReport } from '../schemas/funnel.ts';
import { problemResponses } from '../schemas/problem.ts';
import { isSettled } from '../read-models/built-reports.ts';

const tags = ['reports'];
const money = 'Money values are US dollars as numbers with 2 decimal places.';

/**
 * A report waits for the store at most `ms`: a store that hangs (Cosmos /readyz already says so within 2 s)
 * must not hold every caller's request open with it. Past that, 503 with a Retry-After.
 */
async function within<T>(ms: number, reply: FastifyReply, work: Promise<T>): Promise<T> {
  // A report already built needs no timer (one per request was a few % of the CPU under load).
  if (isSettled(work)) return await work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void reply.header('retry-after', String(Math.max(1, Math.ceil(ms / 1000))));
      reject(unavailable(`the view store did not answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The reports: each a handful of point reads of view docs, never a query over orders; built once per view
 * change and sent as a body serialized once, with an ETag (If-None-Match → 304).
 */
export default async function reportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ms = app.config.reportTimeoutMs;

  app.get(
    '/api/reports/top-movies',
    {
      schema: {
        tags,
        summary: 'Best-selling movies of all time',
        description: money,
        querystring: TopMoviesQuery,
        response: { 200: TopMoviesReport, ...problemResponses(400, 503) },
      },
    },
    async (request, reply) =>
      reply.sendCached(await within(ms, reply, app.reports.topMovies(request.query.limit))),
  );

  app.get(
    '/api/reports/categories',
    {
      schema: {
        tags,
        summary: 'Sales per category, most units first',
        description: money,
        response: { 200: CategoriesReport, ...problemResponses(503) },
      },
    },
    async (_request, reply) => reply.sendCached(await within(ms, reply, app.reports.categories())),
  );

  app.get(
    '/api/reports/orders/hourly',
    {
      schema: {
        tags,
        summary: 'Orders per UTC hour, ending with the current hour',
        description: money,
        querystring: HourlyQuery,
        response: { 200: HourlyReport, ...problemResponses(400, 503) },
      },
    },
    async (request, reply) =>
      reply.sendCached(await within(ms, reply, app.reports.hourly(request.query.hours))),
  );

  app.get(
    '/api/reports/orders/daily',
    {
      schema: {
        tags,
        summary: 'Orders per calendar day in REPORT_TIMEZONE, ending with today',
        description: money,
        querystring: DailyQuery,
        response: { 200: DailyReport, ...problemResponses(400, 503) },
      },
    },
    async (request, reply) =>
      reply.sendCached(await within(ms, reply, app.reports.daily(request.query.days))),
  );

  app.get(
    '/api/reports/funnel',
    {
      schema: {
        tags,
        summary: 'Conversion funnel per UTC hour: views, carts, checkouts, orders and the rates between them',
        description:
          'All of it, one category (category=) or one movie (movieId=), ending with the current hour. Rates are made from the summed counts.',
        querystring: FunnelQuery,
        response: { 200: FunnelReport, ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) =>
      reply.sendCached(await within(ms, reply, app.funnelReports.report(request.query))),
  );
}
