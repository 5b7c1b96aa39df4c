// Sending to several hubs, one per region, as Contoso's generator does: groups alternate between the hubs, and a
// hub that fails for good (its region is down) is skipped for a while and the group goes to the next one, the way
// a client retries in the other region. A batch whose send failed may still have been stored by the failed hub;
// sent again through the other one, it is the same order with the same id, and ingest stores it once.
import type { Logger } from '@marquee/platform';
import type { GeneratedEvent } from '../generate/index.ts';
import type { PendingGroup } from './keyed-buffers.ts';

/** What the regional sink needs of one hub's sink (EventHubSink). */
export interface HubSink {
  send(group: PendingGroup, onSent: (events: GeneratedEvent[]) => Promise<void> | void): Promise<void>;
}

export interface RegionalSinkOptions {
  hubs: readonly { name: string; sink: HubSink }[];
  logger: Logger;
  /** How long a failed hub is left out before it is tried again; default 5 s. */
  cooldownMs?: number;
  nowMs: () => number;
}

export interface RegionalTotals {
  /** Events accepted per hub. */
  perHub: Record<string, number>;
  /** Groups (or their unsent rest) moved to another hub after a failure. */
  failovers: number;
}

export class RegionalSink {
  readonly #options: RegionalSinkOptions;
  readonly #downUntil = new Map<string, number>();
  readonly totals: RegionalTotals;
  #next = 0;

  constructor(options: RegionalSinkOptions) {
    if (options.hubs.length === 0) throw new RangeError('at least one hub is needed');
    this.#options = options;
    this.totals = { perHub: Object.fromEntries(options.hubs.map((h) => [h.name, 0])), failovers: 0 };
  }

  /** Hubs to try for the next group: in turn from the next one, those not cooling down first. */
  #order(): { name: string; sink: HubSink }[] {
    const { hubs, nowMs } = this.#options;
    const start = this.#next;
    this.#next = (this.#next + 1) % hubs.length;
    const turn = hubs.map((_, i) => hubs[(start + i) % hubs.length] as { name: string; sink: HubSink });
    const now = nowMs();
    const up = (name: string): boolean => (this.#downUntil.get(name) ?? 0) <= now;
    return [...turn.filter((h) => up(h.name)), ...turn.filter((h) => !up(h.name))];
  }

  async send(
    group: PendingGroup,
    onSent: (events: GeneratedEvent[], hub: string) => Promise<void> | void,
  ): Promise<void> {
    const { logger, cooldownMs = 5_000, nowMs } = this.#options;
    let rest = group.events;
    let lastError: unknown;
    for (const hub of this.#order()) {
      let sent = 0;
      try {
        await hub.sink.send({ partitionKey: group.partitionKey, events: rest }, async (events) => {
          sent += events.length;
          this.totals.perHub[hub.name] = (this.totals.perHub[hub.name] ?? 0) + events.length;
          await onSent(events, hub.name);
        });
        this.#downUntil.delete(hub.name);
        return;
      } catch (err) {
        lastError = err;
        rest = rest.slice(sent);
        this.#downUntil.set(hub.name, nowMs() + cooldownMs);
        this.totals.failovers++;
        logger.warn({ err, hub: hub.name, unsent: rest.length }, 'hub failed; sending to the next region');
      }
    }
    throw lastError;
  }
}
