// Errors carry the status, substatus and `code` string the service would answer with.

const CODES: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'RequestEntityTooLarge',
  424: 'FailedDependency',
  500: 'InternalServerError',
};

export class CosmosError extends Error {
  readonly status: number;
  readonly substatus: number | undefined;
  constructor(status: number, message: string, substatus?: number) {
    // An answer to the client, not a fault: no stack trace. Capturing one cost more than the rest of a 404
    // (view documents read before they exist, resent events answered 409 in bulk).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'CosmosError';
    this.status = status;
    this.substatus = substatus;
  }
  get code(): string {
    return CODES[this.status] ?? 'Error';
  }
}

export const badRequest = (message: string): CosmosError => new CosmosError(400, message);
export const notFound = (
  message = 'Entity with the specified id does not exist in the system.',
): CosmosError => new CosmosError(404, message);
export const conflict = (
  message = 'Entity with the specified id already exists in the system.',
): CosmosError => new CosmosError(409, message);
export const preconditionFailed = (): CosmosError =>
  new CosmosError(412, 'Operation cannot be performed because one of the specified precondition is not met.');
export const tooLarge = (): CosmosError => new CosmosError(413, 'Request size is too large.');
