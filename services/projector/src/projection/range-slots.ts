// When the views of one range read it next, agreed in this process. Each view's pacing picks a grid point from
// its own figures (its batch's traffic, the batch time it read), and two views of a range could pick different
// points: the hold on the batch time moved between them, one judged the traffic heavy and the other not. A view
// that reads apart from the others reads alone, a whole interval off, and an event is in every view only when
// the last of them has it: the freshness tail. So the first view of a range to finish a page (or to find the
// range idle) picks the next read, and the views finishing the same page (or idle at the same time) take it;
// one that finishes after that moment reads at once, and gets the page the others read, kept for it.
// One per process, shared by the views like BatchTimes. A range keeps its few latest slots, not one: the views
// of a generation being rebuilt read the same range elsewhere (catching up), and must not take the live views'
// slot away from them. The clock is passed in.

/** The read a range's views agreed on: after which position (a page's last LSN, or idle), and when. */
interface Slot {
  after: number | 'idle';
  atMs: number;
}

/** Slots kept per range: one per position its views stand at (live and rebuilding generations, a view behind). */
const SLOTS_PER_RANGE = 4;

export class RangeSlots {
  readonly #next = new Map<string, Slot[]>();

  /**
   * ms until the next read of `leaseToken`'s range after the page ending at LSN `afterLsn`: the time another
   * view chose after the same page, or else `wantedMs`, which the others will then take.
   */
  afterPage(leaseToken: string, afterLsn: number, nowMs: number, wantedMs: number): number {
    const slot = this.#slotsOf(leaseToken).find((s) => s.after === afterLsn);
    if (slot !== undefined) return Math.max(0, slot.atMs - nowMs);
    this.#add(leaseToken, { after: afterLsn, atMs: nowMs + wantedMs });
    return wantedMs;
  }

  /**
   * ms until the next read of a range found idle: the poll another view set and that is still to come, or else
   * `wantedMs`. (No position to compare: views idle at the same moment stand at the same position.)
   */
  afterIdle(leaseToken: string, nowMs: number, wantedMs: number): number {
    const slot = this.#slotsOf(leaseToken).find((s) => s.after === 'idle' && s.atMs > nowMs);
    if (slot !== undefined) return slot.atMs - nowMs;
    this.#add(leaseToken, { after: 'idle', atMs: nowMs + wantedMs });
    return wantedMs;
  }

  #slotsOf(leaseToken: string): Slot[] {
    return this.#next.get(leaseToken) ?? [];
  }

  /** The newest first; the oldest beyond SLOTS_PER_RANGE go (a view still after one reads on its own grid point). */
  #add(leaseToken: string, slot: Slot): void {
    const kept = this.#slotsOf(leaseToken).filter((s) => s.after !== slot.after);
    this.#next.set(leaseToken, [slot, ...kept].slice(0, SLOTS_PER_RANGE));
  }
}
