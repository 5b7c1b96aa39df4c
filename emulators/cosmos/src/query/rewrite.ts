// Per-range queries of the SDK's client-side pipeline. The query plan hands the SDK a `rewrittenQuery` that is
// the original query behind a marker line; the SDK sends it back once per range (replacing the ORDER BY filter
// placeholder), and the emulator answers in the shapes the pipeline merges: ORDER BY rows as
// {_rid, orderByItems:[{item}], payload}, aggregates as [{item}] (AVG as {item:{sum, count}}).
import queryModule from '@zeit/cosmosdb-query';
import { badRequest } from '../http/errors.ts';
import type { Doc } from '../store/types.ts';

type Node = { type?: string; [key: string]: unknown };
type Parameters = { name: string; value: unknown }[];

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

const compiled = new Map<string, ReturnType<typeof queryModule.default>>();

function compile(
  key: string,
  text: string,
  edit: (body: Node) => void,
): ReturnType<typeof queryModule.default> {
  let q = compiled.get(key);
  if (!q) {
    try {
      q = queryModule.default(text);
      q.ast = structuredClone(q.ast);
      edit(q.ast.body as Node);
      void q.code;
    } catch (err) {
      throw badRequest(`Syntax error in query: ${(err as Error).message}`);
    }
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, q);
  }
  return q;
}

function exec(q: ReturnType<typeof queryModule.default>, docs: Doc[], parameters: Parameters): unknown[] {
  try {
    return (q.exec(docs, { parameters }) as { result: unknown[] }).result;
  } catch (err) {
    throw badRequest(`Query failed: ${(err as Error).message}`);
  }
}

function renameAggregate(body: Node, name: string): void {
  // Average runs as SUM and COUNT over the same argument; the others keep their function.
  const value = (body.select as Node).value as Node;
  (value.name as Node).name = name;
}

/** Runs a rewritten per-range query, or returns undefined when `query` is an ordinary one. */
export function runRewritten(query: string, docs: Doc[], parameters: Parameters): unknown[] | undefined {
  if (query.startsWith(ORDER_BY_MARKER)) {
    const newline = query.indexOf('\n');
    const filter = query.slice(ORDER_BY_MARKER.length, newline).trim();
    if (filter !== 'true' && filter !== FILTER_PLACEHOLDER) {
      throw badRequest(
        'Resuming a cross-partition ORDER BY query from a client continuation token is not supported by this emulator.',
      );
    }
    const original = query.slice(newline + 1);
    const q = compile(`orderby\n${original}`, original, (body) => {
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
    });
    return exec(q, docs, parameters);
  }
  if (query.startsWith(AGGREGATE_MARKER)) {
    const newline = query.indexOf('\n');
    const aggregate = query.slice(AGGREGATE_MARKER.length, newline).trim();
    const original = query.slice(newline + 1);
    const value = (name: string): unknown =>
      exec(
        compile(`${name}\n${original}`, original, (b) => renameAggregate(b, name)),
        docs,
        parameters,
      )[0];
    // Shapes of the SDK's aggregators: Count and Sum take the value, Min/Max {min|max}, Average {sum, count}.
    switch (aggregate) {
      case 'Average': {
        const sum = value('SUM');
        return sum === undefined ? [] : [[{ item: { sum, count: value('COUNT') } }]];
      }
      case 'Min':
      case 'Max': {
        const v = value(aggregate.toUpperCase());
        return v === undefined ? [] : [[{ item: { [aggregate.toLowerCase()]: v } }]];
      }
      default: {
        const v = value(aggregate.toUpperCase());
        return v === undefined ? [] : [[{ item: v }]];
      }
    }
  }
  return undefined;
}
