import type { Container, JSONObject } from '@azure/cosmos';
import type { ContainerClient } from '@azure/storage-blob';
import type { DeadLetter } from '@marquee/domain';
import { createDocuments, isPermanentFailure, retry } from '@marquee/platform';
import type { Logger } from 'pino';
import type { IngestMetrics } from './metrics.ts';

/** Where a raw body too large to keep in its dead-letter record was put. */
export interface RawBodyBlob {
  container: string;
  name: string;
  bytes: number;
  /** How the bytes read: `utf-8` text, or `binary` (the record would have held base64). */
  encoding: 'utf-8' | 'binary';
}

/** A dead letter as stored: its body inline, in a blob, or (when even the blob failed) dropped with the reason. */
export type StoredDeadLetter = DeadLetter & { rawBlob?: RawBodyBlob; rawDropped?: string };

export interface DeadLetterWriterDeps {
  container: Container;
  /** Blob container for bodies above `inlineMaxBytes`. */
  bodies: ContainerClient;
  inlineMaxBytes: number;
  metrics: IngestMetrics;
}

/**
 * Writes dead letters so that none of them can block a partition: bodies too large for a record go to Blob
 * storage (the record names the blob), a record the store still refuses is written again without its body,
 * and one refused even then is logged with its Event Hubs position and counted. Only a failure of the whole
 * store (wrong key, container gone) is thrown, so the batch is read again rather than lost.
 */
export class DeadLetterWriter {
  readonly #deps: DeadLetterWriterDeps;

  constructor(deps: DeadLetterWriterDeps) {
    this.#deps = deps;
  }

  async write(letters: readonly DeadLetter[], signal: AbortSignal, log: Logger): Promise<void> {
    const records = await Promise.all(letters.map((letter) => this.#offloadBody(letter, signal, log)));
    const refused = await this.#create(records, signal, log);
    if (refused.length === 0) return;
    // Without its body a record is a few hundred bytes: what the store refused was almost surely its size.
    const bare = refused.map(({ record, reason }) =>
      withoutBody(record, `the record was refused (${reason})`),
    );
    // The batch is checkpointed all the same, so this log line is all that is left of these events: name
    // each one by its Event Hubs position, from where it can be read again while the hub retains it.
    const lost = (await this.#create(bare, signal, log)).map(({ record, reason }) => ({
      source: record.source,
      reason,
    }));
    if (lost.length > 0) {
      this.#deps.metrics.deadLettersLost.inc(lost.length);
      log.error({ lost }, 'dead letters refused by the store');
    }
  }

  /** Creates the records; returns those the store refused for good, with the reason. */
  async #create(records: StoredDeadLetter[], signal: AbortSignal, log: Logger) {
    const { container, metrics } = this.#deps;
    const outcomes = await createDocuments(container, records as unknown as JSONObject[], {
      signal,
      logger: log,
      onRetry: (n) => void metrics.retries.inc(n),
    });
    return records.flatMap((record, i) => {
      const outcome = outcomes[i];
      return outcome?.kind === 'refused' ? [{ record, reason: outcome.reason }] : [];
    });
  }

  /** The record with its body inline when small, else in a blob named after the dead letter's id. */
  async #offloadBody(letter: DeadLetter, signal: AbortSignal, log: Logger): Promise<StoredDeadLetter> {
    const { bodies, inlineMaxBytes, metrics } = this.#deps;
    const body =
      letter.rawText !== undefined
        ? { bytes: Buffer.from(letter.rawText, 'utf8'), encoding: 'utf-8' as const }
        : letter.rawBase64 !== undefined
          ? { bytes: Buffer.from(letter.rawBase64, 'base64'), encoding: 'binary' as const }
          : undefined;
    if (body === undefined || body.bytes.length <= inlineMaxBytes) return letter;
    const name = `${letter.id}.bin`;
    try {
      await retry(
        () => bodies.getBlockBlobClient(name).uploadData(body.bytes, { abortSignal: signal }),
        // Transient failures wait for the store like every other write: never dropped.
        { retries: Infinity, signal },
      );
    } catch (err) {
      if (signal.aborted || !isPermanentFailure(err)) throw err;
      metrics.deadLetterBodiesLost.inc();
      log.error(
        { err, deadLetterId: letter.id, source: letter.source },
        'dead-letter body could not be stored',
      );
      return withoutBody(letter, `the body (${body.bytes.length} bytes) could not be stored in Blob storage`);
    }
    metrics.deadLetterBodiesOffloaded.inc();
    const { rawText: _text, rawBase64: _base64, ...rest } = letter;
    return {
      ...rest,
      rawBlob: { container: bodies.containerName, name, bytes: body.bytes.length, encoding: body.encoding },
    };
  }
}

function withoutBody(letter: StoredDeadLetter, why: string): StoredDeadLetter {
  const { rawText: _text, rawBase64: _base64, ...rest } = letter;
  return { ...rest, rawDropped: why };
}
