export type { BodyValidation, JsonSchema } from './json-schema.ts';
export { compileSchema, schemaReasons } from './json-schema.ts';
export type { EventTypeEntry, SchemaVersion, Upcaster } from './registry.ts';
export { EVENT_REGISTRY, REGISTERED_TYPES, registryEntry, upcast } from './registry.ts';
export type { DeclaredType, EventValidation, EventValidationContext } from './validate-event.ts';
export { validateEvent } from './validate-event.ts';
export type { TelemetryEvent, ValidEvent } from './telemetry-event.ts';
export { toTelemetryEvent } from './telemetry-event.ts';
