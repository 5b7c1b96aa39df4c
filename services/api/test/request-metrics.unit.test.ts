import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { RequestLatency } from '../src/plugins/request-metrics.ts';

test('request latency scrapes as a Prometheus histogram: cumulative buckets, sum and count per series', async () => {
  const registry = new Registry();
  const latency = new RequestLatency();
  registry.registerMetric(latency as never);
  latency.observe('GET', '/api/reports/categories', 200, 0.0004);
  latency.observe('GET', '/api/reports/categories', 200, 0.003);
  latency.observe('GET', '/api/reports/categories', 200, 9);
  latency.observe('GET', '/api/reports/funnel', 400, 0.001);
  const text = await registry.metrics();
  const line = (labels: string) =>
    text
      .split('\n')
      .find((l) => l.startsWith(`http_request_duration_seconds${labels}`))
      ?.split(' ')[1];
  const categories = 'method="GET",route="/api/reports/categories",status="200"';
  assert.match(text, /# TYPE http_request_duration_seconds histogram/);
  assert.equal(line(`_bucket{le="0.001",${categories}}`), '1');
  assert.equal(line(`_bucket{le="0.005",${categories}}`), '2');
  assert.equal(line(`_bucket{le="2.5",${categories}}`), '2');
  assert.equal(line(`_bucket{le="+Inf",${categories}}`), '3');
  assert.equal(line(`_count{${categories}}`), '3');
  assert.equal(Number(line(`_sum{${categories}}`)), 0.0004 + 0.003 + 9);
  // A value on a bound is counted in that bucket (le: less than or equal).
  assert.equal(line(`_bucket{le="0.001",method="GET",route="/api/reports/funnel",status="400"}`), '1');
  registry.resetMetrics();
  assert.doesNotMatch(await registry.metrics(), /_count\{/);
});
