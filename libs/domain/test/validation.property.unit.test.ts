// Property-based: validation is total (never throws, classifies every payload) and whatever it accepts can be
// enveloped, folded into every view and counted in cents without throwing. Seeded, so a failure replays.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  catalogLookup,
  categoryRanking,
  foldEvents,
  generateCatalog,
  groupByKey,
  project,
  VIEW_DEFINITIONS,
  VIEW_KINDS,
  orderLinesCents,
  orderTotalCents,
  orderUnits,
  toDeadLetter,
  toStoredEvent,
  topN,
  validateOrder,
  type Order,
  type AnyViewDefinition,
} from '../src/index.ts';
import { hostileBody, validOrder, withHostileField } from './arbitraries.ts';
import { SOURCE } from './fixtures.ts';

const now = new Date('2026-11-30T00:00:00.000Z');
const lookup = catalogLookup(generateCatalog());
const params = { seed: 19, numRuns: 300 };

/** Everything the pipeline does with an accepted order; throws if any step does. */
function projectEverywhere(order: Order): void {
  const event = toStoredEvent(order, { receivedAt: now, source: SOURCE });
  JSON.stringify(event);
  for (const cents of [orderTotalCents(order), orderLinesCents(order), orderUnits(order)]) {
    assert.ok(Number.isSafeInteger(cents), `not an exact count: ${cents}`);
  }
  const ctx = { categoryOf: lookup.categoryOf, timeZone: 'Asia/Kolkata' };
  for (const kind of VIEW_KINDS) {
    const definition: AnyViewDefinition = VIEW_DEFINITIONS[kind];
    project(definition, [event], { ...ctx, timeZone: 'America/New_York' });
    for (const [id, group] of groupByKey(definition, [event, event], ctx)) {
      const doc = definition.merge(foldEvents(definition, id, group, ctx), definition.initial(id, ctx));
      assert.ok(
        /^[a-z-]+(-\d{4}-\d{2}-\d{2}(T\d{2}(--?\d+)?)?|-?\d+)?$/.test(doc.id) && definition.isExact(doc),
        doc.id,
      );
      if (doc.kind === 'top-movies') topN(doc, 10, lookup.movieInfo);
      if (doc.kind === 'categories') categoryRanking(doc, new Map([[28, 'Action']]));
    }
  }
}

/** Validates, and checks the answer is a classification: an order, or reasons that are short strings. */
function classify(raw: unknown): Order | undefined {
  const result = validateOrder(raw, { now });
  if (result.ok) return result.order;
  assert.ok(result.reasons.length > 0, 'a rejection names its reasons');
  for (const reason of result.reasons) {
    assert.equal(typeof reason, 'string');
    assert.doesNotMatch(reason, /could not be validated/, 'validation itself threw');
  }
  const letter = toDeadLetter(raw, result.reasons, { receivedAt: now, source: SOURCE });
  assert.ok(letter.reasons.length <= 21);
  return undefined;
}

describe('validateOrder: properties', () => {
  test('every order within the bounds is accepted, and projects without throwing', () => {
    fc.assert(
      fc.property(validOrder(now), (order) => {
        const accepted = classify(order);
        assert.ok(accepted, `rejected: ${JSON.stringify(validateOrder(order, { now }))}`);
        projectEverywhere(accepted);
      }),
      params,
    );
  });

  test('a valid order with one field made hostile is classified, and projects if accepted', () => {
    fc.assert(
      fc.property(withHostileField(now), (raw) => {
        const accepted = classify(raw);
        if (accepted) projectEverywhere(accepted);
      }),
      { ...params, numRuns: 1_000 },
    );
  });

  test('any hostile payload, as a value, JSON text or bytes, is classified, and projects if accepted', () => {
    fc.assert(
      fc.property(hostileBody(), (raw) => {
        const accepted = classify(raw);
        if (accepted) projectEverywhere(accepted);
      }),
      { ...params, numRuns: 500 },
    );
  });
});
