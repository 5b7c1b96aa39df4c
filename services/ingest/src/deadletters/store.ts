import type { Container } from '@azure/cosmos';
import type { ContainerClient } from '@azure/storage-blob';
import { hasStatus } from '@marquee/platform';
import type { StoredDeadLetter } from '../dead-letter-writer.ts';

/** A dead letter as listed: what it is grouped under and whether it was replayed. */
export type ListedDeadLetter = Pick<StoredDeadLetter, 'id' | 'reasons' | 'receivedAt'> & {
  reasonGroup?: string;
  replayed?: ReplayMark;
  rawBlob?: StoredDeadLetter['rawBlob'];
  /** Set by the stages that set aside stored events (projector, exporter); ingest's own records have none. */
  stage?: string;
};

/** Set on a dead letter once replay stored it: the event id it became and when. */
export interface ReplayMark {
  at: string;
  eventId: string;
}

/** The `deadletters` container and the blob container holding the bodies too large for a record. */
export class DeadLetterStore {
  readonly #letters: Container;
  readonly #bodies: ContainerClient;

  constructor(letters: Container, bodies: ContainerClient) {
    this.#letters = letters;
    this.#bodies = bodies;
  }

  /** Every dead letter, without bodies (a CLI reads them all; they are few, and small without bodies). */
  async list(): Promise<ListedDeadLetter[]> {
    const query =
      'SELECT c.id, c.reasons, c.reasonGroup, c.receivedAt, c.replayed, c.rawBlob, c.stage FROM c';
    return (await this.#letters.items.query<ListedDeadLetter>(query).fetchAll()).resources;
  }

  async get(id: string): Promise<(StoredDeadLetter & { replayed?: ReplayMark }) | undefined> {
    const { resource } = await this.#letters
      .item(id, id)
      .read<StoredDeadLetter & { replayed?: ReplayMark }>();
    return resource;
  }

  /** The body as the producer sent it: text, bytes, or undefined when it was dropped. */
  async body(letter: StoredDeadLetter): Promise<string | Buffer | undefined> {
    if (letter.rawText !== undefined) return letter.rawText;
    if (letter.rawBase64 !== undefined) return Buffer.from(letter.rawBase64, 'base64');
    if (letter.rawBlob === undefined) return undefined;
    const bytes = await this.#bodies.getBlobClient(letter.rawBlob.name).downloadToBuffer();
    return letter.rawBlob.encoding === 'utf-8' ? bytes.toString('utf8') : bytes;
  }

  async markReplayed(letter: StoredDeadLetter, mark: ReplayMark): Promise<void> {
    await this.#letters.item(letter.id, letter.id).patch([{ op: 'set', path: '/replayed', value: mark }]);
  }

  /** Deletes the record and its body blob; a blob already gone is fine. */
  async delete(letter: ListedDeadLetter): Promise<void> {
    if (letter.rawBlob !== undefined)
      await this.#bodies
        .deleteBlob(letter.rawBlob.name, { deleteSnapshots: 'include' })
        .catch(ignoreNotFound);
    await this.#letters.item(letter.id, letter.id).delete().catch(ignoreNotFound);
  }
}

function ignoreNotFound(err: unknown): void {
  if (!hasStatus(err, 404)) throw err;
}
