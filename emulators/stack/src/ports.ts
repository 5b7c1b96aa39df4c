import net from 'node:net';

// Every port this process has handed out. The OS releases a port the moment we close our probe, so two calls in
// a row may be given the same one; two servers told to share it then fail late and confusingly (in one CI run,
// Azurite and Redis got the same port: Azurite's start saw Redis answer, so it looked up, then died with
// EADDRINUSE). At most one entry per port in the range, so the set stays small.
const handedOut = new Set<number>();

/**
 * A free TCP port on 127.0.0.1 that no earlier call in this process returned. The port is released before use,
 * so another process may still take it first; that race is rare.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await portTheOsOffers();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('the OS offered only ports this process has already handed out, 100 times in a row');
}

async function portTheOsOffers(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export async function isListening(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls until host:port accepts connections, or fails after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isListening(port, host)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}
