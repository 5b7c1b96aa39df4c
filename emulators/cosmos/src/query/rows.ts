// Runs a compiled Pipeline: rows are fed one input at a time (a document, or the outer row of a subquery), and
// the sink streams results, keeps the best TOP k of an ORDER BY, or folds aggregates. `finish` settles the rest.
import type { Env } from './expressions.ts';
import type { Pipeline } from './select.ts';
import { StoredJson } from './source.ts';
import { compareValues, stripUndefined, type Accumulator } from './values.ts';

/** Rows sorted per unit of work when an ORDER BY settles; about 10 ms each. */
const RUN = 16_384;

interface Kept {
  keys: unknown[];
  env: Env;
  rid: unknown;
}

export class RowSink {
  readonly pipeline: Pipeline;
  /** Results ready to hand out, in order. */
  readonly out: unknown[] = [];
  /** Set once TOP is reached without ORDER BY: the rest of the input can be skipped. */
  full = false;
  private readonly topLevel: boolean;
  /** Makes a result of a row that passed (the projection, unless the evaluation supplies its own way). */
  private readonly result: (env: Env) => unknown;
  private readonly kept: Kept[] = [];
  private readonly accumulators: Accumulator[] | undefined;
  private readonly collect: boolean;
  private emitted = 0;
  /** Rows merged into aggregates (which emit nothing per row) count against TOP here. */
  private merged = 0;
  private settled = false;
  private sortedUpTo = 0;
  private runs: Kept[][] = [];
  private heads: number[] = [];
  private heap: number[] = [];

  constructor(pipeline: Pipeline, topLevel: boolean, result?: (env: Env) => unknown) {
    this.pipeline = pipeline;
    this.topLevel = topLevel;
    this.result = result ?? pipeline.project;
    // Aggregates fold as rows come, unless TOP or ORDER BY must pick the rows first.
    this.collect =
      pipeline.sorts.length > 0 || (pipeline.aggregates !== undefined && pipeline.top !== undefined);
    this.accumulators = pipeline.aggregates?.sites.map((s) => s.make());
  }

  /** Feeds one input: `env` holds the outer bindings and the first binding's input at its slot. */
  feed(env: Env): void {
    const p = this.pipeline;
    if (p.first) {
      for (const v of p.first.values(env) ?? []) {
        env[p.first.slot] = v;
        this.expand(env, 0);
        if (this.full) return;
      }
      return;
    }
    this.expand(env, 0);
  }

  private expand(env: Env, depth: number): void {
    const join = this.pipeline.joins[depth];
    if (!join) {
      this.row(env);
      return;
    }
    for (const v of join.values(env) ?? []) {
      env[join.slot] = v;
      this.expand(env, depth + 1);
      if (this.full) return;
    }
  }

  private row(env: Env): void {
    const p = this.pipeline;
    if (p.where && p.where(env) !== true) return;
    if (this.collect) {
      this.keep(env);
    } else if (this.accumulators) {
      const sites = p.aggregates?.sites ?? [];
      for (let i = 0; i < sites.length; i++) this.accumulators[i]?.add(sites[i]?.argument(env));
    } else {
      this.emit(this.result(env));
      if (p.top !== undefined && this.emitted >= p.top) this.full = true;
    }
  }

  private emit(value: unknown): void {
    this.emitted++;
    if (!this.topLevel) this.out.push(value);
    else if (value instanceof StoredJson) this.out.push(value);
    else if (value !== undefined) this.out.push(stripUndefined(value));
  }

  private keep(env: Env): void {
    const p = this.pipeline;
    const keys = p.sorts.map((s) => s.key(env));
    // With one sort key, rows without it are not in the result (as in the service's index-served ORDER BY).
    if (p.sorts.length === 1 && keys[0] === undefined) return;
    const rid = (env[p.ridSlot] as { _rid?: unknown } | undefined)?._rid;
    const top = p.top;
    if (top === undefined) {
      this.kept.push({ keys, env: env.slice(), rid });
      return;
    }
    // TOP k: `kept` is a heap with the worst kept row on top; a row no better than it is dropped at once.
    const row = { keys, env: [] as Env, rid };
    const heap = this.kept;
    if (heap.length >= top) {
      if (top === 0 || this.compare(row, heap[0] as Kept) >= 0) return;
      row.env = env.slice();
      heap[0] = row;
      this.siftWorst(0);
      return;
    }
    row.env = env.slice();
    heap.push(row);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (this.compare(heap[i] as Kept, heap[parent] as Kept) <= 0) break;
      [heap[i], heap[parent]] = [heap[parent] as Kept, heap[i] as Kept];
      i = parent;
    }
  }

  /** Restores the worst-on-top order of the TOP k heap below `start`. */
  private siftWorst(start: number): void {
    const heap = this.kept;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.compare(heap[l] as Kept, heap[m] as Kept) > 0) m = l;
      if (r < heap.length && this.compare(heap[r] as Kept, heap[m] as Kept) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as Kept, heap[i] as Kept];
      i = m;
    }
  }

  private compare = (a: Kept, b: Kept): number => {
    const sorts = this.pipeline.sorts;
    for (let i = 0; i < sorts.length; i++) {
      const r = compareValues(a.keys[i], b.keys[i]);
      if (r !== 0) return sorts[i]?.desc ? -r : r;
    }
    return compareValues(a.rid, b.rid);
  };

  /**
   * Settles ORDER BY / aggregates once all input has been fed, a bounded amount of work per call: sorted runs of
   * RUN rows each, until `deadline`. Returns true when done; sorted rows then come out through `pull`.
   */
  finishStep(deadline = Infinity): boolean {
    const p = this.pipeline;
    if (this.settled) return true;
    if (this.collect) {
      while (this.sortedUpTo < this.kept.length) {
        if (performance.now() > deadline) return false;
        const run = this.kept.slice(this.sortedUpTo, this.sortedUpTo + RUN);
        if (p.sorts.length > 0) run.sort(this.compare);
        this.runs.push(run);
        this.sortedUpTo += run.length;
      }
      this.kept.length = 0;
      this.heads = this.runs.map(() => 0);
      this.heap = this.runs.map((_, i) => i);
      for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    }
    this.settled = true;
    if (this.accumulators && p.aggregates) {
      const sites = p.aggregates.sites;
      if (this.collect) {
        for (let row = this.next(); row; row = this.next()) {
          for (let i = 0; i < sites.length; i++) this.accumulators[i]?.add(sites[i]?.argument(row.env));
        }
      }
      this.accumulators.forEach((a, i) => ((p.aggregates as { results: unknown[] }).results[i] = a.result()));
      this.emit(p.project([]));
    }
    return true;
  }

  /** Moves up to `n` more sorted rows (after finishStep) into `out`. */
  pull(n: number): void {
    for (let i = 0; i < n; i++) {
      const row = this.next();
      if (!row) return;
      this.emit(this.result(row.env));
    }
  }

  get exhausted(): boolean {
    return (
      this.settled &&
      (!this.collect || this.heap.length === 0 || this.emitted >= (this.pipeline.top ?? Infinity))
    );
  }

  /** Next row of the k-way merge of the sorted runs, within TOP. */
  private next(): Kept | undefined {
    if (this.emitted + this.merged >= (this.pipeline.top ?? Infinity) || this.heap.length === 0)
      return undefined;
    const runIndex = this.heap[0] as number;
    const run = this.runs[runIndex] as Kept[];
    const head = this.heads[runIndex] as number;
    const row = run[head] as Kept;
    run[head] = undefined as unknown as Kept; // let it go once merged
    this.heads[runIndex] = head + 1;
    if (head + 1 >= run.length) {
      this.heap[0] = this.heap[this.heap.length - 1] as number;
      this.heap.pop();
    }
    this.siftDown(0);
    if (this.accumulators) this.merged++;
    return row;
  }

  private headOf(runIndex: number): Kept {
    return (this.runs[runIndex] as Kept[])[this.heads[runIndex] as number] as Kept;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.compare(this.headOf(heap[l] as number), this.headOf(heap[m] as number)) < 0)
        m = l;
      if (r < heap.length && this.compare(this.headOf(heap[r] as number), this.headOf(heap[m] as number)) < 0)
        m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  }
}

/** Runs a pipeline over one outer row, synchronously (subqueries, FROM-less queries). */
export function runOnce(pipeline: Pipeline, outer: Env, topLevel: boolean): unknown[] {
  const sink = new RowSink(pipeline, topLevel);
  const env = outer.slice();
  env.length = pipeline.width;
  sink.feed(env);
  sink.finishStep();
  sink.pull(Infinity);
  return sink.out;
}
