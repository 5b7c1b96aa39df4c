// The lease document as stored: the format of Microsoft.Azure.Cosmos's change feed processor (and Java's), so a
// .NET processor and a Marquee processor with the same name on the same lease container are one fleet, and tools
// that read those leases (KEDA's azure-cosmosdb scaler, the .NET estimator) read ours. Pure: no I/O, no clock.
//
//   { "id": "<prefix>..<LeaseToken>", "version": 1, "LeaseToken": "<min>-<max>",
//     "FeedRange": { "Range": { "min": "", "max": "3F…" } }, "Owner": "host-a" | null,
//     "ContinuationToken": "\"42\"" | null, "timestamp": "2026-11-30T00:30:30.097Z",
//     "properties": { … }, "Mode": "Incremental Feed", "_etag": … }
//
// `version` 1 is the EPK-range lease (DocumentServiceLeaseCoreEpk), which Marquee creates; version 0 (the .NET
// processor's first leases, named after partition key range ids) is read and written back as version 0.
// `ContinuationToken` is the change feed's ETag for the lease's range, exactly what the .NET processor stores;
// Marquee turns it into the SDK's JSON continuation for that range and back. What only Marquee uses (a handover
// request, the ownership count, a continuation spanning several ranges after a split) goes in `properties`,
// which the .NET processor carries along unchanged when it renews or checkpoints.
import { etagLsn } from '../processing/changes.ts';
import { parseContinuation } from './splitting.ts';
import type { LeaseDocument } from './lease-document.ts';

export interface LeaseFormat {
  /** `${processorName}${endpointHost}_${databaseRid}_${containerRid}` (lease-prefix.ts). */
  readonly prefix: string;
  /** `_rid` of the monitored container: the SDK's continuation tokens carry it. */
  readonly containerRid: string;
  /** The `Mode` the .NET processor checks: "Incremental Feed" or "Full-Fidelity Feed". */
  readonly mode: string;
}

export type StoredLease = Record<string, unknown>;

const HANDOVER_TO = 'marquee.handoverTo';
const HANDOVER_FROM = 'marquee.handoverFrom';
const HANDOVER_AT = 'marquee.handoverAt';
const OWNERSHIP_VERSION = 'marquee.ownershipVersion';
const CONTINUATION = 'marquee.continuation';

/** A stored document of this processor as a LeaseDocument; undefined for anything else (info, lock, others). */
export function decodeLease(doc: unknown, format: LeaseFormat): LeaseDocument | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as StoredLease;
  if (typeof d.id !== 'string' || !d.id.startsWith(`${format.prefix}..`)) return undefined;
  if (typeof d.LeaseToken !== 'string') return undefined;
  const range = (d.FeedRange as { Range?: { min?: unknown; max?: unknown } } | undefined)?.Range;
  if (typeof range?.min !== 'string' || typeof range.max !== 'string') return undefined;
  const feedRange = { minInclusive: range.min, maxExclusive: range.max };
  const owner = typeof d.Owner === 'string' ? d.Owner : null;
  const props = propertiesOf(d);
  // A request made of an earlier owner is void: the .NET processor copies properties when it takes a lease.
  const handoverTo =
    props[HANDOVER_TO] !== undefined && props[HANDOVER_FROM] === owner ? props[HANDOVER_TO] : null;
  return {
    id: d.id,
    leaseToken: d.LeaseToken,
    feedRange,
    owner,
    continuation: continuationOf(d, props, feedRange, format),
    timestamp: timestampOf(d),
    handoverTo,
    handoverAt: handoverTo === null ? null : Number(props[HANDOVER_AT] ?? 0),
    ownershipVersion: Number(props[OWNERSHIP_VERSION] ?? 0),
    ...(typeof d._etag === 'string' ? { _etag: d._etag } : {}),
    stored: d,
  };
}

/** The document to store for `lease`, keeping whatever the stored version had that the model does not carry. */
export function encodeLease(lease: LeaseDocument, format: LeaseFormat): StoredLease {
  const base: StoredLease = {};
  for (const [key, value] of Object.entries(lease.stored ?? {})) if (!key.startsWith('_')) base[key] = value;
  const props: Record<string, string> = {};
  for (const [key, value] of Object.entries(propertiesOf(base)))
    if (!key.startsWith('marquee.')) props[key] = value;
  if (lease.handoverTo !== null) {
    props[HANDOVER_TO] = lease.handoverTo;
    props[HANDOVER_FROM] = lease.owner ?? '';
    props[HANDOVER_AT] = String(lease.handoverAt ?? 0);
  }
  if (lease.ownershipVersion > 0) props[OWNERSHIP_VERSION] = String(lease.ownershipVersion);
  const etag = etagOf(lease.continuation);
  const entries = parseContinuation(lease.continuation)?.Continuation ?? [];
  if (entries.length > 1) props[CONTINUATION] = JSON.stringify({ etag, token: lease.continuation });
  return {
    ...base,
    id: lease.id,
    version: typeof base.version === 'number' ? base.version : 1,
    LeaseToken: lease.leaseToken,
    FeedRange: { Range: { min: lease.feedRange.minInclusive, max: lease.feedRange.maxExclusive } },
    Owner: lease.owner,
    ContinuationToken: etag,
    timestamp: new Date(lease.timestamp).toISOString(),
    properties: props,
    Mode: typeof base.Mode === 'string' ? base.Mode : format.mode,
  };
}

/**
 * The ETag to store as `ContinuationToken`: the only entry's, or for a continuation spanning several ranges (a
 * split met by the SDK, about to be turned into child leases) the oldest entry's, so a .NET reader resuming from
 * it re-reads rather than skips. (Per-range ETags are LSNs; the smallest is the earliest position.)
 */
export function etagOf(continuation: string | null): string | null {
  const entries = parseContinuation(continuation)?.Continuation ?? [];
  const tokens = entries.map((e) => e.continuationToken).filter((t): t is string => t !== null && t !== '');
  if (tokens.length <= 1) return tokens[0] ?? null;
  return [...tokens].sort((a, b) => lsnOrLast(a) - lsnOrLast(b))[0] ?? null;
}

/** The SDK's continuation for one range resuming after `etag` (what `ChangeFeedStartFrom.Continuation` takes). */
export function sdkContinuation(
  containerRid: string,
  range: LeaseDocument['feedRange'],
  etag: string,
): string {
  return JSON.stringify({
    rid: containerRid,
    Continuation: [
      { minInclusive: range.minInclusive, maxExclusive: range.maxExclusive, continuationToken: etag },
    ],
  });
}

function continuationOf(
  d: StoredLease,
  props: Record<string, string>,
  range: LeaseDocument['feedRange'],
  format: LeaseFormat,
): string | null {
  const etag =
    typeof d.ContinuationToken === 'string' && d.ContinuationToken !== '' ? d.ContinuationToken : null;
  const kept = props[CONTINUATION];
  if (kept !== undefined) {
    // Ours, unless someone checkpointed the lease since we wrote it (then ContinuationToken moved on).
    const parsed = JSON.parse(kept) as { etag?: string | null; token?: string };
    if (parsed.etag === etag && typeof parsed.token === 'string') return parsed.token;
  }
  return etag === null ? null : sdkContinuation(format.containerRid, range, etag);
}

/** `timestamp` as the .NET processor writes it (an ISO date); when absent, the server's `_ts`. */
function timestampOf(d: StoredLease): number {
  if (typeof d.timestamp === 'string') {
    const ms = Date.parse(d.timestamp);
    if (!Number.isNaN(ms)) return ms;
  }
  if (typeof d.timestamp === 'number') return d.timestamp;
  return typeof d._ts === 'number' ? d._ts * 1000 : 0;
}

function propertiesOf(d: StoredLease): Record<string, string> {
  const props = d.properties;
  if (typeof props !== 'object' || props === null) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) if (typeof value === 'string') out[key] = value;
  return out;
}

function lsnOrLast(etag: string): number {
  return etagLsn(etag) ?? Number.POSITIVE_INFINITY;
}
