// The clickstream side of a datagen run: the sessions behind each new order, sent to the clickstream hub
// just before the batch that carries the order. Sessions are drawn when the order is generated (not when it
// is sent, which depends on batching and timing), so a seed gives the same clicks every run.
import type { EventHubProducerClient } from '@azure/event-hubs';
import type { Logger } from '@marquee/platform';
import type {
  ClickstreamGenerator,
  GeneratedClick,
  GeneratedEvent,
  OrderGenerator,
} from '../generate/index.ts';
import { EventHubSink } from './event-hub-sink.ts';
import type { OutFile } from './out-file.ts';
import { clickRecord } from './out-record.ts';

type ClickToSend = GeneratedClick & { properties: Record<string, string | number> };

export class ClickstreamFeed {
  readonly #sessions: ClickstreamGenerator;
  readonly #sink: EventHubSink;
  readonly #producer: EventHubProducerClient;
  readonly #out: OutFile | undefined;
  #pending: ClickToSend[] = [];
  #sent = 0;

  constructor(options: {
    sessions: ClickstreamGenerator;
    producer: EventHubProducerClient;
    logger: Logger;
    retries?: number | undefined;
    out?: OutFile | undefined;
  }) {
    this.#sessions = options.sessions;
    this.#out = options.out;
    this.#producer = options.producer;
    this.#sink = new EventHubSink(options.producer, { logger: options.logger, retries: options.retries });
  }

  get sent(): number {
    return this.#sent;
  }

  async open(stop: AbortSignal): Promise<void> {
    await this.#sink.open(stop);
  }

  /** The order generator, drawing the sessions of every new valid order as it is generated. */
  follow(orders: OrderGenerator): OrderGenerator {
    return {
      next: (): GeneratedEvent => {
        const event = orders.next();
        if (event.kind === 'valid' && event.order !== undefined) {
          for (const click of this.#sessions.sessionsFor(event.order))
            this.#pending.push({
              ...click,
              properties: { type: click.type, schemaVersion: click.schemaVersion },
            });
        }
        return event;
      },
      get generated() {
        return orders.generated;
      },
    };
  }

  /** Closes the producer (only when the run created it). */
  async close(): Promise<void> {
    await this.#producer.close();
  }

  /** Sends every click drawn so far (round robin: a funnel needs no per-session order). */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const events = this.#pending;
    this.#pending = [];
    await this.#sink.send({ partitionKey: undefined, events }, async (sent) => {
      await this.#out?.writeRecords(sent.map((click, i) => clickRecord(click, this.#sent + i)));
      this.#sent += sent.length;
    });
  }
}
