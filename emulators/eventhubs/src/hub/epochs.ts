// Exclusive (epoch) receiver rules, per consumer group and partition, as the service applies them:
// - a receiver with an epoch at least the highest present takes over: every other receiver is disconnected;
// - a lower epoch, or no epoch while an epoch receiver is present, is refused;
// - receivers without an epoch coexist.
export interface EpochMember {
  readonly epoch: number | undefined;
  /** Disconnects the receiver with amqp:link:stolen. */
  steal(description: string): void;
}

export type Admission<M extends EpochMember> =
  { admitted: true; evicted: M[] } | { admitted: false; description: string };

export function admit<M extends EpochMember>(present: Iterable<M>, epoch: number | undefined): Admission<M> {
  const members = [...present];
  let highest: number | undefined;
  for (const m of members)
    if (m.epoch !== undefined && (highest === undefined || m.epoch > highest)) highest = m.epoch;
  if (epoch === undefined) {
    if (highest !== undefined) {
      return {
        admitted: false,
        description: `A receiver with epoch '${highest}' already exists; a receiver without an epoch cannot be created.`,
      };
    }
    return { admitted: true, evicted: [] };
  }
  if (highest !== undefined && epoch < highest) {
    return {
      admitted: false,
      description: `A receiver with a higher epoch '${highest}' already exists; epoch '${epoch}' cannot be created.`,
    };
  }
  return { admitted: true, evicted: members };
}
