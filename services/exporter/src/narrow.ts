// Encoding a file whose rows the encoder refuses: find the rows to blame, keep the others. A refusal that is
// permanent (isPermanentFailure: the same rows fail the same way on every try) is narrowed by bisection down
// to the rows that fail alone, which are set aside; the rest are encoded together into the file. With one bad
// row among n this costs about 2·log2(n) encodes, and only when something was refused.
//
// Deterministic: the same rows give the same file and the same refusals, so a redelivered batch rewrites the
// same file (exactly once per range of the feed holds). What cannot be blamed on single rows is thrown as
// transient, to be retried (and reported as a stall if it lasts) rather than to set good events aside:
//  - the encoder refuses a known-good row (it is broken, not the data);
//  - every row encodes in some part, yet not all of them together (no single event is at fault).
import { isPermanentFailure } from '@marquee/platform';

export interface Refused<R> {
  row: R;
  error: unknown;
}

export interface Narrowed<R> {
  /** The file of every row not refused; undefined when every row was refused. */
  bytes: Buffer | undefined;
  refused: Refused<R>[];
}

export interface NarrowDeps<R> {
  encode: (rows: readonly R[]) => Promise<Buffer>;
  /** Resolves when the encoder takes a known-good row (ParquetWriter.probe). */
  probe: () => Promise<void>;
  signal: AbortSignal;
}

/** The error that stops a batch without blaming its events: the processor retries it. */
export class EncoderUnusable extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'EncoderUnusable';
  }
}

export async function encodeNarrowing<R>(rows: readonly R[], d: NarrowDeps<R>): Promise<Narrowed<R>> {
  let failure: unknown;
  try {
    return { bytes: await d.encode(rows), refused: [] };
  } catch (err) {
    if (!isPermanentFailure(err)) throw err;
    failure = err;
  }
  try {
    await d.probe();
  } catch (err) {
    throw new EncoderUnusable('the Parquet encoder refuses a known-good row: no event is to blame', err);
  }
  const refused = await blame(rows, failure, d);
  const blamed = new Set(refused.map((r) => r.row));
  const kept = rows.filter((row) => !blamed.has(row));
  if (kept.length === 0) return { bytes: undefined, refused };
  try {
    return { bytes: await d.encode(kept), refused };
  } catch (err) {
    if (!isPermanentFailure(err)) throw err;
    throw new EncoderUnusable('the rows encode in parts but not together: no single event is to blame', err);
  }
}

/** The rows of a refused set that are refused alone. */
async function blame<R>(rows: readonly R[], failure: unknown, d: NarrowDeps<R>): Promise<Refused<R>[]> {
  const [only] = rows;
  if (rows.length === 1 && only !== undefined) return [{ row: only, error: failure }];
  const middle = Math.ceil(rows.length / 2);
  const refused: Refused<R>[] = [];
  for (const part of [rows.slice(0, middle), rows.slice(middle)]) {
    if (d.signal.aborted) throw new Error('exporter stopping: the batch is not checkpointed');
    try {
      await d.encode(part);
    } catch (err) {
      if (!isPermanentFailure(err)) throw err;
      refused.push(...(await blame(part, err, d)));
    }
  }
  return refused;
}
