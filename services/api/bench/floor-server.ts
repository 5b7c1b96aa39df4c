// The floor under the API's figures (`pnpm bench reports --phases floor`): a server that does nothing but answer
// every GET with one fixed JSON body of FLOOR_BODY_BYTES bytes, the mean of the report bodies. FLOOR_SERVER
// picks what it is built on: `node` (node:http alone, the least any node server can cost per request) or
// `fastify` (a bare fastify with one route, no hooks, no plugins). Loaded by the same generator at the same rate
// as the API, it shows what this machine allows whatever the API does above the socket.
import http from 'node:http';
import Fastify from 'fastify';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);
const reusePort = process.env.REUSE_PORT === 'true';
const bytes = Number(process.env.FLOOR_BODY_BYTES ?? 2_000);
if (!Number.isInteger(bytes) || bytes < 16)
  throw new Error(`FLOOR_BODY_BYTES=${bytes}: an integer of 16 or more`);
// {"pad":"xxx…"}: valid JSON of exactly `bytes` bytes.
const body = Buffer.from(`{"pad":"${'x'.repeat(bytes - 10)}"}`);

async function listenNode(): Promise<() => Promise<void>> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen({ host, port, reusePort }, resolve));
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
}

async function listenFastify(): Promise<() => Promise<void>> {
  const app = Fastify({ logger: false });
  app.get('/*', (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(body);
  });
  await app.listen({ host, port, ...(reusePort ? { reusePort } : {}) });
  return async () => await app.close();
}

const kind = process.env.FLOOR_SERVER ?? 'node';
if (kind !== 'node' && kind !== 'fastify') throw new Error(`FLOOR_SERVER=${kind}: node or fastify`);
const close = kind === 'node' ? await listenNode() : await listenFastify();
console.log(JSON.stringify({ msg: 'floor server listening', kind, host, port, bytes: body.length }));
process.once('SIGTERM', () => void close().then(() => process.exit(0)));
