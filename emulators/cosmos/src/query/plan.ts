// The query plan the SDK asks for (x-ms-cosmos-is-query-plan-request), derived from the parsed query.
import { MAX_EPK, MIN_EPK } from '../hashing/epk.ts';
import { parseQuery } from './engine.ts';
import { aggregateRewrite, orderByRewrite } from './rewrite.ts';

type Node = { type?: string; [key: string]: unknown };

// SQL aggregate → the aggregator name the SDK's pipeline expects in queryInfo.aggregates.
const AGGREGATES: Record<string, string> = {
  COUNT: 'Count',
  SUM: 'Sum',
  MIN: 'Min',
  MAX: 'Max',
  AVG: 'Average',
};

function aggregateName(select: Node | undefined): string | undefined {
  const value = select?.value as Node | undefined;
  if (value?.type !== 'scalar_function_expression') return undefined;
  const ident = (value.name as Node | undefined)?.name;
  const name = typeof ident === 'string' ? ident.toUpperCase() : '';
  return AGGREGATES[name];
}

/** Text of simple sort expressions (`c.a.b`, `c["x y"]`), which the SDK uses to resume ORDER BY queries. */
function printExpression(sort: Node): string {
  const walk = (n: Node | undefined): string => {
    if (!n) return '';
    if (n.type === 'identifier') return String(n.name);
    if (n.type === 'scalar_member_expression') {
      const p = n.property as Node;
      const key = (p.name ?? p.value) as string | number;
      return n.computed
        ? `${walk(n.object as Node)}[${JSON.stringify(key)}]`
        : `${walk(n.object as Node)}.${key}`;
    }
    return '';
  };
  return walk(sort.expression as Node);
}

export function queryPlan(queryText: string): Record<string, unknown> {
  const ast = parseQuery(queryText);
  const body = (ast.body ?? {}) as Node;
  const select = body.select as Node | undefined;
  const sortExpressions = ((body.orderBy as Node | undefined)?.expressions as Node[] | undefined) ?? [];
  const sorts = sortExpressions.map((e) => (e.order === 'DESC' ? 'Descending' : 'Ascending'));
  const top = ((body.top as Node | undefined)?.value as Node | undefined)?.value;
  const aggregate = aggregateName(select);
  const rewrittenQuery =
    sorts.length > 0 ? orderByRewrite(queryText) : aggregate ? aggregateRewrite(queryText, aggregate) : '';
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: 'None',
      top: typeof top === 'number' ? top : null,
      offset: null,
      limit: null,
      orderBy: sorts,
      orderByExpressions: sortExpressions.map(printExpression),
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: aggregate ? [aggregate] : [],
      groupByAliasToAggregateType: {},
      rewrittenQuery,
      hasSelectValue: select !== undefined && select.value !== undefined && select['*'] === undefined,
      dCountInfo: null,
      hasNonStreamingOrderBy: false,
    },
    queryRanges: [{ min: MIN_EPK, max: MAX_EPK, isMinInclusive: true, isMaxInclusive: false }],
  };
}
