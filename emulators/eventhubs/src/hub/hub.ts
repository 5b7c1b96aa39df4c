// A configured event hub: its partitions (logs), consumer groups, publish routing and the receivers currently
// attached to each (consumer group, partition), which epoch rules need.
import path from 'node:path';
import type { HubConfig } from '../config.ts';
import { PartitionLog } from '../log/partitionLog.ts';
import { partitionForKey } from '../log/partitionKey.ts';
import type { RetentionConfig } from '../log/retention.ts';
import { SegmentStore } from '../log/segmentStore.ts';
import type { EpochMember } from './epochs.ts';

export class Hub {
  readonly name: string;
  readonly createdAtMs: number;
  readonly partitions: PartitionLog[];
  readonly partitionIds: string[];
  private readonly consumerGroups: Map<string, string>;
  private readonly receivers = new Map<string, Set<EpochMember>>();
  private roundRobin = 0;

  constructor(
    config: HubConfig,
    retention: Required<RetentionConfig>,
    createdAtMs: number,
    dataDir?: string,
    segmentBytes?: number,
  ) {
    this.name = config.name;
    this.createdAtMs = createdAtMs;
    this.consumerGroups = new Map((config.consumerGroups ?? []).map((g) => [g.toLowerCase(), g]));
    this.partitionIds = Array.from({ length: config.partitionCount }, (_, i) => String(i));
    this.partitions = this.partitionIds.map((id) => {
      if (!dataDir) return new PartitionLog(retention);
      const { store, loaded } = SegmentStore.open(
        path.join(dataDir, encodeURIComponent(this.name.toLowerCase()), id),
        segmentBytes,
      );
      const log = new PartitionLog(retention, store, loaded);
      log.applyRetention(Date.now());
      return log;
    });
  }

  /** Partition index for an id string, accepting only the canonical "0", "1", ... forms. */
  partitionIndex(id: string): number | undefined {
    const index = Number(id);
    return Number.isInteger(index) && String(index) === id && index >= 0 && index < this.partitions.length
      ? index
      : undefined;
  }

  hasConsumerGroup(name: string): boolean {
    return this.consumerGroups.has(name.toLowerCase());
  }

  /** Partition for a publish without an explicit partition: by key hash, else round robin. */
  route(partitionKey: string | undefined): number {
    if (partitionKey !== undefined) return partitionForKey(partitionKey, this.partitions.length);
    const index = this.roundRobin;
    this.roundRobin = (index + 1) % this.partitions.length;
    return index;
  }

  receiversOf(consumerGroup: string, partition: number): Set<EpochMember> {
    const key = `${consumerGroup.toLowerCase()}/${partition}`;
    let set = this.receivers.get(key);
    if (!set) this.receivers.set(key, (set = new Set()));
    return set;
  }

  close(): void {
    for (const p of this.partitions) p.close();
  }
}

export class Namespace {
  private readonly hubs = new Map<string, Hub>();

  constructor(
    configs: HubConfig[],
    retention: Required<RetentionConfig>,
    nowMs: number,
    dataDir?: string,
    segmentBytes?: number,
  ) {
    for (const c of configs) {
      this.hubs.set(c.name.toLowerCase(), new Hub(c, retention, nowMs, dataDir, segmentBytes));
    }
  }

  find(name: string): Hub | undefined {
    return this.hubs.get(name.toLowerCase());
  }

  all(): Iterable<Hub> {
    return this.hubs.values();
  }

  applyRetention(nowMs: number): void {
    for (const hub of this.hubs.values()) for (const p of hub.partitions) p.applyRetention(nowMs);
  }

  close(): void {
    for (const hub of this.hubs.values()) hub.close();
  }
}
