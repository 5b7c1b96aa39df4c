// Appends --out records to a file as events are accepted by the service: the file lists what was sent, in the
// order the batches were sent. Writes respect the stream's backpressure so a slow disk slows the sender
// instead of filling memory.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { GeneratedEvent } from '../generate/index.ts';
import { outRecord, type OutRecord } from './out-record.ts';

export class OutFile {
  readonly path: string;
  readonly #stream: WriteStream;
  #failure: Error | undefined;

  private constructor(path: string, stream: WriteStream) {
    this.path = path;
    this.#stream = stream;
    stream.on('error', (err) => (this.#failure = err));
  }

  /** Creates (or truncates) the file; rejects if it cannot be opened. */
  static async open(path: string): Promise<OutFile> {
    const stream = createWriteStream(path, { flags: 'w' });
    await Promise.race([
      once(stream, 'open'),
      once(stream, 'error').then(([err]) => Promise.reject(err as Error)),
    ]);
    return new OutFile(path, stream);
  }

  /** `hub` is recorded when datagen sends to several hubs. */
  async write(events: readonly GeneratedEvent[], hub?: string): Promise<void> {
    await this.writeRecords(events.map((event) => outRecord(event, hub)));
  }

  async writeRecords(records: readonly OutRecord[]): Promise<void> {
    if (this.#failure) throw this.#failure;
    const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
    if (!this.#stream.write(text)) await once(this.#stream, 'drain');
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.#stream.closed) return;
    await new Promise<void>((resolve, reject) =>
      this.#stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    if (this.#failure) throw this.#failure;
  }
}
