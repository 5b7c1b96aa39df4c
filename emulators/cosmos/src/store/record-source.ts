// A query's snapshot over stored records (immutable, so a list of them is a point-in-time view). A document is
// built from what a query reads: nothing, the fields a record keeps beside its text (id, _lsn, _ts, _rid,
// _etag), the value an index lookup already knows, and only then paths picked from the JSON text.
import type { Demand, DocSource } from '../query/source.ts';
import { pickFields, type Paths } from './pick-fields.ts';
import { docOf, type Doc, type ItemRecord } from './types.ts';

/** Stands in for a document no expression reads (COUNT(1) over a container parses nothing). */
const UNREAD: Doc = Object.freeze({});

/** Document fields a record holds beside the JSON text. */
const KEPT: Record<string, (r: ItemRecord) => unknown> = {
  id: (r) => r.id,
  _lsn: (r) => r.lsn,
  _ts: (r) => r.ts,
  _rid: (r) => r.rid,
  _etag: (r) => r.etag,
};

/** How to build a document for one demand: which fields come from where. */
interface Plan {
  kept: [string, (r: ItemRecord) => unknown][];
  /** The field whose value the index lookup gave, if the demand reads it. */
  known: string | undefined;
  /** Paths read from the text (none: no parsing at all). */
  fromText: Paths | undefined;
}

function planFor(demand: Paths, knownField: string | undefined): Plan {
  const kept: Plan['kept'] = [];
  const rest = new Map<string, Paths | true>();
  let known: string | undefined;
  for (const [key, sub] of demand) {
    const fromRecord = Object.hasOwn(KEPT, key) ? KEPT[key] : undefined;
    // Kept and known values are scalars: reading members of them gives undefined either way.
    if (fromRecord) kept.push([key, fromRecord]);
    else if (key === knownField) known = key;
    else rest.set(key, sub);
  }
  return { kept, known, fromText: rest.size > 0 ? rest : undefined };
}

/**
 * `records` as a DocSource. `known` is set for index lookups: `valueOf(i)` is the indexed field's value of
 * record i.
 */
export function recordSource(
  records: ItemRecord[],
  known?: { field: string; valueOf: (i: number) => unknown },
): DocSource {
  // A query asks with one or two demands (per row, per result), each planned once.
  const plans = new Map<Paths, Plan>();
  return {
    length: records.length,
    text: (i) => (records[i] as ItemRecord).json,
    at: (i, demand: Demand) => {
      const r = records[i] as ItemRecord;
      if (demand === 'none') return UNREAD;
      if (demand === 'all') return docOf(r);
      let plan = plans.get(demand);
      if (!plan) plans.set(demand, (plan = planFor(demand, known?.field)));
      const doc = plan.fromText ? pickFields(r.json, plan.fromText) : {};
      for (const [key, read] of plan.kept) doc[key] = read(r);
      if (plan.known !== undefined) doc[plan.known] = known?.valueOf(i);
      return doc;
    },
  };
}
