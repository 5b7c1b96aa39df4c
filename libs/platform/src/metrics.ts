import { Registry, collectDefaultMetrics } from 'prom-client';

/** A registry per service (not prom-client's global one), so tests can run several services in a process. */
export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
