// What a query scans and what it asks of each document. The store hands a query a point-in-time list of
// documents (a DocSource); the query says, per document, whether it reads nothing, some paths, or all of it, so
// the store can answer from what it keeps beside the JSON text, or parse only the parts read.
import type { Scalar } from '../store/equality-index.ts';
import type { Paths } from '../store/pick-fields.ts';
import type { Doc } from '../store/types.ts';

/** What an expression reads of the scanned document: nothing (`COUNT(1)`), some paths, or the whole of it. */
export type Demand = 'none' | Paths | 'all';

export interface DocSource {
  readonly length: number;
  /** Document `i`, holding at least what `demand` reads. */
  at(i: number, demand: Demand): Doc;
  /** The stored JSON text of document `i`, when the source keeps documents as text. */
  text?: (i: number) => string;
}

/** `c.<field> = value` (or `IN (values)`) that every result must satisfy: an index may narrow the scan to it. */
export interface Equality {
  field: string;
  values: Scalar[];
}

/** Opens the snapshot a query scans; the equalities its WHERE requires let the store use an index. */
export type OpenSource = (equalities: readonly Equality[]) => DocSource;

export function arraySource(docs: Doc[]): DocSource {
  return { length: docs.length, at: (i) => docs[i] as Doc };
}

/** A result row that is a stored document as it is: its JSON text goes into the reply without re-encoding. */
export class StoredJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}
