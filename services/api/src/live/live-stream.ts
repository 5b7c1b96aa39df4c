import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { LiveViews } from './live-views.ts';
import type { SseClients } from './sse-clients.ts';

/**
 * /api/stream's engine: the first client starts the live views (and so the change feed); every snapshot
 * is broadcast to all clients. A connecting client gets the current snapshot at once unless its
 * Last-Event-ID says it already has it (ids grow with time, so an id from before a restart is older).
 */
export class LiveStream {
  readonly #live: LiveViews;
  readonly #clients: SseClients;
  readonly #logger: Logger | undefined;
  #subscribed: Promise<unknown> | undefined;

  constructor(live: LiveViews, clients: SseClients, logger?: Logger) {
    this.#live = live;
    this.#clients = clients;
    this.#logger = logger;
  }

  async connect(res: ServerResponse, lastEventId: string | undefined): Promise<void> {
    this.#subscribed ??= this.#live.subscribe((s) => this.#clients.broadcast(s.id, 'views', s.json));
    const client = this.#clients.open(res, () => undefined);
    try {
      await this.#subscribed;
      const snapshot = await this.#live.current();
      const known = lastEventId === undefined ? Number.NaN : Number(lastEventId);
      if (Number.isFinite(known) && known >= snapshot.id) client.lastId = snapshot.id;
      else client.send(snapshot.id, 'views', snapshot.json);
    } catch (err) {
      // No data to start with: end the stream; EventSource comes back after the retry delay.
      this.#logger?.warn({ err }, 'live views unavailable; ending the stream');
      res.end();
    }
  }
}
