import type { FastifyInstance } from 'fastify';
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
import { problemResponses } from '../schemas/problem.ts';

const tags = ['reports'];
const money = 'Money values are US dollars as numbers with 2 decimal places.';

/** The reports: each a handful of point reads of view docs, never a query over orders. */
export default async function reportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
    async (request) => await app.reports.topMovies(request.query.limit),
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
    async () => await app.reports.categories(),
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
    async (request) => await app.reports.hourly(request.query.hours),
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
    async (request) => await app.reports.daily(request.query.days),
  );
}
