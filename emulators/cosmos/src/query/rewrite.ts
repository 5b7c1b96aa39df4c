// Per-range queries of the SDK's client-side pipeline. The query plan hands the SDK a `rewrittenQuery` that is
// the original query behind a marker line; the SDK sends it back once per range (replacing the ORDER BY filter
// placeholder), and the emulator answers in the shapes the pipeline merges: ORDER BY rows as
// {_rid, orderByItems:[{item}], payload}, aggregates as [{item}] (AVG as {item:{sum, count}}).
import { badRequest } from '../http/errors.ts';

type Node = { type?: string; [key: string]: unknown };

export const FILTER_PLACEHOLDER = '{documentdb-formattableorderbyquery-filter}';
const ORDER_BY_MARKER = '-- marquee:orderby ';
const AGGREGATE_MARKER = '-- marquee:aggregate ';

export function orderByRewrite(query: string): string {
  return `${ORDER_BY_MARKER}${FILTER_PLACEHOLDER}\n${query}`;
}

export function aggregateRewrite(query: string, aggregate: string): string {
  return `${AGGREGATE_MARKER}${aggregate}\n${query}`;
}

const str = (value: string): Node => ({ type: 'string_constant', value });
const prop = (key: string, value: Node): Node => ({ key: str(key), value });
const obj = (properties: Node[]): Node => ({ type: 'scalar_object_expression', properties });

function rootAlias(body: Node): Node {
  const source = (body.from as Node | undefined)?.source as Node | undefined;
  const alias = source?.alias as Node | undefined;
  return alias ?? ((source?.expression as Node | undefined)?.expression as Node);
}

/** The original projection as one expression (what the pipeline calls the payload). */
function payloadOf(body: Node): Node {
  const select = body.select as Node;
  if (select['*']) return rootAlias(body);
  if (select.value) return select.value as Node;
  const list = ((select.properties as Node | undefined)?.properties as Node[] | undefined) ?? [];
  let unnamed = 0;
  return obj(
    list.map((p) => {
      const expr = p.property as Node;
      const alias = (p.alias as Node | undefined)?.name;
      const member =
        expr.type === 'scalar_member_expression'
          ? ((expr.property as Node).name ?? (expr.property as Node).value)
          : undefined;
      const key = typeof alias === 'string' ? alias : typeof member === 'string' ? member : `$${++unnamed}`;
      return prop(key, expr);
    }),
  );
}

function renamed(call: Node, name: string): Node {
  return { ...call, name: { ...(call.name as Node), name } };
}

function aggregateSelect(value: Node, aggregate: string): Node {
  // Average runs as SUM and COUNT over the same argument; the others keep their function.
  const fields: [string, Node][] =
    aggregate === 'Average'
      ? [
          ['sum', renamed(value, 'SUM')],
          ['count', renamed(value, 'COUNT')],
        ]
      : aggregate === 'Min' || aggregate === 'Max'
        ? [
            ['v', renamed(value, aggregate.toUpperCase())],
            ['count', renamed(value, 'COUNT')],
          ]
        : [['v', renamed(value, aggregate.toUpperCase())]];
  return {
    type: 'select_specification',
    properties: {
      type: 'object_property_list',
      properties: fields.map(([name, property]) => ({ property, alias: { type: 'identifier', name } })),
    },
  };
}

/**
 * Shapes of the SDKs' aggregators: Count and Sum take the value, Min/Max {min|max, count}, Average {sum, count}.
 * The .NET SDK reads Min/Max only from an object that has a count (the JS SDK ignores it).
 */
function aggregateShape(aggregate: string): (rows: unknown[]) => unknown[] {
  return (rows) => {
    const row = (rows[0] ?? {}) as { v?: unknown; sum?: unknown; count?: unknown };
    switch (aggregate) {
      case 'Average':
        return row.sum === undefined ? [] : [[{ item: { sum: row.sum, count: row.count } }]];
      case 'Min':
      case 'Max':
        return row.v === undefined
          ? []
          : [[{ item: { [aggregate.toLowerCase()]: row.v, count: row.count } }]];
      default:
        return row.v === undefined ? [] : [[{ item: row.v }]];
    }
  };
}

export interface Rewritten {
  ast: Node;
  /** Maps the evaluated rows to what the SDK's pipeline expects. */
  finish: (rows: unknown[]) => unknown[];
}

/** A rewritten per-range query as an edited AST, or undefined when `query` is an ordinary one. */
export function rewriteQuery(query: string, parse: (text: string) => Node): Rewritten | undefined {
  if (query.startsWith(ORDER_BY_MARKER)) {
    const newline = query.indexOf('\n');
    const filter = query.slice(ORDER_BY_MARKER.length, newline).trim();
    if (filter !== 'true' && filter !== FILTER_PLACEHOLDER) {
      throw badRequest(
        'Resuming a cross-partition ORDER BY query from a client continuation token is not supported by this emulator.',
      );
    }
    const ast = structuredClone(parse(query.slice(newline + 1)));
    const body = ast.body as Node;
    const sorts = ((body.orderBy as Node).expressions as Node[]).map((s) =>
      obj([prop('item', s.expression as Node)]),
    );
    const rid: Node = {
      type: 'scalar_member_expression',
      object: rootAlias(body),
      property: { type: 'identifier', name: '_rid' },
      computed: false,
    };
    body.select = {
      type: 'select_specification',
      value: obj([
        prop('_rid', rid),
        prop('orderByItems', { type: 'scalar_array_expression', elements: sorts }),
        prop('payload', payloadOf(body)),
      ]),
    };
    return { ast, finish: (rows) => rows };
  }
  if (query.startsWith(AGGREGATE_MARKER)) {
    const newline = query.indexOf('\n');
    const aggregate = query.slice(AGGREGATE_MARKER.length, newline).trim();
    const ast = structuredClone(parse(query.slice(newline + 1)));
    const body = ast.body as Node;
    body.select = aggregateSelect((body.select as Node).value as Node, aggregate);
    return { ast, finish: aggregateShape(aggregate) };
  }
  return undefined;
}
