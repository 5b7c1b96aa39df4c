// A bound on the shape of the whole event, extra fields included, checked before anything walks it
// recursively. A valid order with one field nested 10,000 levels deep once overflowed the Cosmos SDK's
// size calculation on every retry; a value JSON cannot carry (NaN, a Date, bytes from an AMQP map) would
// be silently changed on its way to the store. The walk is iterative and stops at the value budget, so a
// hostile event costs a bounded amount of work whatever its size.
import { ORDER_BOUNDS } from './bounds.ts';

const isPlainRecord = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Every shape problem of the event (at most one of each kind), or none. */
export function checkShape(event: unknown): string[] {
  const { maxDepth, maxValues, maxStringLength } = ORDER_BOUNDS;
  const problems = new Set<string>();
  // Two parallel stacks, not a [value, depth] pair per value: ingest walks every event it reads, and the
  // pairs were most of the garbage validation made.
  const stack: unknown[] = [event];
  const depths: number[] = [1];
  let values = 0;
  const checkString = (text: string): void => {
    if (text.length > maxStringLength)
      problems.add(`event holds a string longer than ${maxStringLength} characters`);
    else if (!text.isWellFormed()) problems.add('event holds text that is not well-formed Unicode');
  };
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop() as number;
    if (++values > maxValues) {
      problems.add(`event holds more than ${maxValues} values`);
      break;
    }
    // undefined is what JSON.stringify leaves out: absent, as in the store.
    if (value === undefined || value === null || typeof value === 'boolean') continue;
    if (typeof value === 'string') checkString(value);
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) problems.add('event holds a number JSON cannot carry');
    } else if (typeof value !== 'object')
      problems.add(`event holds a value of type ${typeof value}, which JSON cannot carry`);
    else if (!Array.isArray(value) && !isPlainRecord(value))
      problems.add('event holds an object JSON cannot carry');
    else if (depth > maxDepth) problems.add(`event nests deeper than ${maxDepth} levels`);
    else if (Array.isArray(value)) {
      // Holes (sparse arrays) read as undefined and are reported as such.
      for (let i = value.length - 1; i >= 0 && stack.length <= maxValues; i--) {
        stack.push(value[i]);
        depths.push(depth + 1);
      }
    } else {
      for (const key of Object.keys(value)) {
        values++;
        checkString(key);
        stack.push((value as Record<string, unknown>)[key]);
        depths.push(depth + 1);
        if (stack.length > maxValues) break;
      }
    }
  }
  return problems.size === 0 ? [] : [...problems];
}
