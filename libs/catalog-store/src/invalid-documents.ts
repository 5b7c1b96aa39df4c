// What a service does with a malformed catalog document: count it, and say once why it was skipped. The same
// document is met again on every reload, so the warning is logged the first time only (per id and reason);
// fixing the document is what makes it count again, with no restart.
import { Counter, type Registry } from 'prom-client';
import type { InvalidDocument } from './catalog-repository.ts';

interface Log {
  warn(obj: object, msg: string): void;
}

const REMEMBERED = 1_000;

/** The `onInvalid` callback of a CatalogRepository: a counter per document type and a warning per document. */
export function invalidDocumentReporter(registry: Registry, log: Log): (invalid: InvalidDocument) => void {
  const skipped = new Counter({
    name: 'catalog_invalid_documents_total',
    help: 'Catalog documents skipped on read because they break the catalog contract (see the warning log)',
    labelNames: ['type'],
    registers: [registry],
  });
  const warned = new Set<string>();
  return (invalid) => {
    skipped.inc({ type: invalid.type });
    const key = `${invalid.id}\u0000${invalid.reason}`;
    if (warned.has(key)) return;
    if (warned.size >= REMEMBERED) warned.clear();
    warned.add(key);
    log.warn({ catalogDocument: invalid }, 'malformed catalog document skipped');
  };
}
