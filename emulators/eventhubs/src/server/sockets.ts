// TCP-level care for connections rhea owns: batching its writes, making sure it always learns a socket is gone,
// bounding what an unproven peer can make us buffer, and answering unreadable frames before the socket drops.
import type { Socket } from 'node:net';
import type { Connection } from 'rhea';
import type { Logger } from 'pino';

/** Bytes a peer may send before completing the AMQP open; beyond that it is not an AMQP client. */
const MAX_PREOPEN_BYTES = 64 * 1024;

const preOpenGuards = new WeakMap<Socket, (chunk: Buffer) => void>();

/** Called for every accepted socket, after rhea attached its own listeners. */
export function prepareSocket(socket: Socket, logger: Logger, onClose: () => void): void {
  socket.setNoDelay(true);
  batchWrites(socket);
  // rhea only cleans a connection up (heartbeat timers included) on 'end' or 'error'; a destroyed socket
  // emits neither, so report the end ourselves.
  let ended = false;
  socket.once('end', () => (ended = true));
  socket.once('error', () => (ended = true));
  socket.once('close', () => {
    onClose();
    if (!ended) socket.emit('end');
  });
  // rhea buffers whatever frame size a peer announces; cap what an unproven peer can make us hold.
  let preOpenBytes = 0;
  const guard = (chunk: Buffer): void => {
    preOpenBytes += chunk.length;
    if (preOpenBytes > MAX_PREOPEN_BYTES) {
      logger.warn({ peer: socket.remoteAddress }, 'peer sent too much before opening; dropped');
      socket.destroy();
    }
  };
  preOpenGuards.set(socket, guard);
  socket.on('data', guard);
}

export function socketOf(connection: Connection): Socket | undefined {
  return (connection as unknown as { socket?: Socket }).socket;
}

/** Once the AMQP connection is open: lift the pre-open limit and answer unreadable frames with decode-error. */
export function connectionOpened(connection: Connection, log: Logger): void {
  const socket = socketOf(connection);
  const guard = socket && preOpenGuards.get(socket);
  if (socket && guard) socket.off('data', guard);
  // rhea drops the socket when it cannot read a frame; tell an open peer why first, as the service would.
  const onUnreadable = (err: unknown): void => {
    log.warn({ err }, 'unreadable frame; closing connection');
    try {
      connection.close({
        condition: 'amqp:decode-error',
        description: String((err as Error)?.message ?? err),
      });
      // rhea ends the socket as soon as this handler returns: write the close frame now.
      (connection as unknown as { _process(): void })._process();
    } catch (closeErr) {
      log.debug({ err: closeErr }, 'could not send close frame');
    }
  };
  connection.on('protocol_error', onUnreadable);
  connection.on('error', onUnreadable);
}

/**
 * rhea writes every frame with its own socket.write. Corking until the end of the tick turns a burst of
 * frames into one writev system call.
 */
function batchWrites(socket: Socket): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = (...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  };
}
