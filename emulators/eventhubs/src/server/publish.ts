// A transfer on a publishing link: size check, split into events, route, append, settle.
import rhea, { type Delivery } from 'rhea';
import type { Logger } from 'pino';
import type { Hub } from '../hub/hub.ts';
import { MalformedAmqpError } from '../amqp/codec.ts';
import { parseTransfer } from '../amqp/incoming.ts';
import { decodeError, messageSizeExceeded } from './errors.ts';
import { MAX_MESSAGE_SIZE } from './links.ts';

// rhea decodes a format-0 transfer before handing it over, and encoding it again loses AMQP types (a .NET
// producer's int property came back as uint). So the bytes rhea decoded from are kept on the decoded message,
// and the event is stored exactly as sent whatever its format.
const RAW = Symbol('marquee.rawTransfer');
const decode = rhea.message.decode;
rhea.message.decode = (buffer: Buffer) => {
  const decoded = decode(buffer);
  Object.defineProperty(decoded, RAW, { value: buffer });
  return decoded;
};

function transferBytes(message: unknown): Buffer {
  if (Buffer.isBuffer(message)) return message;
  const raw = (message as { [RAW]?: Buffer } | undefined)?.[RAW];
  return raw ?? rhea.message.encode(message);
}

export function publish(
  hub: Hub,
  partition: number | undefined,
  message: unknown,
  format: number,
  delivery: Delivery,
  log: Logger,
): void {
  // With a non-zero message format rhea hands over the raw payload; format 0 arrives decoded.
  const buf = transferBytes(message);
  if (buf.length > MAX_MESSAGE_SIZE) {
    delivery.reject(messageSizeExceeded(buf.length, MAX_MESSAGE_SIZE));
    return;
  }
  try {
    const batch = parseTransfer(buf, format);
    hub.partitions[partition ?? hub.route(batch.partitionKey)]!.append(batch, Date.now());
  } catch (err) {
    if (err instanceof MalformedAmqpError) {
      log.warn({ err }, 'malformed message rejected');
      delivery.reject(decodeError(err.message));
    } else {
      // e.g. the data directory failed a write: the producer gets an error, the emulator keeps running.
      log.error({ err }, 'could not store a published message');
      delivery.reject({ condition: 'amqp:internal-error', description: String((err as Error).message) });
    }
    return;
  }
  delivery.accept();
}
