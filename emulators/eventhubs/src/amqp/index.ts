export { MalformedAmqpError } from './codec.ts';
export { BATCH_MESSAGE_FORMAT, parseTransfer, type IncomingBatch, type IncomingEvent } from './incoming.ts';
export { offsetOf, storedSize, withRuntimeInfo, writeStored, type RuntimeInfo } from './stored.ts';
