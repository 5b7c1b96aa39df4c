// SQL: parsing with @zeit/cosmosdb-query's parser (cached per text), evaluation by our own pipeline over a
// snapshot of documents. The library's generated evaluator copies the whole row list once per row (quadratic:
// 8 s at 40k documents); ours is linear and runs in slices of a few milliseconds, yielding to the event loop in
// between, so a query over a million documents never holds up point reads, writes or lease renewals.
import queryModule from '@zeit/cosmosdb-query';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { badRequest, CosmosError } from '../http/errors.ts';
import type { Doc } from '../store/types.ts';
import type { Env, Node, Scope } from './expressions.ts';
import { rewriteQuery } from './rewrite.ts';
import { RowSink, runOnce } from './rows.ts';
import { compileSelect, type Pipeline } from './select.ts';
import { arraySource, StoredJson, type DocSource, type OpenSource } from './source.ts';

// The package is CommonJS with an `exports.default`: under ESM the function sits one level down.
const createQuery = queryModule.default;

export interface QuerySpec {
  query: string;
  parameters?: { name: string; value: unknown }[];
}

/** Work done between two yields to the event loop. */
const SLICE_MS = 8;

const parsed = new Map<string, Node>();

/** The parsed AST (`sql` node) of a query text; a syntax error is a 400. */
export function parseQuery(text: string): Node {
  let ast = parsed.get(text);
  if (!ast) {
    try {
      ast = createQuery(text).ast;
    } catch (err) {
      throw badRequest(`Syntax error in query: ${(err as Error).message}`);
    }
    if (parsed.size > 500) parsed.clear();
    parsed.set(text, ast);
  }
  return ast;
}

function compile(body: Node, parameters: QuerySpec['parameters']) {
  const params: Record<string, unknown> = {};
  for (const p of parameters ?? []) params[String(p.name).replace(/^@/, '')] = p.value;
  const scope: Scope = {
    names: [],
    params,
    used: new Set(),
    rootPaths: new Map(),
    subquery: (node, outer) => {
      const inner = compileSelect(node, { ...outer, names: [...outer.names], aggregates: undefined }, false);
      return (env) => runOnce(inner, env, false);
    },
  };
  return compileSelect(body, scope, true);
}

/** One query's evaluation over a snapshot; results are produced on demand, page by page. */
export class Evaluation {
  private readonly sink: RowSink;
  private readonly source: DocSource;
  private readonly finish: (rows: unknown[]) => unknown[];
  private pos = 0;
  private scanned = false;
  /** Results produced so far and not yet taken. */
  private buffer: unknown[] = [];

  constructor(spec: QuerySpec, open: OpenSource) {
    const rewritten = rewriteQuery(spec.query, parseQuery);
    const ast = rewritten?.ast ?? parseQuery(spec.query);
    this.finish = rewritten?.finish ?? ((rows) => rows);
    const pipeline = compile(ast.body as Node, spec.parameters);
    this.source = pipeline.hasFrom ? open(pipeline.equalities) : arraySource([{}]);
    this.sink = new RowSink(pipeline, true, resultOf(pipeline, this.source));
  }

  get done(): boolean {
    return this.scanned && this.sink.exhausted && this.buffer.length === 0 && this.sink.out.length === 0;
  }

  /** Takes up to `n` results, evaluating in slices until they are ready (or the input is exhausted). */
  async take(n: number): Promise<unknown[]> {
    while (!this.step(n, performance.now() + SLICE_MS)) await yieldToLoop();
    return this.drain(n);
  }

  /** All results at once, without yielding (small inputs: patch conditions). */
  takeAllSync(): unknown[] {
    this.step(Infinity, Infinity);
    return this.drain(Infinity);
  }

  private drain(n: number): unknown[] {
    if (this.sink.out.length > 0) {
      const produced = this.sink.out.splice(0);
      this.buffer.push(...(this.scanned && this.sink.exhausted ? this.finish(produced) : produced));
    }
    return this.buffer.length <= n ? this.buffer.splice(0) : this.buffer.splice(0, n);
  }

  /** Advances until `want` results are ready or all input is done; false if the deadline came first. */
  private step(want: number, deadline: number): boolean {
    const sink = this.sink;
    const ready = (): boolean => this.buffer.length + sink.out.length >= want;
    const input = sink.pipeline.input;
    // One slot past the bindings holds the input's position, to fetch more of it for a result (resultOf).
    const at = sink.pipeline.width;
    const env: unknown[] = [];
    env.length = at + 1;
    try {
      while (!this.scanned) {
        if (sink.full || this.pos >= this.source.length) {
          this.scanned = true;
          break;
        }
        if (ready()) return true;
        const end = Math.min(this.source.length, this.pos + 256);
        for (; this.pos < end && !sink.full; this.pos++) {
          env[0] = this.source.at(this.pos, input);
          env[at] = this.pos;
          sink.feed(env);
        }
        if (performance.now() > deadline) return false;
      }
      if (!sink.finishStep(deadline)) return false;
      if (!ready()) sink.pull(want - this.buffer.length - sink.out.length);
      return true;
    } catch (err) {
      if (err instanceof CosmosError) throw err;
      throw badRequest(`Query failed: ${(err as Error).message}`);
    }
  }
}

/**
 * How a result is made from a row that passed, when the per-row work read less than the projection needs:
 * `SELECT *` is the stored text as is; otherwise the rest of the document is read for results only.
 */
function resultOf(p: Pipeline, source: DocSource): ((env: Env) => unknown) | undefined {
  const at = p.width;
  if (p.projectsRoot && source.text) {
    const text = source.text;
    return (env) => new StoredJson(text(env[at] as number));
  }
  const output = p.output;
  if (output === undefined) return undefined;
  return (env) => {
    env[0] = source.at(env[at] as number, output);
    return p.project(env);
  };
}

/** Runs a query to completion over `docs` synchronously (a handful of documents: patch conditions). */
export function runQuerySync(spec: QuerySpec, docs: Doc[]): unknown[] {
  return new Evaluation(spec, () => arraySource(docs)).takeAllSync();
}
