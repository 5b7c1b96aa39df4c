import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChangeFeedStartFrom,
  StatusCodes,
  type ChangeFeedPullModelIterator,
  type Container,
} from '@azure/cosmos';
import type { FastifyBaseLogger as Logger } from 'fastify';

/** A feed that has not read to its end for this long (or 5 polls) no longer vouches for what readers hold. */
const STALE_AFTER_MS = 2_000;

export interface ViewChangeFeedOptions {
  /** Wait between polls once the feed is drained; default 200 ms. */
  pollMs?: number;
  /** Wait after a failed read before starting over; default 1 s. */
  retryMs?: number;
  logger?: Logger;
  /**
   * Called with the stored ids that changed since the last call (one call per drained poll), or with
   * `undefined` when changes may have been missed (the feed was restarted after an error; told once the new
   * starting point is pinned).
   */
  onChange: (ids: string[] | undefined) => void;
}

/**
 * One change-feed pull iterator over the whole `views` container, started from "now": the API only
 * needs to know *that* a view changed, so it never keeps a continuation. A process runs one of these
 * however many clients listen; what it finds is fanned out by the caller.
 */
export class ViewChangeFeed {
  readonly #container: Container;
  readonly #pollMs: number;
  readonly #retryMs: number;
  readonly #logger: Logger | undefined;
  readonly #onChange: (ids: string[] | undefined) => void;
  readonly #stop = new AbortController();
  #running: Promise<void> | undefined;
  /** When the feed last read to its end (undefined: not started, or failed since). */
  #drainedAt: number | undefined;

  constructor(container: Container, options: ViewChangeFeedOptions) {
    this.#container = container;
    this.#pollMs = options.pollMs ?? 200;
    this.#retryMs = options.retryMs ?? 1_000;
    this.#logger = options.logger;
    this.#onChange = options.onChange;
  }

  get started(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Whether every change is being seen: the feed has read to its end within a few polls and has not failed
   * since. While it is, a reader may trust what it read until the feed names the doc (see ViewReader).
   */
  get watching(): boolean {
    return (
      this.#drainedAt !== undefined &&
      performance.now() - this.#drainedAt < Math.max(STALE_AFTER_MS, 5 * this.#pollMs)
    );
  }

  /** Starts polling; a second call does nothing. Resolves once the feed's starting point is fixed. */
  async start(): Promise<void> {
    if (this.#running || this.#stop.signal.aborted) return;
    let ready!: () => void;
    const started = new Promise<void>((resolve) => (ready = resolve));
    this.#running = this.#run(ready);
    await started;
  }

  async close(): Promise<void> {
    this.#stop.abort();
    await this.#running;
  }

  async #run(ready: () => void): Promise<void> {
    let iterator: ChangeFeedPullModelIterator<{ id: string }> | undefined;
    let restarted = false;
    while (!this.#stop.signal.aborted) {
      try {
        if (iterator === undefined) {
          iterator = this.#container.items.getChangeFeedIterator<{ id: string }>({
            changeFeedStartFrom: ChangeFeedStartFrom.Now(),
            maxItemCount: 1_000,
          });
          // The first read pins "now": changes after it are seen, so a caller can rely on it after start().
          await this.#drain(iterator);
          this.#drainedAt = performance.now();
          ready();
          // Started over: what changed before the new starting point is not known; it is told once the
          // new one is pinned, so reads made after the call are all covered by the feed.
          if (restarted && !this.#stop.signal.aborted) this.#onChange(undefined);
          restarted = false;
        } else {
          const ids = await this.#drain(iterator);
          this.#drainedAt = performance.now();
          if (ids.length > 0 && !this.#stop.signal.aborted) this.#onChange(ids);
        }
        await sleep(this.#pollMs, undefined, { signal: this.#stop.signal });
      } catch (err) {
        if (this.#stop.signal.aborted) break;
        this.#drainedAt = undefined;
        this.#logger?.warn({ err }, 'views change feed failed; starting over');
        ready();
        restarted ||= iterator !== undefined;
        iterator = undefined;
        await sleep(this.#retryMs, undefined, { signal: this.#stop.signal }).catch(() => undefined);
      }
    }
    ready();
  }

  /**
   * The read, or a rejection once the feed is stopped. readNext takes no abort signal, and a store that stops
   * answering holds it for the SDK's request timeout (a minute) and its retries: close must not wait on it.
   */
  #unlessStopped<T>(read: Promise<T>): Promise<T> {
    const signal = this.#stop.signal;
    // The abandoned read may still fail later (the client is disposed after close): that is nobody's error.
    read.catch(() => undefined);
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<T>((resolve, reject) => {
      const stopped = () => reject(signal.reason as Error);
      signal.addEventListener('abort', stopped, { once: true });
      read.then(resolve, reject).finally(() => signal.removeEventListener('abort', stopped));
    });
  }

  async #drain(iterator: ChangeFeedPullModelIterator<{ id: string }>): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const page = await this.#unlessStopped(iterator.readNext());
      if (page.statusCode === StatusCodes.NotModified || page.result.length === 0) return ids;
      for (const doc of page.result) ids.push(doc.id);
      if (this.#stop.signal.aborted) return ids;
    }
  }
}
