// Whether the Event Hubs SDK's load-balancing loop is still turning, told from the checkpoint store: each turn
// renews every ownership record the processor holds (a new etag), so records of ours that stop changing mean the
// loop is stuck. It gets stuck after one failed management call: the loop asks for the hub's partitions without
// the client's retry options, so the SDK's defaults apply (60 s a try, a fixed 30 s between tries). Meanwhile the
// processor renews nothing and claims nothing: its partitions expire and are stolen, and a dead instance's
// partitions wait. Seen in the regional drill: region 2 took 30 s (90 s when the try hung) to claim region 1's
// partitions after the namespace came back. The remedy (Ingestor) is to subscribe again, which ends the old loop.
// Pure: the caller reads the store and the clock.

export interface OwnershipRecord {
  partitionId: string;
  ownerId: string;
  etag?: string;
  lastModifiedTimeInMs?: number;
}

/** The longest wait between two restarts while the loop keeps getting stuck (the namespace is down, say). */
export const MAX_RESTART_GAP_MS = 60_000;

export class OwnershipRenewals {
  readonly #stalledAfterMs: number;
  /** Our records as last seen: partition → version. */
  #seen = new Map<string, string>();
  #renewedAtMs: number;
  /** The last restart, or the start: a fresh loop gets `stalledAfterMs` before it counts as stuck. */
  #restartedAtMs: number;
  #restarts = 0;
  #nextRestartAtMs = 0;

  /** `stalledAfterMs`: no renewal for this long means stuck; a few load-balancing intervals. */
  constructor(stalledAfterMs: number, nowMs: number) {
    this.#stalledAfterMs = stalledAfterMs;
    this.#renewedAtMs = nowMs;
    this.#restartedAtMs = nowMs;
  }

  /** What the store holds now, all owners; `ownerId` is ours. */
  observe(records: readonly OwnershipRecord[], ownerId: string, nowMs: number): void {
    const ours = new Map<string, string>();
    for (const r of records) {
      if (r.ownerId !== ownerId) continue;
      ours.set(r.partitionId, r.etag ?? String(r.lastModifiedTimeInMs ?? ''));
    }
    for (const [partitionId, version] of ours) {
      if (this.#seen.get(partitionId) === version) continue;
      // A record new or changed since the last look: the loop turned.
      this.#renewedAtMs = nowMs;
      this.#restarts = 0;
      this.#nextRestartAtMs = 0;
    }
    this.#seen = ours;
  }

  /**
   * True when the loop should be restarted now: we hold partitions, none renewed for `stalledAfterMs`, and the
   * last restart is long enough ago. Holding none, nothing tells a stuck loop from an idle one: false.
   */
  due(nowMs: number): boolean {
    if (this.#seen.size === 0) return false;
    const since = Math.max(this.#renewedAtMs, this.#restartedAtMs);
    return nowMs - since > this.#stalledAfterMs && nowMs >= this.#nextRestartAtMs;
  }

  /** How long our records have gone without a renewal, restarts or not (0 while renewed, or holding none). */
  stalledForMs(nowMs: number): number {
    return this.#seen.size === 0 ? 0 : Math.max(0, nowMs - this.#renewedAtMs);
  }

  /** The loop was restarted: a fresh loop gets `stalledAfterMs` again; restarts in a row wait twice as long each. */
  restarted(nowMs: number): void {
    this.#restarts += 1;
    this.#restartedAtMs = nowMs;
    const gap = Math.min(MAX_RESTART_GAP_MS, this.#stalledAfterMs * 2 ** (this.#restarts - 1));
    this.#nextRestartAtMs = nowMs + gap;
  }
}
