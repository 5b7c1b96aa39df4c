import { Type, type Static } from 'typebox';

const Instant = Type.String({ format: 'date-time' });

export const PipelineQuery = Type.Object({
  minutes: Type.Integer({
    minimum: 5,
    maximum: 60,
    default: 30,
    description: 'how many minutes of dead letters per minute (5–60)',
  }),
});

export const PipelineUnit = Type.Object({
  instance: Type.String({ description: 'the worker instance that owns the unit' }),
  unit: Type.String({ description: 'Event Hubs partition id or change feed lease token' }),
  group: Type.Optional(Type.String({ description: "what the unit belongs to (the projector's view)" })),
  lag: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'work not done yet, in lagUnit (null: not known yet)',
  }),
  lagUnit: Type.Union([Type.Literal('events'), Type.Literal('lsn')], {
    description: 'events: enqueued beyond the last checkpoint; lsn: change feed positions behind the head',
  }),
  lagSeconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'age of the newest change handled, when known',
  }),
  stuckSeconds: Type.Integer({ minimum: 0, description: 'work in hand and no progress for this long' }),
  stalled: Type.Boolean({ description: "past the worker's stall threshold (its /readyz is degraded)" }),
  lastProgressAt: Type.Union([Instant, Type.Null()]),
});
export type PipelineUnit = Static<typeof PipelineUnit>;

export const PipelineStage = Type.Object({
  stage: Type.String({ description: 'ingest, projector, cache-sync, exporter, …' }),
  status: Type.Union([Type.Literal('ok'), Type.Literal('stalled'), Type.Literal('not-reporting')], {
    description: 'stalled: some unit is stalled; not-reporting: no live instance wrote its status',
  }),
  instances: Type.Integer({ minimum: 0 }),
  /** Longest stall among the units, seconds. */
  stalledForSeconds: Type.Integer({ minimum: 0 }),
  units: Type.Array(PipelineUnit),
});
export type PipelineStage = Static<typeof PipelineStage>;

export const DeadLetterMinute = Type.Object({
  minute: Instant,
  count: Type.Integer({ minimum: 0 }),
});

export const PipelineReport = Type.Object({
  generatedAt: Instant,
  stages: Type.Array(PipelineStage),
  deadLetters: Type.Object({
    perMinute: Type.Array(DeadLetterMinute, { description: 'oldest first, the current minute last' }),
    total: Type.Integer({ minimum: 0, description: 'dead letters in the window' }),
    capped: Type.Boolean({ description: 'more than the api counts per request: the counts are a floor' }),
  }),
});
export type PipelineReport = Static<typeof PipelineReport>;
