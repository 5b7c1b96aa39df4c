// Marquee's one error vocabulary. Libraries throw these; the API maps them once to problem+json
// (services/api), workers log them. `code` is the stable discriminant; `status` the HTTP meaning.

export type ErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unavailable'
  | 'config';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'payload-too-large': 413,
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

/** A configuration problem found at start: names every missing or invalid setting at once. */
export class ConfigError extends MarqueeError {
  constructor(problems: readonly string[]) {
    super('config', `invalid configuration:\n  - ${problems.join('\n  - ')}`, { details: problems });
    this.name = 'ConfigError';
  }
}
