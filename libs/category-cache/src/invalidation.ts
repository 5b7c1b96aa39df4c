// The message cache-sync publishes after each refresh; readers drop their in-process copy when they get one.

export const DEFAULT_INVALIDATION_CHANNEL = 'marquee:categories:invalidated';

export interface InvalidationMessage {
  version: number;
  writeId: string;
  /** ISO instant the refreshed list was written; readers use it to measure how late the message came. */
  writtenAt: string;
  /** Why cache-sync refreshed: a change, the start-up load, the sweep, Redis coming back. */
  reason: string;
}

export function encodeInvalidation(message: InvalidationMessage): string {
  return JSON.stringify(message);
}

/** Tolerant: a message that cannot be parsed still invalidates (the version is then unknown). */
export function decodeInvalidation(raw: string): Partial<InvalidationMessage> {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
