// The selector filter a receiver attaches with, and where it makes delivery start. Pure.
//   amqp.annotation.x-opt-offset > '-1'            earliest
//   amqp.annotation.x-opt-offset > '@latest'       latest
//   amqp.annotation.x-opt-offset >[=] '<offset>'
//   amqp.annotation.x-opt-sequence-number >[=] '<n>'
//   amqp.annotation.x-opt-enqueued-time >[=] '<ms since epoch>'
// The JS SDK quotes the value; the .NET SDK does not (`x-opt-offset > -1`), so both forms are accepted.
// Offsets are sequence numbers as decimal strings (see amqp/stored.ts).

export type StartPosition =
  | { kind: 'offset'; value: string; inclusive: boolean }
  | { kind: 'sequenceNumber'; value: number; inclusive: boolean }
  | { kind: 'enqueuedTime'; value: number; inclusive: boolean };

export class InvalidFilterError extends Error {
  override name = 'InvalidFilterError';
}

const FILTER =
  /^\s*amqp\.annotation\.(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\s*(>=|>)\s*(?:'([^']*)'|([^\s']+))\s*$/i;

/** Parses a selector filter; no filter at all means the start of the partition. */
export function parseStartFilter(filter: string | undefined): StartPosition {
  if (filter === undefined) return { kind: 'offset', value: '-1', inclusive: false };
  const m = FILTER.exec(filter);
  if (!m) throw new InvalidFilterError(`unsupported filter expression: ${filter}`);
  const [, field = '', op, quoted, bare] = m;
  const raw = quoted ?? bare ?? '';
  const inclusive = op === '>=';
  switch (field.toLowerCase()) {
    case 'x-opt-offset':
      return { kind: 'offset', value: raw, inclusive };
    case 'x-opt-sequence-number':
      return { kind: 'sequenceNumber', value: integer(raw, filter), inclusive };
    default:
      return { kind: 'enqueuedTime', value: integer(raw, filter), inclusive };
  }
}

function integer(raw: string, filter: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(n))
    throw new InvalidFilterError(`not an integer in: ${filter}`);
  return n;
}

export interface PartitionBounds {
  firstSequenceNumber: number;
  nextSequenceNumber: number;
  firstAfterTime(timeMs: number): number;
}

export class PositionOutOfRangeError extends Error {
  override name = 'PositionOutOfRangeError';
}

/** Sequence number delivery starts at. Positions before the earliest retained event start at the earliest. */
export function resolveStart(position: StartPosition, bounds: PartitionBounds): number {
  let start: number;
  if (position.kind === 'enqueuedTime') {
    start = bounds.firstAfterTime(position.inclusive ? position.value - 1 : position.value);
  } else if (position.kind === 'offset' && position.value === '@latest') {
    start = bounds.nextSequenceNumber;
  } else if (position.kind === 'offset' && position.value === '-1') {
    start = bounds.firstSequenceNumber;
  } else {
    const n =
      position.kind === 'offset' ? integer(position.value, `offset '${position.value}'`) : position.value;
    start = position.inclusive ? n : n + 1;
    if (start > bounds.nextSequenceNumber) {
      const what = position.kind === 'offset' ? 'offset' : 'sequence number';
      throw new PositionOutOfRangeError(
        `The supplied ${what} '${n}' is invalid. The last ${what} in the system is '${bounds.nextSequenceNumber - 1}'.`,
      );
    }
  }
  return Math.max(start, bounds.firstSequenceNumber);
}
