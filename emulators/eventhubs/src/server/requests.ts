// `$cbs` (put-token; every token is accepted) and `$management` (hub and partition properties) requests.
// Replies go out on the connection's sender link whose name equals the request's reply_to.
import rhea, { type Message, type Sender } from 'rhea';
import type { Hub, Namespace } from '../hub/hub.ts';
import { offsetOf } from '../amqp/stored.ts';
import { argumentOutOfRange, entityNotFound, notImplemented, type AmqpError } from './errors.ts';

const { types } = rhea;

export interface Reply {
  status: number;
  description: string;
  error?: AmqpError;
  body?: unknown;
}

export function handleCbs(request: Message): Reply {
  const props = request.application_properties ?? {};
  if (props.operation !== 'put-token') {
    return {
      status: 400,
      description: 'Bad Request',
      error: notImplemented(`unknown operation ${props.operation}`),
    };
  }
  return { status: 202, description: 'Accepted' };
}

export function handleManagement(request: Message, namespace: Namespace, host: string): Reply {
  const props = request.application_properties ?? {};
  if (props.operation !== 'READ') {
    return {
      status: 400,
      description: 'Bad Request',
      error: notImplemented(`unknown operation ${props.operation}`),
    };
  }
  const hub = namespace.find(String(props.name ?? ''));
  if (!hub) {
    return { status: 404, description: '', error: entityNotFound(`sb://${host}/${props.name}`) };
  }
  if (props.type === 'com.microsoft:eventhub') return { status: 200, description: 'OK', body: hubBody(hub) };
  if (props.type === 'com.microsoft:partition') {
    const index = hub.partitionIndex(String(props.partition));
    if (index === undefined) {
      const max = hub.partitions.length - 1;
      return {
        status: 400,
        description: '',
        error: argumentOutOfRange(
          `The specified partition is invalid for an EventHub partition sender or receiver. It should be between 0 and ${max}.`,
        ),
      };
    }
    return { status: 200, description: 'OK', body: partitionBody(hub, index) };
  }
  return { status: 400, description: 'Bad Request', error: notImplemented(`unknown type ${props.type}`) };
}

function hubBody(hub: Hub): unknown {
  return types.wrap_map({
    name: hub.name,
    type: 'com.microsoft:eventhub',
    created_at: types.wrap_timestamp(hub.createdAtMs),
    partition_count: types.wrap_int(hub.partitions.length),
    partition_ids: types.wrap_array(hub.partitionIds, 0xa1, undefined),
    georeplication_factor: types.wrap_int(1),
  });
}

function partitionBody(hub: Hub, index: number): unknown {
  const log = hub.partitions[index]!;
  const last = log.lastSequenceNumber;
  return types.wrap_map({
    name: hub.name,
    type: 'com.microsoft:partition',
    partition: hub.partitionIds[index],
    // A partition that never held an event reports -1, like the service; one emptied by retention reports where
    // the next event will be.
    begin_sequence_number: types.wrap_long(last < 0 ? -1 : log.firstSequenceNumber),
    last_enqueued_sequence_number: types.wrap_long(last),
    last_enqueued_offset: offsetOf(last),
    last_enqueued_time_utc: types.wrap_timestamp(log.lastEnqueuedTimeMs),
    is_partition_empty: log.isEmpty,
  });
}

export function sendReply(sender: Sender, request: Message, reply: Reply): void {
  const application_properties: Record<string, unknown> = {
    'status-code': types.wrap_int(reply.status),
    'status-description': reply.error?.description ?? reply.description,
  };
  if (reply.error) application_properties['error-condition'] = reply.error.condition;
  sender.send({ correlation_id: request.message_id, application_properties, body: reply.body ?? null });
}
