import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger as Logger } from 'fastify';

export interface SseClientsOptions {
  /** A comment line this often keeps proxies and the browser from timing out; default 15 s. */
  heartbeatMs?: number;
  /** The reconnect delay the browser is told to use; default 2 s. */
  retryMs?: number;
  /** A client whose unsent bytes exceed this is dropped rather than buffered for; default 1 MiB. */
  maxBufferedBytes?: number;
  logger?: Logger;
}

export interface SseClient {
  /** Id of the newest event this client has been sent (0: none yet). */
  lastId: number;
  send(id: number, event: string, data: string): boolean;
}

/**
 * The open Server-Sent Events responses. Each event is written to every client as one pre-built string;
 * a client that does not keep up (its socket buffer past the bound) is disconnected, so one slow phone
 * cannot make the process hold an ever-growing backlog. EventSource reconnects it with Last-Event-ID.
 */
export class SseClients {
  readonly #clients = new Map<ServerResponse, SseClient>();
  readonly #maxBuffered: number;
  readonly #retryMs: number;
  readonly #logger: Logger | undefined;
  readonly #heartbeat: NodeJS.Timeout;
  #dropped = 0;
  #closed = false;

  constructor(options: SseClientsOptions = {}) {
    this.#maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.#retryMs = options.retryMs ?? 2_000;
    this.#logger = options.logger;
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Slow clients disconnected so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Takes over an open response: writes the SSE headers and the retry hint, and tracks it until it closes. */
  open(res: ServerResponse, onClose: () => void): SseClient {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${this.#retryMs}\n\n`);
    const client: SseClient = {
      lastId: 0,
      send: (id, event, data) => {
        if (id <= client.lastId) return true;
        if (!this.#write(res, `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`)) return false;
        client.lastId = id;
        return true;
      },
    };
    const gone = (): void => {
      if (this.#clients.delete(res)) onClose();
    };
    // Opened after closeAll (a request that was already under way at shutdown): end it, never track it,
    // or the server would wait on a stream nobody ends.
    if (this.#closed) {
      res.end();
      return client;
    }
    this.#clients.set(res, client);
    res.once('close', gone);
    // The browser may have left before we took over: then 'close' has already been emitted.
    if (res.socket === null || res.socket.destroyed) gone();
    return client;
  }

  /** Sends one event to every client that has not had it yet. */
  broadcast(id: number, event: string, data: string): void {
    for (const client of this.#clients.values()) client.send(id, event, data);
  }

  /** Ends every stream (shutdown): the browser sees the end and reconnects to another instance. */
  closeAll(): void {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    for (const res of this.#clients.keys()) res.end();
    this.#clients.clear();
  }

  #beat(): void {
    for (const res of this.#clients.keys()) this.#write(res, `: keep-alive ${Date.now()}\n\n`);
  }

  #write(res: ServerResponse, chunk: string): boolean {
    if (res.destroyed || res.writableEnded) return false;
    if (res.writableLength > this.#maxBuffered) {
      this.#dropped++;
      this.#logger?.warn({ buffered: res.writableLength }, 'dropping a slow SSE client');
      // Its 'close' event removes it from the set.
      res.destroy();
      return false;
    }
    res.write(chunk);
    return true;
  }
}
