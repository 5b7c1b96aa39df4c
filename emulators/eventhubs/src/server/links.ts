// What each attached link is for, decided at attach time from its address: request/reply ($cbs, $management),
// publishing (client sender) or consuming (client receiver). Refusals close the link with the service's error.
import type { Receiver, Sender } from 'rhea';
import type { Logger } from 'pino';
import type { Namespace } from '../hub/hub.ts';
import { admit } from '../hub/epochs.ts';
import { parseAddress } from './address.ts';
import { ConsumerLink } from './consumerLink.ts';
import { argumentError, argumentOutOfRange, entityNotFound, type AmqpError } from './errors.ts';
import {
  InvalidFilterError,
  PositionOutOfRangeError,
  parseStartFilter,
  resolveStart,
} from './startPosition.ts';

export type ReceiverRole =
  | { kind: 'cbs' }
  | { kind: 'management' }
  | { kind: 'publish'; hubName: string; partition: number | undefined };

export type SenderRole = { kind: 'reply' } | { kind: 'consume'; consumer: ConsumerLink };

export const MAX_MESSAGE_SIZE = 1024 * 1024;
const GEO_REPLICATION = 'com.microsoft:georeplication';
const RUNTIME_METRIC = 'com.microsoft:enable-receiver-runtime-metric';
const EPOCH = 'com.microsoft:epoch';
const SELECTOR = 'apache.org:selector-filter:string';

interface LinkInternals {
  local: { attach: { max_message_size?: number; offered_capabilities?: string[] } };
}

function outOfRange(max: number): AmqpError {
  return argumentOutOfRange(
    `The specified partition is invalid for an EventHub partition sender or receiver. It should be between 0 and ${max}.`,
  );
}

/** Role of a link the client attached as a sender (we receive on it), or the error to refuse it with. */
export function receiverRole(
  receiver: Receiver,
  namespace: Namespace,
  host: string,
): ReceiverRole | AmqpError {
  const address = parseAddress(receiver.target?.address);
  (receiver as unknown as LinkInternals).local.attach.max_message_size = MAX_MESSAGE_SIZE;
  if (address.kind === 'cbs' || address.kind === 'management') return { kind: address.kind };
  if (address.kind !== 'publish') return entityNotFound(`sb://${host}/${String(receiver.target?.address)}`);
  const hub = namespace.find(address.hub);
  if (!hub) return entityNotFound(`sb://${host}/${address.hub}`);
  let partition: number | undefined;
  if (address.partitionId !== undefined) {
    partition = hub.partitionIndex(address.partitionId);
    if (partition === undefined) return outOfRange(hub.partitions.length - 1);
  }
  offer(receiver, [GEO_REPLICATION]);
  return { kind: 'publish', hubName: hub.name, partition };
}

/** Role of a link the client attached as a receiver (we send on it), or the error to refuse it with. */
export function senderRole(
  sender: Sender,
  namespace: Namespace,
  host: string,
  logger: Logger,
  directTransfers = true,
): SenderRole | AmqpError {
  const address = parseAddress(sender.source?.address);
  if (address.kind === 'cbs' || address.kind === 'management') return { kind: 'reply' };
  if (address.kind !== 'consume') return entityNotFound(`sb://${host}/${String(sender.source?.address)}`);
  const hub = namespace.find(address.hub);
  if (!hub) return entityNotFound(`sb://${host}/${address.hub}`);
  if (!hub.hasConsumerGroup(address.consumerGroup)) {
    return entityNotFound(`sb://${host}/${address.hub}/consumergroups/${address.consumerGroup}`);
  }
  const partition = hub.partitionIndex(address.partitionId);
  if (partition === undefined) return outOfRange(hub.partitions.length - 1);
  const log = hub.partitions[partition]!;
  let start: number;
  try {
    start = resolveStart(parseStartFilter(selectorOf(sender)), log);
  } catch (err) {
    if (err instanceof PositionOutOfRangeError) return argumentOutOfRange(err.message);
    if (err instanceof InvalidFilterError) return argumentError(err.message);
    throw err;
  }
  const desired = [sender.desired_capabilities ?? []].flat();
  const runtimeMetric = desired.includes(RUNTIME_METRIC);
  offer(sender, runtimeMetric ? [GEO_REPLICATION, RUNTIME_METRIC] : [GEO_REPLICATION]);
  const rawEpoch: unknown = sender.properties?.[EPOCH];
  const epoch = rawEpoch === undefined || rawEpoch === null ? undefined : Number(rawEpoch);
  const members = hub.receiversOf(address.consumerGroup, partition);
  const admission = admit(members, epoch);
  if (!admission.admitted) return { condition: 'amqp:link:stolen', description: admission.description };
  for (const old of admission.evicted) {
    if (old.epoch !== undefined || epoch !== undefined) {
      old.steal(
        `New receiver '${sender.name}' with higher epoch of '${epoch}' is created hence current receiver with epoch '${old.epoch}' is getting disconnected.`,
      );
    }
  }
  const consumer = new ConsumerLink({
    sender,
    log,
    start,
    epoch,
    runtimeMetric,
    members,
    directTransfers,
    logger: logger.child({ link: sender.name, hub: hub.name, partition, start, epoch }),
  });
  return { kind: 'consume', consumer };
}

function selectorOf(sender: Sender): string | undefined {
  const filter = (sender.source as { filter?: Record<string, unknown> } | undefined)?.filter;
  const clause = filter?.[SELECTOR];
  if (clause === undefined || clause === null) return undefined;
  if (typeof clause === 'string') return clause;
  const value = (clause as { value?: unknown }).value;
  return typeof value === 'string' ? value : String(value);
}

function offer(link: Receiver | Sender, capabilities: string[]): void {
  (link as unknown as LinkInternals).local.attach.offered_capabilities = capabilities;
}

export function isAmqpError(x: unknown): x is AmqpError {
  return typeof x === 'object' && x !== null && 'condition' in x;
}
