import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Metric, MetricValueWithName } from 'prom-client';

const NAME = 'http_request_duration_seconds';
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

interface Series {
  labels: { method: string; route: string; status: number };
  /** Observations per bucket (not cumulative); the last one is past the largest bound (+Inf). */
  counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * Request latency as a Prometheus histogram by method, route and status, counted without allocating: a series
 * is found through nested maps and incremented in place. prom-client's `observe` made a labels object, a
 * closure and a sorted label hash on every request (a few % of the API's CPU under load); the text it scrapes
 * as is the same.
 */
export class RequestLatency {
  readonly name = NAME;
  readonly help = 'HTTP request latency by route and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #series = new Map<string, Map<string, Map<number, Series>>>();

  observe(method: string, route: string, status: number, seconds: number): void {
    let byRoute = this.#series.get(method);
    if (byRoute === undefined) this.#series.set(method, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (byStatus === undefined) byRoute.set(route, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (series === undefined) {
      series = {
        labels: { method, route, status },
        counts: new Float64Array(BUCKETS.length + 1),
        sum: 0,
        count: 0,
      };
      byStatus.set(status, series);
    }
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    series.counts[i]!++;
    series.sum += seconds;
    series.count++;
  }

  /** What the registry scrapes: cumulative buckets, sum and count per series, as prom-client's Histogram. */
  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: MetricValueWithName<string>[];
  }> {
    const values: MetricValueWithName<string>[] = [];
    for (const byRoute of this.#series.values())
      for (const byStatus of byRoute.values())
        for (const { labels, counts, sum, count } of byStatus.values()) {
          let cumulative = 0;
          BUCKETS.forEach((le, i) => {
            cumulative += counts[i]!;
            values.push({ metricName: `${NAME}_bucket`, labels: { le, ...labels }, value: cumulative });
          });
          values.push({ metricName: `${NAME}_bucket`, labels: { le: '+Inf', ...labels }, value: count });
          values.push({ metricName: `${NAME}_sum`, labels, value: sum });
          values.push({ metricName: `${NAME}_count`, labels, value: count });
        }
    return { name: NAME, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.#series.clear();
  }
}

/** Observes every request of the app into `http_request_duration_seconds` on the app's registry. */
async function requestMetrics(app: FastifyInstance): Promise<void> {
  const latency = new RequestLatency();
  // The registry needs only what a scrape asks of a metric: name, get() and reset().
  app.registry.registerMetric(latency as unknown as Metric);
  // A callback hook: an async one costs a promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    latency.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}

// Not encapsulated: the hook must see every route of the app.
export default fp(requestMetrics, { name: 'request-metrics', dependencies: ['config'] });
