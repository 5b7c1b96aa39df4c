// The AMQP listener: one rhea container, plain TCP, SASL ANONYMOUS, MSSBCBS or none (what the SDKs do with
// UseDevelopmentEmulator=true). Routes link events to roles (links.ts) and keeps per-connection state so
// everything a connection owned is released when it goes away, however it goes away.
import type { AddressInfo, Socket } from 'node:net';
import rhea, { type Connection, type EventContext, type Receiver, type Sender } from 'rhea';
import type { Logger } from 'pino';
import type { Namespace } from '../hub/hub.ts';
import { isAmqpError, receiverRole, senderRole, type ReceiverRole, type SenderRole } from './links.ts';
import { publish } from './publish.ts';
import { handleCbs, handleManagement, sendReply } from './requests.ts';
import { connectionOpened, prepareSocket, socketOf } from './sockets.ts';

interface ConnectionState {
  log: Logger;
  replySenders: Map<string, Sender>;
  senders: Set<Sender>;
}

export interface AmqpServer {
  port: number;
  close(): Promise<void>;
}

type ServerMechanisms = Record<string, () => { outcome?: boolean; start(): void }> & {
  enable_anonymous(): void;
};

/**
 * ANONYMOUS is what the JS SDK offers; the .NET SDK (Microsoft.Azure.Amqp) offers only MSSBCBS, which means "no
 * credentials here, a token follows over $cbs", so it succeeds at once like the service's. Without it the .NET
 * client fails with "None of the server sasl-mechanisms are supported". Clients that skip SASL still connect.
 */
function acceptAnyClientMechanism(mechanisms: ServerMechanisms): void {
  mechanisms.enable_anonymous();
  mechanisms.MSSBCBS = () => ({
    outcome: undefined as boolean | undefined,
    start() {
      this.outcome = true;
    },
  });
}

/**
 * The names a request's `reply_to` may use for this reply link: the JS SDK uses the link's name, the .NET SDK
 * (RequestResponseAmqpLink) the address of the link's target, which differs from its name.
 */
function replyKeys(sender: Sender): string[] {
  const address = (sender.target as { address?: unknown } | undefined)?.address;
  return typeof address === 'string' && address !== sender.name ? [sender.name, address] : [sender.name];
}

export async function listenAmqp(options: {
  host: string;
  port: number;
  namespace: Namespace;
  logger: Logger;
  /** false forces every delivery through rhea's own sender (tests use it to cover that path). */
  directTransfers?: boolean;
}): Promise<AmqpServer> {
  const { namespace, logger } = options;
  const container = rhea.create_container({ id: 'marquee-eventhubs-emulator', autoaccept: false });
  acceptAnyClientMechanism(container.sasl_server_mechanisms as ServerMechanisms);
  const states = new WeakMap<Connection, ConnectionState>();
  const receiverRoles = new WeakMap<Receiver, ReceiverRole>();
  const senderRoles = new WeakMap<Sender, SenderRole>();
  const host = options.host === '127.0.0.1' || options.host === '::1' ? 'localhost' : options.host;

  const stateOf = (connection: Connection): ConnectionState => {
    let state = states.get(connection);
    if (!state) {
      const socket = socketOf(connection);
      const log = logger.child({
        conn: connection.options.id,
        peer: `${socket?.remoteAddress}:${socket?.remotePort}`,
      });
      state = { log, replySenders: new Map(), senders: new Set() };
      states.set(connection, state);
    }
    return state;
  };

  const releaseConnection = (connection: Connection, why: string): void => {
    const state = states.get(connection);
    if (!state) return;
    states.delete(connection);
    for (const sender of state.senders) {
      const role = senderRoles.get(sender);
      if (role?.kind === 'consume') role.consumer.close();
    }
    state.log.info({ why }, 'connection closed');
  };

  container.on('connection_open', (ctx: EventContext) => {
    const connection = ctx.connection;
    const remote = connection.remote.open as { container_id?: string; hostname?: string } | undefined;
    const log = stateOf(connection).log;
    log.info({ container: remote?.container_id, hostname: remote?.hostname }, 'connection open');
    connectionOpened(connection, log);
  });
  container.on('connection_close', (ctx: EventContext) => releaseConnection(ctx.connection, 'close'));
  container.on('disconnected', (ctx: EventContext) => releaseConnection(ctx.connection, 'disconnected'));
  container.on('connection_error', (ctx: EventContext) =>
    stateOf(ctx.connection).log.warn({ err: ctx.connection.error }, 'connection error'),
  );
  container.on('protocol_error', (err: unknown) =>
    logger.warn({ err }, 'protocol error; connection dropped'),
  );
  container.on('error', (err: unknown) => logger.warn({ err }, 'amqp error'));
  for (const event of ['session_error', 'sender_error', 'receiver_error'] as const) {
    container.on(event, (ctx: EventContext) => {
      const link = ctx.sender ?? ctx.receiver;
      stateOf(ctx.connection).log.warn({ link: link?.name, err: link?.error ?? ctx.session?.error }, event);
    });
  }

  container.on('receiver_open', (ctx: EventContext) => {
    const receiver = ctx.receiver!;
    const log = stateOf(ctx.connection).log;
    const role = receiverRole(receiver, namespace, host);
    if (isAmqpError(role)) {
      // Refused as AMQP says: attach with no terminus of ours, then detach with the error. Echoing the
      // terminus first (set_source/set_target) tells the .NET SDK the link opened; it then treats the detach
      // as a drop to recover from and never surfaces the error (e.g. a lower epoch).
      receiver.close(role);
      log.warn(
        { link: receiver.name, address: receiver.target?.address, error: role },
        'sender link refused',
      );
      return;
    }
    receiver.set_source(receiver.source);
    receiver.set_target(receiver.target);
    receiverRoles.set(receiver, role);
    const level = role.kind === 'publish' ? 'info' : 'debug';
    log[level]({ link: receiver.name, address: receiver.target?.address }, 'sender link attached');
  });

  container.on('sender_open', (ctx: EventContext) => {
    const sender = ctx.sender!;
    const state = stateOf(ctx.connection);
    const role = senderRole(sender, namespace, host, state.log, options.directTransfers ?? true);
    if (isAmqpError(role)) {
      sender.close(role); // with no terminus of ours, as for receivers above
      state.log.warn(
        { link: sender.name, address: sender.source?.address, error: role },
        'receiver link refused',
      );
      return;
    }
    sender.set_source(sender.source);
    sender.set_target(sender.target);
    senderRoles.set(sender, role);
    state.senders.add(sender);
    if (role.kind === 'reply') for (const key of replyKeys(sender)) state.replySenders.set(key, sender);
    else state.log.info({ link: sender.name, address: sender.source?.address }, 'receiver link attached');
  });

  const onSenderGone = (ctx: EventContext): void => {
    const sender = ctx.sender!;
    const state = states.get(ctx.connection);
    const role = senderRoles.get(sender);
    state?.senders.delete(sender);
    if (role?.kind === 'consume') {
      role.consumer.close();
      state?.log.info({ link: sender.name }, 'receiver link detached');
    } else if (role?.kind === 'reply' && state) {
      for (const key of replyKeys(sender)) {
        if (state.replySenders.get(key) === sender) state.replySenders.delete(key);
      }
    }
  };
  container.on('sender_close', onSenderGone);
  container.on('receiver_close', (ctx: EventContext) => {
    const role = receiverRoles.get(ctx.receiver!);
    if (role?.kind === 'publish')
      states.get(ctx.connection)?.log.info({ link: ctx.receiver!.name }, 'sender link detached');
  });

  const pump = (ctx: EventContext): void => {
    const role = senderRoles.get(ctx.sender!);
    if (role?.kind === 'consume') role.consumer.pump();
  };
  container.on('sendable', pump);
  container.on('sender_draining', pump);

  container.on('message', (ctx: EventContext) => {
    const receiver = ctx.receiver!;
    const delivery = ctx.delivery!;
    const role = receiverRoles.get(receiver);
    const state = stateOf(ctx.connection);
    if (!role) return;
    if (role.kind === 'publish') {
      const format = (ctx as { format?: number }).format ?? 0;
      publish(namespace.find(role.hubName)!, role.partition, ctx.message, format, delivery, state.log);
      return;
    }
    const request = ctx.message!;
    const reply = role.kind === 'cbs' ? handleCbs(request) : handleManagement(request, namespace, host);
    delivery.accept();
    const replyTo = request.reply_to;
    const sender = typeof replyTo === 'string' ? state.replySenders.get(replyTo) : undefined;
    if (!sender) {
      state.log.warn({ replyTo }, 'request without a reply link; dropped');
      return;
    }
    sendReply(sender, request, reply);
  });

  const server = container.listen({
    host: options.host,
    port: options.port,
    idle_time_out: 120_000,
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    prepareSocket(socket, logger, () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.on('error', (err) => logger.error({ err }, 'listener error'));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
