// Scalar expressions of Cosmos SQL (the AST of @zeit/cosmosdb-query's parser) compiled once per query into
// closures over a row: `env[slot]` holds each FROM/JOIN binding. Operators keep the library's semantics
// (undefined propagates, comparisons only between equal types) by using its helpers and built-in functions.
import * as builtins from '@zeit/cosmosdb-query/lib/builtin-functions.js';
import * as helpers from '@zeit/cosmosdb-query/lib/helpers.js';
import { badRequest } from '../http/errors.ts';
import { addPath, type Paths } from '../store/pick-fields.ts';
import { accumulator, type Accumulator } from './values.ts';

export type Node = { type?: string; [key: string]: unknown };
export type Env = unknown[];
export type Expr = (env: Env) => unknown;

/** One aggregate call of an aggregating SELECT: its argument is fed per row, its result read at the end. */
export interface AggregateSite {
  name: string;
  argument: Expr;
  make: () => Accumulator;
}

export interface Scope {
  /** Binding names by slot; inner (subquery) bindings come after the outer ones. */
  names: string[];
  params: Record<string, unknown>;
  /** Slots some expression reads (so a scan can skip parsing documents nobody looks at). */
  used: Set<number>;
  /** Paths read as `root.a.b` of slot 0 (the scanned document), so a scan can parse only those (Demand). */
  rootPaths: Map<string, Paths | true>;
  /** Set while compiling an aggregating SELECT: aggregate calls become sites whose results sit in `results`. */
  aggregates?: { sites: AggregateSite[]; results: unknown[] };
  /** Compiles a nested SELECT (subqueries) into a function of the outer row returning its rows. */
  subquery: (node: Node, scope: Scope) => (env: Env) => unknown[];
}

const BUILTINS = builtins as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>;
export const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

export function isAggregateCall(node: Node | undefined): boolean {
  if (node?.type !== 'scalar_function_expression' || node.udf) return false;
  return AGGREGATES.has(String((node.name as Node).name).toUpperCase());
}

export function slotOf(scope: Scope, name: string): number {
  const slot = scope.names.lastIndexOf(name);
  if (slot < 0) throw badRequest(`Identifier '${name}' could not be resolved.`);
  scope.used.add(slot);
  return slot;
}

function member(object: unknown, key: unknown): unknown {
  return typeof object === 'object' && object !== null
    ? (object as Record<string, unknown>)[key as string]
    : undefined;
}

function propertyKey(node: Node): string {
  return String(node.value ?? node.name);
}

function binary(operator: string, l: Expr, r: Expr): Expr {
  switch (operator) {
    case '??':
      return (env) => {
        const v = l(env);
        return v !== undefined ? v : r(env);
      };
    case 'AND':
      return (env) => {
        const a = l(env);
        return a === false ? false : helpers.and(a, r(env));
      };
    case 'OR':
      return (env) => {
        const a = l(env);
        return a === true ? true : helpers.or(a, r(env));
      };
    case '=':
      return (env) => helpers.equal(l(env), r(env));
    case '!=':
    case '<>':
      return (env) => helpers.notEqual(l(env), r(env));
    case '<':
    case '>':
    case '<=':
    case '>=':
      return (env) => helpers.compare(operator, l(env), r(env));
    case '||':
      return (env) => helpers.concat(l(env), r(env));
    default:
      return (env) => helpers.calculate(operator, l(env), r(env));
  }
}

function call(node: Node, scope: Scope): Expr {
  const name = String((node.name as Node).name).toUpperCase();
  if (node.udf) throw badRequest(`User-defined functions are not supported: udf.${name}.`);
  const args = ((node.arguments as Node[] | undefined) ?? []).map((a) => compileExpression(a, scope));
  if (scope.aggregates && AGGREGATES.has(name)) {
    const { sites, results } = scope.aggregates;
    const index = sites.length;
    sites.push({
      name,
      argument: args[0] ?? (() => undefined),
      make: () => accumulator(name) as Accumulator,
    });
    return () => results[index];
  }
  const fn = BUILTINS[name];
  if (typeof fn !== 'function' || AGGREGATES.has(name)) {
    throw badRequest(`Unknown or misplaced function: ${name}.`);
  }
  return (env) => fn(...args.map((a) => a(env)));
}

/** The keys of `c.a["b"].c` when `c` is the scanned document (slot 0) and every key is a constant. */
function rootPath(node: Node, scope: Scope): string[] | undefined {
  const keys: string[] = [];
  let n = node;
  while (n.type === 'scalar_member_expression') {
    const property = n.property as Node;
    if (n.computed && property.type !== 'string_constant' && property.type !== 'number_constant') return;
    keys.push(propertyKey(property));
    n = n.object as Node;
  }
  if (n.type !== 'identifier' || scope.names.lastIndexOf(String(n.name)) !== 0) return undefined;
  return keys.reverse();
}

export function compileExpression(node: Node, scope: Scope): Expr {
  const sub = (n: unknown): Expr => compileExpression(n as Node, scope);
  switch (node.type) {
    case 'number_constant':
    case 'string_constant':
    case 'boolean_constant': {
      const value = node.value;
      return () => value;
    }
    case 'null_constant':
      return () => null;
    case 'undefined_constant':
      return () => undefined;
    case 'array_constant':
    case 'scalar_array_expression': {
      const elements = (node.elements as Node[]).map(sub);
      return (env) => elements.map((e) => e(env));
    }
    case 'object_constant':
    case 'scalar_object_expression': {
      const props = (node.properties as { key: Node; value: Node }[]).map(
        (p) => [propertyKey(p.key), sub(p.value)] as const,
      );
      return (env) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of props) out[k] = v(env);
        return out;
      };
    }
    case 'parameter_name': {
      const value = scope.params[String(node.name).slice(1)];
      return () => value;
    }
    case 'identifier': {
      const slot = slotOf(scope, String(node.name));
      return (env) => env[slot];
    }
    case 'scalar_member_expression': {
      const path = rootPath(node, scope);
      if (path) {
        // `c.a.b` of the scanned document: noted, so a scan may hand in only these paths.
        addPath(scope.rootPaths, path);
        const [only] = path;
        if (path.length === 1 && only !== undefined) return (env) => member(env[0], only);
        return (env) => {
          let v = env[0];
          for (const key of path) v = member(v, key);
          return v;
        };
      }
      const object = sub(node.object);
      if (!node.computed) {
        const key = propertyKey(node.property as Node);
        return (env) => member(object(env), key);
      }
      const key = sub(node.property);
      return (env) => member(object(env), key(env));
    }
    case 'scalar_unary_expression': {
      const arg = sub(node.argument);
      const op = String(node.operator);
      return op === 'NOT' ? (env) => helpers.not(arg(env)) : (env) => helpers.calculateUnary(op, arg(env));
    }
    case 'scalar_binary_expression':
      return binary(String(node.operator), sub(node.left), sub(node.right));
    case 'scalar_conditional_expression': {
      const [test, yes, no] = [sub(node.test), sub(node.consequent), sub(node.alternate)];
      return (env) => (test(env) === true ? yes(env) : no(env));
    }
    case 'scalar_between_expression': {
      const [value, begin, end] = [sub(node.value), sub(node.begin), sub(node.end)];
      return (env) => {
        const v = value(env) as number;
        return v >= (begin(env) as number) && v <= (end(env) as number);
      };
    }
    case 'scalar_in_expression': {
      const value = sub(node.value);
      const list = (node.list as Node[]).map(sub);
      // Array.includes semantics (SameValueZero), as the library evaluates IN.
      return (env) => {
        const v = value(env);
        return list.some((l) => {
          const x = l(env);
          return x === v || (x !== x && v !== v);
        });
      };
    }
    case 'scalar_function_expression':
      return call(node, scope);
    case 'array_subquery_expression': {
      const rows = scope.subquery(node.expression as Node, scope);
      return (env) => rows(env);
    }
    case 'exists_subquery_expression': {
      const rows = scope.subquery(node.expression as Node, scope);
      return (env) => {
        const r = rows(env);
        return r.length > 1 ? true : r[0] !== undefined;
      };
    }
    case 'scalar_subquery_expression': {
      const rows = scope.subquery(node.expression as Node, { ...scope, aggregates: undefined });
      return (env) => rows(env)[0];
    }
    default:
      throw badRequest(`Unsupported expression in query: ${String(node.type)}.`);
  }
}
