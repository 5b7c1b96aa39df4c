// Marquee's one error vocabulary. Libraries throw these where a caller must tell one failure from another;
// the API maps them once to problem+json (services/api/src/plugins/problem-details.ts), workers log them.
// `code` is the stable discriminant; `status` the HTTP meaning. Plain Errors remain for programmer errors and
// assertions (a caller cannot act on those, only fix the code), and in the libraries that do not depend on
// platform (domain, category-cache, change-feed-processor).

export type ErrorCode =
  'validation' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable' | 'config';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  config: 500,
};

export class MarqueeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Details safe to show a caller (e.g. every validation reason). */
  readonly details: readonly string[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'MarqueeError';
    this.code = code;
    this.status = STATUS[code];
    this.details = options.details ?? [];
  }
}

export const validationError = (message: string, reasons: readonly string[]): MarqueeError =>
  new MarqueeError('validation', message, { details: reasons });
export const notFound = (message: string): MarqueeError => new MarqueeError('not-found', message);
export const conflict = (message: string): MarqueeError => new MarqueeError('conflict', message);
export const unauthorized = (message: string): MarqueeError => new MarqueeError('unauthorized', message);
export const forbidden = (message: string): MarqueeError => new MarqueeError('forbidden', message);
export const unavailable = (message: string, cause?: unknown): MarqueeError =>
  new MarqueeError('unavailable', message, { cause });

export function isMarqueeError(err: unknown): err is MarqueeError {
  return err instanceof MarqueeError;
}

/**
 * A write guarded by an ETag lost its race every time it was tried: someone else kept changing the document.
 * Transient by nature (the next try reads the newer version), so `isTransient` says so; over HTTP it is a 409.
 */
export class ConcurrencyError extends MarqueeError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('conflict', message, options);
    this.name = 'ConcurrencyError';
  }
}

/** A configuration problem found at start: names every missing or invalid setting at once. */
export class ConfigError extends MarqueeError {
  constructor(problems: readonly string[]) {
    super('config', `invalid configuration:\n  - ${problems.join('\n  - ')}`, { details: problems });
    this.name = 'ConfigError';
  }
}
