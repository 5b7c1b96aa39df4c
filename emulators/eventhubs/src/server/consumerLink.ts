// A receiver attached to one partition of one consumer group: a cursor into the partition log, pumped whenever
// the client grants credit or new events arrive. Deliveries are sent pre-settled (the SDK auto-accepts, so
// settlement round trips would buy nothing) and only within the link credit the client granted.
import type { Sender } from 'rhea';
import type { Logger } from 'pino';
import type { EpochMember } from '../hub/epochs.ts';
import type { PartitionLog } from '../log/partitionLog.ts';
import { withRuntimeInfo } from '../amqp/stored.ts';
import { directWriter, type DirectWriter } from './directTransfer.ts';
import { linkStolen } from './errors.ts';

const TAG = Buffer.alloc(0);
/** Transfers per direct write: bounds the size of one socket write. */
const DIRECT_CHUNK = 512;
/**
 * Most a link sends in one turn of the event loop; the rest follows on the next turn (setImmediate), after
 * other connections' frames and requests. A reader with a large credit catching up on a long partition
 * would otherwise hold the loop for the whole credit (tens of MB), stalling every other client meanwhile.
 */
const TURN_EVENTS = 1024;
const TURN_BYTES = 512 * 1024;

interface SenderInternals {
  credit: number;
  delivery_count: number;
  _draining?: boolean;
  set_drained(drained: boolean): void;
}

export class ConsumerLink implements EpochMember {
  readonly epoch: number | undefined;
  private readonly sender: Sender;
  private readonly log: PartitionLog;
  private readonly runtimeMetric: boolean;
  private readonly members: Set<EpochMember>;
  private readonly logger: Logger;
  private readonly unsubscribe: () => void;
  private cursor: number;
  /** send() calls so far; rhea only counts a delivery against credit once it writes the transfer. */
  private sent = 0;
  private closed = false;
  private readonly direct: DirectWriter | undefined;
  private retryScheduled = false;
  private drainAwaited = false;
  /** What this turn has sent so far (see TURN_EVENTS). */
  private turnEvents = 0;
  private turnBytes = 0;

  constructor(options: {
    sender: Sender;
    log: PartitionLog;
    start: number;
    epoch: number | undefined;
    runtimeMetric: boolean;
    members: Set<EpochMember>;
    logger: Logger;
    /** Use the direct transfer writer when rhea's internals allow it (default true). */
    directTransfers?: boolean;
  }) {
    this.sender = options.sender;
    this.log = options.log;
    this.cursor = options.start;
    this.epoch = options.epoch;
    this.runtimeMetric = options.runtimeMetric;
    this.members = options.members;
    this.logger = options.logger;
    this.members.add(this);
    this.direct = options.directTransfers === false ? undefined : directWriter(this.sender);
    const offAppend = this.log.onAppend(() => this.pump());
    // After any flow rhea sends what it had queued on its next turn; pump after that.
    const offFlow = this.direct?.onSessionFlow(() => this.retryAfterRhea());
    this.unsubscribe = () => {
      offAppend();
      offFlow?.();
    };
  }

  pump(): void {
    if (this.closed) return;
    this.turnEvents = 0;
    this.turnBytes = 0;
    if (!this.direct || !this.pumpDirect(this.direct)) this.pumpQueued();
    this.finishDrain();
  }

  /** This turn's share is used up: continue on the next turn if there is more to send. */
  private turnUsed(): boolean {
    if (this.turnEvents < TURN_EVENTS && this.turnBytes < TURN_BYTES) return false;
    if (this.cursor < this.log.nextSequenceNumber) this.retryAfterRhea();
    return true;
  }

  /** Next event to deliver (advancing the cursor), or undefined when caught up or this turn's share is sent. */
  private next(): Buffer | undefined {
    const log = this.log;
    if (this.cursor < log.firstSequenceNumber) this.cursor = log.firstSequenceNumber;
    if (this.cursor >= log.nextSequenceNumber || this.turnUsed()) return undefined;
    const stored = log.eventAt(this.cursor++);
    this.turnEvents++;
    this.turnBytes += stored.length;
    if (!this.runtimeMetric) return stored;
    return withRuntimeInfo(stored, {
      lastSequenceNumber: log.lastSequenceNumber,
      lastEnqueuedTimeMs: log.lastEnqueuedTimeMs,
      retrievalTimeMs: Date.now(),
    });
  }

  /** Returns false when an event is too big for one frame and has to go through rhea. */
  private pumpDirect(direct: DirectWriter): boolean {
    const maxPayload = direct.maxPayload();
    for (;;) {
      const state = direct.state();
      if (state === 'busy') {
        this.retryAfterRhea();
        return true;
      }
      if (state === 'blocked') return true;
      if (state === 'draining') {
        this.resumeAfterDrain(direct);
        return true;
      }
      const budget = Math.min(direct.budget(), DIRECT_CHUNK);
      const payloads: Buffer[] = [];
      let oversize = false;
      while (payloads.length < budget) {
        const payload = this.next();
        if (!payload) break;
        if (payload.length > maxPayload) {
          this.cursor--;
          this.turnEvents--;
          this.turnBytes -= payload.length;
          oversize = true;
          break;
        }
        payloads.push(payload);
      }
      if (payloads.length > 0) {
        direct.write(payloads);
        this.sent += payloads.length;
      }
      if (oversize) return false;
      if (payloads.length < budget) return true;
    }
  }

  private resumeAfterDrain(direct: DirectWriter): void {
    if (this.drainAwaited) return;
    this.drainAwaited = true;
    direct.whenDrained(() => {
      this.drainAwaited = false;
      this.pump();
    });
  }

  private retryAfterRhea(): void {
    if (this.retryScheduled) return;
    this.retryScheduled = true;
    setImmediate(() => {
      this.retryScheduled = false;
      this.pump();
    });
  }

  /** Sends through rhea, which queues deliveries and writes them on its next turn. */
  private pumpQueued(): void {
    const sender = this.sender;
    const internals = sender as unknown as SenderInternals;
    const outgoing = (sender.session as unknown as { outgoing: { available(): number } }).outgoing;
    let budget = Math.min(internals.credit - (this.sent - internals.delivery_count), outgoing.available());
    while (budget > 0) {
      const payload = this.next();
      if (!payload) break;
      const delivery = sender.send(payload, TAG, 0) as unknown as { settled: boolean };
      delivery.settled = true;
      this.sent++;
      budget--;
    }
  }

  /** Drain requested and nothing left to send: use up the remaining credit and tell the client. */
  private finishDrain(): void {
    const internals = this.sender as unknown as SenderInternals;
    if (!internals._draining || internals.credit <= 0 || this.sent !== internals.delivery_count) return;
    if (this.cursor < this.log.nextSequenceNumber) return;
    internals.delivery_count += internals.credit;
    this.sent = internals.delivery_count;
    internals.credit = 0;
    internals.set_drained(true);
  }

  /** Disconnects this receiver because another one took over (or refuses it at attach). */
  steal(description: string): void {
    this.logger.info({ description }, 'receiver disconnected: link stolen');
    this.sender.close(linkStolen(description));
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.members.delete(this);
  }
}
