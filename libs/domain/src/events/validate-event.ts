// Ingest's single entry point for every event type: which type and version the producer declared, the
// registry's verdict on the body, and the data upcast to the current version. An unknown type or version is
// refused with a reason like any other invalid event, so it takes the one dead-letter path.
import type { RawBody } from '../orders/raw-body.ts';
import { REGISTERED_TYPES, registryEntry, upcast } from './registry.ts';

/** What the producer said the event is (application properties `type` and `schemaVersion`), if anything. */
export interface DeclaredType {
  type?: unknown;
  schemaVersion?: unknown;
}

export interface EventValidationContext {
  /** The ingest clock, passed in. */
  now: Date;
  /** The type of an event that declares none (the orders hub: Contoso's site sends bare orders). */
  defaultType?: string | undefined;
}

export type EventValidation =
  | { ok: true; type: string; receivedVersion: number; schemaVersion: number; data: Record<string, unknown> }
  | { ok: false; reasons: string[] };

const shown = (value: unknown): string => JSON.stringify(String(value).slice(0, 100));

/** AMQP application properties may carry the version as a number or as text. Absent means version 1. */
function versionOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return 1;
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
  return Number.isSafeInteger(n) && (n as number) >= 1 ? (n as number) : undefined;
}

/**
 * Validates one event against the registry. Reasons lead with a stable sentence (dead letters are grouped
 * and counted by the first reason) and name the offending value in the next one. Never throws.
 */
export function validateEvent(
  raw: RawBody,
  declared: DeclaredType,
  context: EventValidationContext,
): EventValidation {
  const type = declared.type ?? context.defaultType;
  const entry = typeof type === 'string' ? registryEntry(type) : undefined;
  if (entry === undefined || typeof type !== 'string') {
    const first =
      type === undefined
        ? 'event type missing: set the application property type'
        : 'event type is not registered';
    const known = `registered types: ${REGISTERED_TYPES.join(', ')}`;
    return {
      ok: false,
      reasons: type === undefined ? [first, known] : [first, `type was ${shown(type)}`, known],
    };
  }
  const version = versionOf(declared.schemaVersion);
  const schema = version === undefined ? undefined : entry.versions[version];
  if (version === undefined || schema === undefined) {
    return {
      ok: false,
      reasons: [
        `${type} schema version is not registered`,
        `schemaVersion was ${shown(declared.schemaVersion)}; registered: ${Object.keys(entry.versions).join(', ')}`,
      ],
    };
  }
  const result = schema.validate(raw, context.now);
  if (!result.ok) return result;
  try {
    const data = upcast(entry, version, result.data);
    return { ok: true, type, receivedVersion: version, schemaVersion: entry.current, data };
  } catch (err) {
    return { ok: false, reasons: [`${type} v${version} could not be upcast: ${String(err).slice(0, 200)}`] };
  }
}
