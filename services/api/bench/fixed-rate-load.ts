// A lean fixed-rate HTTP/1.1 load generator for `pnpm bench reports`: keep-alive sockets, request bytes made
// once, responses framed by Content-Length and nothing else parsed. autocannon spent about as much CPU per
// request as the API it measured, so on a 2-core machine it, not the API, set the ceiling of a 20k req/s run.
// Latency is measured two ways: from the moment a request was written (what autocannon reports), and from the
// moment the schedule said it was due (it includes waiting for a free connection: no coordinated omission).
import net from 'node:net';

export interface FixedRateOptions {
  host: string;
  port: number;
  /** Paths sent in turn. */
  paths: readonly string[];
  /** Requests per second offered, in all. */
  rate: number;
  connections: number;
  seconds: number;
}

export interface FixedRateResult {
  sent: number;
  answered: number;
  non2xx: number;
  /** Sent and never answered (a socket error, or no answer 5 s after the schedule ended). */
  unanswered: number;
  /** ms, sorted: from the write, and from when the request was due. */
  fromWrite: Float64Array;
  fromDue: Float64Array;
  seconds: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const LENGTH = /\r\ncontent-length:\s*(\d+)/i;

interface Conn {
  socket: net.Socket;
  buffered: Buffer;
  /** When the request in flight was written and when it was due (performance.now() ms). */
  writtenAt: number;
  dueAt: number;
}

export async function fixedRateLoad(o: FixedRateOptions): Promise<FixedRateResult> {
  const requests = o.paths.map((p) =>
    Buffer.from(`GET ${p} HTTP/1.1\r\nhost: ${o.host}:${o.port}\r\naccept: application/json\r\n\r\n`),
  );
  const total = Math.round(o.rate * o.seconds);
  const fromWrite = new Float64Array(total);
  const fromDue = new Float64Array(total);
  let sent = 0;
  let answered = 0;
  let non2xx = 0;
  let lost = 0;
  let dueIndex = 0;
  const idle: Conn[] = [];
  let start = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));

  const send = (c: Conn, now: number): void => {
    c.dueAt = start + (1000 * sent) / o.rate;
    c.writtenAt = now;
    c.socket.write(requests[sent % requests.length]!);
    sent++;
  };
  const onAnswer = (c: Conn, status: number): void => {
    const now = performance.now();
    fromWrite[answered] = now - c.writtenAt;
    fromDue[answered] = now - c.dueAt;
    answered++;
    if (status < 200 || status >= 300) non2xx++;
    if (answered + lost >= total) finished();
    else if (sent < dueIndex && sent < total) send(c, now);
    else idle.push(c);
  };
  const onData = (c: Conn, chunk: Buffer): void => {
    c.buffered = c.buffered.length === 0 ? chunk : Buffer.concat([c.buffered, chunk]);
    for (;;) {
      const end = c.buffered.indexOf(HEADER_END);
      if (end < 0) return;
      const head = c.buffered.toString('latin1', 0, end);
      const length = Number(LENGTH.exec(head)?.[1] ?? 0);
      if (c.buffered.length < end + 4 + length) return;
      c.buffered = c.buffered.subarray(end + 4 + length);
      onAnswer(c, Number(head.slice(9, 12)));
    }
  };

  const conns = await Promise.all(
    Array.from(
      { length: o.connections },
      () =>
        new Promise<Conn>((resolve, reject) => {
          const socket = net.connect({ host: o.host, port: o.port, noDelay: true });
          const c: Conn = { socket, buffered: Buffer.alloc(0), writtenAt: 0, dueAt: 0 };
          socket.once('connect', () => resolve(c));
          socket.once('error', reject);
          socket.on('data', (chunk: Buffer) => onData(c, chunk));
        }),
    ),
  );
  for (const c of conns) {
    c.socket.on('error', () => {
      lost++;
      if (answered + lost >= total) finished();
    });
    idle.push(c);
  }
  start = performance.now();
  // Each tick sends what the schedule says is due by now, on free connections; the rest waits for one.
  const tick = setInterval(() => {
    const now = performance.now();
    dueIndex = Math.min(total, Math.floor(((now - start) * o.rate) / 1000) + 1);
    while (sent < dueIndex && idle.length > 0) send(idle.pop()!, now);
  }, 1);
  // Whatever has not come back a few seconds after the schedule ended is counted as an error.
  const deadline = setTimeout(finished, (o.seconds + 5) * 1000);
  await done;
  const seconds = (performance.now() - start) / 1000;
  clearInterval(tick);
  clearTimeout(deadline);
  for (const c of conns) c.socket.destroy();
  const sorted = (a: Float64Array) => a.subarray(0, answered).sort();
  return {
    sent,
    answered,
    non2xx,
    unanswered: sent - answered,
    fromWrite: sorted(fromWrite),
    fromDue: sorted(fromDue),
    seconds,
  };
}

/** The p-th percentile (0–100) of sorted values. */
export const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
