// Builder and factory for ChangeFeedProcessor, in the spirit of .NET's GetChangeFeedProcessorBuilder.
import { hostname } from 'node:os';
import type { Container } from '@azure/cosmos';
import { pino } from 'pino';
import type { ChangeFeedModeName, ChangeOf } from '../processing/changes.ts';
import type { ChangeFeedHandler } from '../processing/handler.ts';
import { ChangeFeedProcessor } from './change-feed-processor.ts';
import { resolveOptions, type ProcessorOptions } from './options.ts';

export interface ChangeFeedProcessorConfig<T, M extends ChangeFeedModeName = 'latestVersion'> {
  /** Container whose change feed is read. */
  readonly monitoredContainer: Container;
  /** Container holding the leases (partition key `/id`; see ensureLeaseContainer). */
  readonly leaseContainer: Container;
  /** Name shared by all instances of one logical consumer; prefixes its lease ids. */
  readonly processorName: string;
  /** Unique per running instance. Default `${hostname}:${pid}`. Reusing a name after a restart adopts its leases. */
  readonly instanceName?: string;
  readonly handler: ChangeFeedHandler<ChangeOf<T, M>>;
  readonly options?: ProcessorOptions<M>;
}

export function createChangeFeedProcessor<T, M extends ChangeFeedModeName = 'latestVersion'>(
  config: ChangeFeedProcessorConfig<T, M>,
): ChangeFeedProcessor {
  const options = config.options ?? {};
  if (config.processorName === '' || /[/\\?#]/.test(config.processorName)) {
    throw new TypeError('processorName must be non-empty and free of / \\ ? #');
  }
  const instanceName = config.instanceName ?? `${hostname()}:${process.pid}`;
  if (instanceName === '') throw new TypeError('instanceName must be non-empty');
  return new ChangeFeedProcessor({
    monitored: config.monitoredContainer,
    leases: config.leaseContainer,
    processorName: config.processorName,
    instanceName,
    handler: config.handler as ChangeFeedHandler<unknown>,
    options: resolveOptions(options),
    logger: options.logger ?? pino({ name: 'change-feed-processor', level: 'warn' }),
    observer: options.metrics,
  });
}

/**
 * Fluent form of createChangeFeedProcessor. The handler's change type follows the mode, so in
 * all-versions-and-deletes mode call `options({ mode: 'allVersionsAndDeletes' })` before `handler()`.
 */
export class ChangeFeedProcessorBuilder<T, M extends ChangeFeedModeName = 'latestVersion'> {
  #monitored: Container | undefined;
  #leases: Container | undefined;
  #processorName: string | undefined;
  #instanceName: string | undefined;
  #handler: ChangeFeedHandler<ChangeOf<T, M>> | undefined;
  #handlerMode: ChangeFeedModeName | undefined;
  #options: ProcessorOptions<M> = {};

  monitoredContainer(container: Container): this {
    this.#monitored = container;
    return this;
  }

  leaseContainer(container: Container): this {
    this.#leases = container;
    return this;
  }

  processorName(name: string): this {
    this.#processorName = name;
    return this;
  }

  instanceName(name: string): this {
    this.#instanceName = name;
    return this;
  }

  options<N extends ChangeFeedModeName = M>(options: ProcessorOptions<N>): ChangeFeedProcessorBuilder<T, N> {
    const mode = options.mode ?? 'latestVersion';
    if (this.#handlerMode !== undefined && this.#handlerMode !== mode) {
      throw new TypeError(`handler() was given for ${this.#handlerMode} mode; call options({ mode }) first`);
    }
    const next = this as unknown as ChangeFeedProcessorBuilder<T, N>;
    next.#options = options;
    return next;
  }

  handler(handler: ChangeFeedHandler<ChangeOf<T, M>>): this {
    this.#handler = handler;
    this.#handlerMode = this.#options.mode ?? 'latestVersion';
    return this;
  }

  build(): ChangeFeedProcessor {
    if (this.#monitored === undefined) throw new TypeError('monitoredContainer() is required');
    if (this.#leases === undefined) throw new TypeError('leaseContainer() is required');
    if (this.#processorName === undefined) throw new TypeError('processorName() is required');
    if (this.#handler === undefined) throw new TypeError('handler() is required');
    return createChangeFeedProcessor<T, M>({
      monitoredContainer: this.#monitored,
      leaseContainer: this.#leases,
      processorName: this.#processorName,
      ...(this.#instanceName === undefined ? {} : { instanceName: this.#instanceName }),
      handler: this.#handler,
      options: this.#options,
    });
  }
}
