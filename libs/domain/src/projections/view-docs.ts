// The bookkeeping every stored view doc may carry besides its counters: the change-feed position (per lease
// token) up to which the doc already includes events, which is what makes redelivered batches harmless.

export interface ViewBookkeeping {
  /** Lease token → highest change-feed LSN already folded into this doc. */
  appliedLsn?: Record<string, number>;
}
