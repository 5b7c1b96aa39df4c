// AMQP error conditions the service uses, chosen so the SDK's translate() gives the same error names
// (see @azure/core-amqp errors.js ConditionErrorNameMapper).
export interface AmqpError {
  condition: string;
  description: string;
}

export function entityNotFound(entity: string): AmqpError {
  // The SDK turns this description pattern into MessagingEntityNotFoundError.
  return { condition: 'amqp:not-found', description: `The messaging entity '${entity}' could not be found.` };
}

export function argumentOutOfRange(description: string): AmqpError {
  return { condition: 'com.microsoft:argument-out-of-range', description };
}

export function argumentError(description: string): AmqpError {
  return { condition: 'com.microsoft:argument-error', description };
}

export function linkStolen(description: string): AmqpError {
  return { condition: 'amqp:link:stolen', description };
}

export function messageSizeExceeded(size: number, max: number): AmqpError {
  return {
    condition: 'amqp:link:message-size-exceeded',
    description: `The received message (size ${size} bytes) exceeds the limit (${max} bytes) currently allowed on the link.`,
  };
}

export function decodeError(description: string): AmqpError {
  return { condition: 'amqp:decode-error', description };
}

export function notImplemented(description: string): AmqpError {
  return { condition: 'amqp:not-implemented', description };
}
