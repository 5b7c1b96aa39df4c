// Delivery fast path. rhea builds every outgoing transfer through its generic type system (a zero-filled 1 KiB
// buffer, described-type objects, a copy of the payload) and that dominated the emulator's CPU profile when
// consumers read. Deliveries to consumers are always the same shape (pre-settled, format 0, empty tag), so this
// encodes their transfer frames directly and writes a whole run of them with one socket write, keeping rhea's
// session and link counters exactly as rhea itself would have left them.
//
// It only runs when rhea has nothing queued on the connection (so frame order is preserved) and nothing pending
// on the session; otherwise the caller falls back to sender.send(). It relies on rhea 3.x internals, checked at
// runtime: if they are not there, `directWriter` returns undefined and the normal path is used.
import type { Socket } from 'node:net';
import type { Sender } from 'rhea';

interface OutgoingInternals {
  next_delivery_id: number;
  next_pending_delivery: number;
  next_transfer_id: number;
  window: number;
  transfer_window(): number;
}

interface SenderInternals {
  credit: number;
  delivery_count: number;
  local: { handle: number };
  session: { local: { channel: number }; outgoing: OutgoingInternals };
  connection: { registered: boolean; socket?: Socket; remote: { open?: { max_frame_size?: number } } };
}

/** Frame header (8) + transfer descriptor (3) + list8 of handle, delivery-id, tag, format, settled (17). */
const TRANSFER_OVERHEAD = 28;

export type DirectState =
  /** rhea has output queued for its next turn: try again after it (setImmediate). */
  | 'busy'
  /** No credit, no session window, or rhea deliveries waiting for them: a flow from the client unblocks. */
  | 'blocked'
  /** The socket holds more than its high-water mark unsent (a slow reader): wait for its 'drain'. */
  | 'draining'
  | 'ready';

export interface DirectWriter {
  state(): DirectState;
  /** Transfers that may be written now (when ready). */
  budget(): number;
  /** Largest payload that fits one frame for this peer (bigger ones need rhea's multi-frame transfers). */
  maxPayload(): number;
  /** Writes one pre-settled transfer per payload; at most budget() payloads, none above maxPayload(). */
  write(payloads: Buffer[]): void;
  /** Calls `listener` after every flow frame the client sends on this link's session; returns an unsubscribe. */
  onSessionFlow(listener: () => void): () => void;
  /** Calls `listener` once the socket has written out what it held (after a 'draining' state). */
  whenDrained(listener: () => void): void;
}

interface SessionWithFlow {
  on_flow(frame: unknown): void;
}

// One hook per session: rhea raises no event for session-level flows, which is how a client reopens its
// incoming window.
const flowListeners = new WeakMap<object, Set<() => void>>();

function sessionFlowListeners(session: SessionWithFlow): Set<() => void> {
  let listeners = flowListeners.get(session);
  if (!listeners) {
    const set = new Set<() => void>();
    listeners = set;
    flowListeners.set(session, set);
    const original = session.on_flow.bind(session);
    session.on_flow = (frame: unknown): void => {
      original(frame);
      for (const listener of set) listener();
    };
  }
  return listeners;
}

// One 'drain' handler per socket, however many links of the connection wait for it.
const drainWaiters = new WeakMap<Socket, Set<() => void>>();

function drainListeners(socket: Socket): Set<() => void> {
  let waiting = drainWaiters.get(socket);
  if (!waiting) {
    const set = new Set<() => void>();
    waiting = set;
    drainWaiters.set(socket, set);
    socket.on('drain', () => {
      const listeners = [...set];
      set.clear();
      for (const listener of listeners) listener();
    });
  }
  return waiting;
}

export function directWriter(sender: Sender): DirectWriter | undefined {
  const s = sender as unknown as SenderInternals;
  const outgoing = s.session?.outgoing;
  if (
    typeof s.credit !== 'number' ||
    typeof s.delivery_count !== 'number' ||
    typeof s.local?.handle !== 'number' ||
    typeof s.session?.local?.channel !== 'number' ||
    typeof (s.session as unknown as Partial<SessionWithFlow>).on_flow !== 'function' ||
    typeof outgoing?.next_delivery_id !== 'number' ||
    typeof outgoing.next_pending_delivery !== 'number' ||
    typeof outgoing.next_transfer_id !== 'number' ||
    typeof outgoing.transfer_window !== 'function' ||
    typeof s.connection?.registered !== 'boolean'
  ) {
    return undefined;
  }
  return {
    state() {
      if (s.connection.registered) return 'busy';
      const socket = s.connection.socket;
      if (
        outgoing.next_pending_delivery !== outgoing.next_delivery_id ||
        !sender.is_open() ||
        !socket ||
        !socket.writable ||
        s.credit <= 0 ||
        outgoing.transfer_window() <= 0
      ) {
        return 'blocked';
      }
      return socket.writableNeedDrain ? 'draining' : 'ready';
    },
    budget() {
      return Math.max(0, Math.min(s.credit, outgoing.transfer_window()));
    },
    onSessionFlow(listener) {
      const listeners = sessionFlowListeners(s.session as unknown as SessionWithFlow);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenDrained(listener) {
      const socket = s.connection.socket;
      if (socket && !socket.destroyed) drainListeners(socket).add(listener);
    },
    maxPayload() {
      return (s.connection.remote.open?.max_frame_size ?? 0xffffffff) - TRANSFER_OVERHEAD;
    },
    write(payloads) {
      let total = 0;
      for (const p of payloads) total += TRANSFER_OVERHEAD + p.length;
      const out = Buffer.allocUnsafe(total);
      const channel = s.session.local.channel;
      const handle = s.local.handle;
      let pos = 0;
      for (const payload of payloads) {
        const size = TRANSFER_OVERHEAD + payload.length;
        out.writeUInt32BE(size, pos);
        out[pos + 4] = 2; // doff: 2 words
        out[pos + 5] = 0; // AMQP frame
        out.writeUInt16BE(channel, pos + 6);
        out[pos + 8] = 0x00; // described
        out[pos + 9] = 0x53; // smallulong
        out[pos + 10] = 0x14; // transfer
        out[pos + 11] = 0xc0; // list8
        out[pos + 12] = 15; // size of what follows
        out[pos + 13] = 5; // fields
        out[pos + 14] = 0x70; // handle: uint
        out.writeUInt32BE(handle >>> 0, pos + 15);
        out[pos + 19] = 0x70; // delivery-id: uint
        out.writeUInt32BE(outgoing.next_delivery_id >>> 0, pos + 20);
        out[pos + 24] = 0xa0; // delivery-tag: empty vbin8
        out[pos + 25] = 0;
        out[pos + 26] = 0x43; // message-format: uint0
        out[pos + 27] = 0x41; // settled: true
        payload.copy(out, pos + TRANSFER_OVERHEAD);
        pos += size;
        outgoing.next_delivery_id++;
        outgoing.next_pending_delivery++;
        outgoing.next_transfer_id++;
        outgoing.window--;
        s.credit--;
        s.delivery_count++;
      }
      s.connection.socket!.write(out);
    },
  };
}
