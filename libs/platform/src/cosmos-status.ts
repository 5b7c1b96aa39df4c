// Reading the HTTP status off an @azure/cosmos error. ErrorResponse carries it as `code` (a number), some
// responses as `statusCode`; network errors carry string codes (`ECONNRESET`), which are not statuses.

/** The status of a Cosmos error, undefined when the error is not an HTTP answer. */
export function cosmosStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { statusCode, code } = err as { statusCode?: unknown; code?: unknown };
  for (const value of [statusCode, code]) {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^\d{3}$/.test(value)) return Number(value);
  }
  return undefined;
}

/** True when the store answered with this status (404, 409, 412, …). */
export const isCosmosStatus = (err: unknown, status: number): boolean => cosmosStatus(err) === status;
