// The one place that reads an HTTP status off an Azure SDK error. @azure/cosmos's ErrorResponse carries it as
// `code` (a number), other responses as `statusCode`; the SDK's bulk wraps the service's answer in a plain
// `Error("Bulk request errored with: …", { cause })`, so the status can be a level or two down. Network
// errors carry string codes (`ECONNRESET`), which are not statuses.

/** The error and the errors it wraps (a few levels at most). */
export function causeChain(err: unknown): object[] {
  const chain: object[] = [];
  for (
    let e = err;
    typeof e === 'object' && e !== null && chain.length < 5;
    e = (e as { cause?: unknown }).cause
  )
    chain.push(e);
  return chain;
}

/** The HTTP status an SDK error (or an error it wraps) carries, undefined when it is not an HTTP answer. */
export function statusOf(err: unknown): number | undefined {
  for (const e of causeChain(err) as { code?: unknown; statusCode?: unknown }[]) {
    if (typeof e.statusCode === 'number') return e.statusCode;
    if (typeof e.code === 'number') return e.code;
  }
  return undefined;
}

/** True when the store answered with this status (404, 409, 412, …). */
export const hasStatus = (err: unknown, status: number): boolean => statusOf(err) === status;
