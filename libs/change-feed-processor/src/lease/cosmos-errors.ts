// Reading status codes off @azure/cosmos errors (ErrorResponse carries `code` and `substatus`). The processor
// keeps this small reader instead of importing @marquee/platform's statusOf: it is a general library (a port
// of the .NET change feed processor, sharing its lease format) that depends on the Cosmos SDK and pino only,
// and it makes no bulk calls, so it never meets the wrapped errors platform's reader follows causes for.

export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code =
    (error as { code?: unknown; statusCode?: unknown }).code ??
    (error as { statusCode?: unknown }).statusCode;
  const n = typeof code === 'string' ? Number(code) : code;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export function isStatus(error: unknown, status: number): boolean {
  return statusOf(error) === status;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
