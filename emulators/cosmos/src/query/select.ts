// A SELECT compiled into a row pipeline: FROM/JOIN bindings expand each input into rows, WHERE filters them, and a
// sink streams (no ORDER BY), keeps the best rows (ORDER BY, bounded by TOP) or folds aggregates. Every step is
// linear in the rows it sees, so a scan of n documents costs O(n) (O(n log k) for TOP k … ORDER BY).
import { badRequest } from '../http/errors.ts';
import {
  compileExpression,
  isAggregateCall,
  type Env,
  type Expr,
  type Node,
  type Scope,
} from './expressions.ts';
import { addPath } from '../store/pick-fields.ts';
import { requiredEqualities } from './equalities.ts';
import { absorb, covers, demandOf, union } from './demand.ts';
import type { Demand, Equality } from './source.ts';
import type { Accumulator } from './values.ts';

interface Binding {
  slot: number;
  /** Values this binding takes for a row (undefined = the row is dropped). */
  values: (env: Env) => unknown[] | undefined;
}

export interface Pipeline {
  /** Bindings after the first; the first (slot `rootSlot`) is set by whoever feeds rows. */
  joins: Binding[];
  /** Slot the input row goes to, and where the FROM source (if an expression over it) is bound. */
  first: Binding | undefined;
  where: Expr | undefined;
  sorts: { key: Expr; desc: boolean }[];
  top: number | undefined;
  project: Expr;
  aggregates: { sites: { argument: Expr; make: () => Accumulator }[]; results: unknown[] } | undefined;
  /** Slot whose `_rid` breaks ORDER BY ties. */
  ridSlot: number;
  width: number;
  /** What of the input document the per-row work reads: FROM/JOIN, WHERE, ORDER BY, aggregate arguments. */
  input: Demand;
  /**
   * What the projection reads beyond `input`, set when only rows that pass WHERE need it (`SELECT * … WHERE
   * c.data.Total > 100` reads one number per document and the whole document per result).
   */
  output: Demand | undefined;
  /** The projection is the scanned document itself (`SELECT * FROM c`): a row may be its stored text. */
  projectsRoot: boolean;
  /** Equalities on top-level properties that every result satisfies (an index may narrow the scan). */
  equalities: Equality[];
  hasFrom: boolean;
}

const HIDDEN_ROOT = '\u0000root';

function sourceName(source: Node): string {
  const alias = source.alias as Node | null;
  if (alias) return String(alias.name);
  const expr = source.expression as Node;
  if (expr.type === 'collection_expression') return String((expr.expression as Node).name);
  if (expr.type === 'collection_member_expression') {
    const name = (expr.property as Node).name;
    return typeof name === 'string' ? name : '$';
  }
  return '$1';
}

/** Collection expressions (`c`, `c.children[0]`, `(SELECT …)`) as scalar expressions over the row. */
function collection(node: Node, scope: Scope): Expr {
  switch (node.type) {
    case 'collection_expression':
      return compileExpression(node.expression as Node, scope);
    case 'collection_member_expression': {
      const object = collection(node.object as Node, scope);
      const property = node.property as Node;
      const key = node.computed ? compileExpression(property, scope) : () => property.name;
      return (env) => {
        const o = object(env);
        return typeof o === 'object' && o !== null
          ? (o as Record<string, unknown>)[key(env) as string]
          : undefined;
      };
    }
    case 'collection_subquery_expression': {
      const rows = scope.subquery(node.expression as Node, scope);
      return (env) => rows(env);
    }
    default:
      throw badRequest(`Unsupported FROM source: ${String(node.type)}.`);
  }
}

function binding(source: Node, scope: Scope, slot: number): Binding {
  const expr = source.expression as Node;
  const value = collection(expr, scope);
  const subquery = expr.type === 'collection_subquery_expression';
  if (source.iteration) {
    // `x IN c.list` iterates an array; `x IN (SELECT …)` the array the subquery's first row is.
    return {
      slot,
      values: (env) => {
        const v = value(env);
        const list = subquery ? (v as unknown[])[0] : v;
        return Array.isArray(list) ? list : [];
      },
    };
  }
  if (subquery) return { slot, values: (env) => value(env) as unknown[] };
  return {
    slot,
    values: (env) => {
      const v = value(env);
      return v === undefined ? undefined : [v];
    },
  };
}

function from(body: Node, scope: Scope, topLevel: boolean): Pick<Pipeline, 'first' | 'joins' | 'ridSlot'> {
  const spec = body.from as Node | null;
  if (!spec) return { first: undefined, joins: [], ridSlot: -1 };
  const source = spec.source as Node;
  const joins: Binding[] = [];
  let first: Binding | undefined;
  const rootExpr = source.expression as Node;
  const plainRoot = topLevel && rootExpr.type === 'collection_expression' && !source.iteration;
  if (plainRoot) {
    // `FROM c` / `FROM root r`: the input document is the binding itself.
    scope.names.push(sourceName(source));
  } else if (topLevel) {
    // `FROM c.children[0] x` / `FROM t IN c.tags`: the document's name is visible to the source expression only.
    const sourceScope: Scope = { ...scope, names: [rootOf(rootExpr)] };
    scope.names.push(HIDDEN_ROOT, sourceName(source));
    first = binding(source, sourceScope, 1);
  } else {
    first = binding(source, scope, scope.names.length);
    scope.names.push(sourceName(source));
  }
  const ridSlot = scope.names.length - 1;
  for (const join of (spec.joins as Node[] | undefined) ?? []) {
    const b = binding(join, scope, scope.names.length);
    scope.names.push(sourceName(join));
    joins.push(b);
  }
  return { first, joins, ridSlot };
}

function rootOf(node: Node): string {
  let n = node;
  while (n.type === 'collection_member_expression') n = n.object as Node;
  return String((n.expression as Node).name);
}

function projection(body: Node, scope: Scope): Pick<Pipeline, 'project' | 'aggregates'> {
  const select = body.select as Node;
  const list = (select.properties as Node | undefined)?.properties as
    { property: Node; alias: Node | null }[] | undefined;
  const aggregating = list
    ? list.some((p) => isAggregateCall(p.property))
    : isAggregateCall(select.value as Node);
  const aggregates = aggregating ? { sites: [], results: [] } : undefined;
  const inner: Scope = { ...scope, aggregates };
  if (select['*']) {
    const slot = scope.names.length - 1;
    scope.used.add(slot);
    return { project: (env) => env[slot], aggregates };
  }
  if (select.value) return { project: compileExpression(select.value as Node, inner), aggregates };
  let unnamed = 0;
  const props = (list ?? []).map((p) => {
    const expr = p.property;
    const key = p.alias
      ? String(p.alias.name)
      : expr.type === 'scalar_member_expression'
        ? String((expr.property as Node).name ?? (expr.property as Node).value)
        : expr.type === 'identifier'
          ? String(expr.name)
          : `$${++unnamed}`;
    return [key, compileExpression(expr, inner)] as const;
  });
  return {
    project: (env) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of props) out[k] = v(env);
      return out;
    },
    aggregates,
  };
}

/** Compiles `select_query` against `scope` (whose names are the outer bindings, for subqueries). */
export function compileSelect(body: Node, scope: Scope, topLevel: boolean): Pipeline {
  const { first, joins, ridSlot } = from(body, scope, topLevel);
  const select = body.select as Node;
  if (select['*']) {
    if (!body.from) throw badRequest("'SELECT *' is not valid if FROM clause is omitted.");
    if (joins.length > 0) throw badRequest("'SELECT *' is only valid with a single input set.");
  }
  const where = body.where ? compileExpression((body.where as Node).condition as Node, scope) : undefined;
  const sorts = (((body.orderBy as Node | null)?.expressions as Node[] | undefined) ?? []).map((s) => {
    if ((s.expression as Node).type !== 'scalar_member_expression') {
      throw badRequest(
        'Unsupported ORDER BY clause. ORDER BY item expression could not be mapped to a document path.',
      );
    }
    return { key: compileExpression(s.expression as Node, scope), desc: s.order === 'DESC' };
  });
  const topValue = ((body.top as Node | null)?.value as Node | undefined)?.value;
  // The projection's reads are tracked apart: with a plain scan they are needed only for rows that pass.
  const outScope: Scope = { ...scope, used: new Set(), rootPaths: new Map() };
  const { project, aggregates } = projection(body, outScope);
  // A scan hands in the stored document at slot 0 (without FROM sources like `c.children` or `t IN c.tags`).
  const scan = topLevel && first === undefined;
  // ORDER BY breaks ties on the document's `_rid`, which must then be read too.
  if (scan && sorts.length > 0) addPath(scope.rootPaths, ['_rid']);
  const rowDemand = demandOf(scope);
  const outDemand = demandOf(outScope);
  // Results read more only for rows that pass; not with joins (several rows per document) or aggregates (their
  // arguments are compiled with the projection but read per row).
  const separate = scan && joins.length === 0 && !aggregates;
  absorb(scope, outScope); // what a subquery's projection reads of an outer query's document counts there
  return {
    first,
    joins,
    where,
    sorts,
    top: typeof topValue === 'number' ? topValue : undefined,
    project,
    aggregates,
    ridSlot,
    width: scope.names.length,
    input: !scan ? 'all' : separate ? rowDemand : union(rowDemand, outDemand),
    output: separate && !covers(rowDemand, outDemand) ? outDemand : undefined,
    projectsRoot: separate && Boolean(select['*']),
    equalities:
      scan && body.where
        ? requiredEqualities((body.where as Node).condition as Node, scope.names, scope.params)
        : [],
    hasFrom: Boolean(body.from),
  };
}
