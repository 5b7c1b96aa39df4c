// Why the event id is derived, not random: Event Hubs delivers at least once and the website may retry a
// send, so the same purchase can arrive twice. Using a deterministic id as the Cosmos document id lets the
// store refuse the second copy (create → 409), and the views count each order once.
//  - PaymentTransactionId identifies the purchase itself, so a resend is caught even if a volatile field
//    (SMSStatus, HasBeenShipped) changed in between.
//  - Without it, the SHA-256 of the canonical JSON catches byte-for-byte resends, whatever the key order or
//    whitespace.
// Cosmos ids may not contain '/', '\', '?' or '#' and are at most 255 characters, so a transaction id that
// breaks those rules is hashed (`ptx:` + SHA-256) instead of used as is: still one id per transaction.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

const MAX_COSMOS_ID_LENGTH = 255;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we are looking for
const UNSAFE_FOR_COSMOS_ID = /[/\\?#\u0000-\u001f\u007f]/;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The stored id of an order event (see the comment at the top of this file for the rule and the why). */
export function orderEventId(order: Readonly<Record<string, unknown>>): string {
  const transactionId = order.PaymentTransactionId;
  if (typeof transactionId === 'string') {
    const trimmed = transactionId.trim();
    if (trimmed !== '') {
      const usable = trimmed.length <= MAX_COSMOS_ID_LENGTH && !UNSAFE_FOR_COSMOS_ID.test(trimmed);
      return usable ? trimmed : `ptx:${sha256Hex(trimmed)}`;
    }
  }
  return `sha256:${sha256Hex(canonicalJson(order))}`;
}
