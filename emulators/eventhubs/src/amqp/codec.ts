// Just enough of the AMQP 1.0 type system to walk encoded bytes without decoding them. The emulator stores and
// forwards events as the producer encoded them, so it only ever needs to find boundaries, read a few strings and
// write a handful of scalar types.

/** Section descriptor codes (AMQP 1.0 part 3.2). */
export const SECTION = {
  header: 0x70,
  deliveryAnnotations: 0x71,
  messageAnnotations: 0x72,
  properties: 0x73,
  applicationProperties: 0x74,
  data: 0x75,
  amqpSequence: 0x76,
  amqpValue: 0x77,
  footer: 0x78,
} as const;

export class MalformedAmqpError extends Error {
  override name = 'MalformedAmqpError';
}

/** Index just past the encoded value that starts at `pos` (constructor included). */
export function valueEnd(buf: Buffer, pos: number): number {
  const code = buf[pos];
  if (code === undefined) throw new MalformedAmqpError(`truncated value at ${pos}`);
  if (code === 0x00) return valueEnd(buf, valueEnd(buf, pos + 1));
  let end: number;
  switch (code >> 4) {
    case 0x4:
      end = pos + 1;
      break;
    case 0x5:
      end = pos + 2;
      break;
    case 0x6:
      end = pos + 3;
      break;
    case 0x7:
      end = pos + 5;
      break;
    case 0x8:
      end = pos + 9;
      break;
    case 0x9:
      end = pos + 17;
      break;
    case 0xa:
    case 0xc:
    case 0xe:
      end = pos + 2 + byteAt(buf, pos + 1);
      break;
    case 0xb:
    case 0xd:
    case 0xf:
      if (pos + 5 > buf.length) throw new MalformedAmqpError(`truncated size at ${pos}`);
      end = pos + 5 + buf.readUInt32BE(pos + 1);
      break;
    default:
      throw new MalformedAmqpError(`unknown type code 0x${code.toString(16)} at ${pos}`);
  }
  if (end > buf.length) throw new MalformedAmqpError(`value at ${pos} runs past the end`);
  return end;
}

function byteAt(buf: Buffer, pos: number): number {
  const b = buf[pos];
  if (b === undefined) throw new MalformedAmqpError(`truncated at ${pos}`);
  return b;
}

/** Where the payload of a binary/string/symbol value starts and ends; undefined for other types. */
export function variableSpan(buf: Buffer, pos: number): { start: number; end: number } | undefined {
  const code = buf[pos];
  if (code === 0xa0 || code === 0xa1 || code === 0xa3) return { start: pos + 2, end: valueEnd(buf, pos) };
  if (code === 0xb0 || code === 0xb1 || code === 0xb3) return { start: pos + 5, end: valueEnd(buf, pos) };
  return undefined;
}

/** Reads a string or symbol value as text; undefined for any other type (null included). */
export function readText(buf: Buffer, pos: number): string | undefined {
  const span = variableSpan(buf, pos);
  if (!span || buf[pos] === 0xa0 || buf[pos] === 0xb0) return undefined;
  return buf.toString('utf8', span.start, span.end);
}

/** The section code of the described value at `pos` when its descriptor is a small ulong or ulong. */
export function sectionCode(buf: Buffer, pos: number): number | undefined {
  if (buf[pos] !== 0x00) throw new MalformedAmqpError(`expected a section at ${pos}`);
  const d = buf[pos + 1];
  if (d === 0x53) return buf[pos + 2];
  if (d === 0x80 && pos + 10 <= buf.length && buf.readUInt32BE(pos + 2) === 0)
    return buf.readUInt32BE(pos + 6);
  return undefined;
}

/** Index of the section's value (after the `0x00 descriptor` prefix). */
export function sectionValueStart(buf: Buffer, pos: number): number {
  return valueEnd(buf, pos + 1);
}

/** Calls `visit(keyPos, valuePos, valueEnd)` for each entry of the map encoded at `pos`. */
export function forEachMapEntry(
  buf: Buffer,
  pos: number,
  visit: (keyPos: number, valuePos: number, end: number) => void,
): void {
  const code = buf[pos];
  let cursor: number;
  let count: number;
  if (code === 0xc1) {
    count = byteAt(buf, pos + 2);
    cursor = pos + 3;
  } else if (code === 0xd1) {
    if (pos + 9 > buf.length) throw new MalformedAmqpError(`truncated map at ${pos}`);
    count = buf.readUInt32BE(pos + 5);
    cursor = pos + 9;
  } else if (code === 0x40) {
    return;
  } else {
    throw new MalformedAmqpError(`expected a map at ${pos}`);
  }
  const end = valueEnd(buf, pos);
  for (let i = 0; i + 1 < count; i += 2) {
    const valuePos = valueEnd(buf, cursor);
    const next = valueEnd(buf, valuePos);
    if (next > end) throw new MalformedAmqpError(`map entry past the map end at ${cursor}`);
    visit(cursor, valuePos, next);
    cursor = next;
  }
}

// Writers. Each returns the position after what it wrote; callers size buffers with the matching `*Size`.

const TWO_32 = 2 ** 32;

export function writeLong(buf: Buffer, pos: number, typeCode: 0x81 | 0x83, value: number): number {
  buf[pos] = typeCode;
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, pos + 1);
  buf.writeUInt32BE(value - hi * TWO_32, pos + 5);
  return pos + 9;
}

export function symbolSize(asciiLength: number): number {
  return asciiLength < 256 ? 2 + asciiLength : 5 + asciiLength;
}

/** Writes an ASCII symbol (all our keys are ASCII, so byte length equals string length). */
export function writeSymbol(buf: Buffer, pos: number, text: string): number {
  if (text.length < 256) {
    buf[pos] = 0xa3;
    buf[pos + 1] = text.length;
    return pos + 2 + buf.write(text, pos + 2, 'latin1');
  }
  buf[pos] = 0xb3;
  buf.writeUInt32BE(text.length, pos + 1);
  return pos + 5 + buf.write(text, pos + 5, 'latin1');
}

export function asciiStringSize(asciiLength: number): number {
  return symbolSize(asciiLength);
}

/** Writes an ASCII-only string as str8/str32. */
export function writeAsciiString(buf: Buffer, pos: number, text: string): number {
  const end = writeSymbol(buf, pos, text);
  buf[pos] = text.length < 256 ? 0xa1 : 0xb1;
  return end;
}

/** Bytes of `0x00 0x53 code` + map32 header. */
export const MAP_SECTION_OVERHEAD = 3 + 9;

/** Writes a map section header; `bodySize` is the size of the encoded entries, `items` keys plus values. */
export function writeMapSectionHeader(
  buf: Buffer,
  pos: number,
  code: number,
  bodySize: number,
  items: number,
): number {
  buf[pos] = 0x00;
  buf[pos + 1] = 0x53;
  buf[pos + 2] = code;
  buf[pos + 3] = 0xd1;
  buf.writeUInt32BE(bodySize + 4, pos + 4);
  buf.writeUInt32BE(items, pos + 8);
  return pos + 12;
}
