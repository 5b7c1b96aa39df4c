// What a request log line may say about a request. fastify logs `req.url` as sent, so a credential a client
// put in the query (`?token=…`, `?code=…`) would land in the logs; its value is replaced before logging, and
// problem responses name only the path (see problem-details), so it is not echoed back either.
import type { FastifyRequest } from 'fastify';

const SECRET_PARAM =
  /^(token|access_token|id_token|refresh_token|code|key|api[-_]?key|sig|signature|password|secret|auth|authorization)$/i;

/** The URL with the value of every credential-like query parameter replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed escape: judge it as written.
      }
      return SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** The path without its query: what a problem's `instance` names. */
export const pathOf = (url: string): string => url.split('?')[0] ?? url;

/** The `req` serializer of the API's logger: method, redacted url, route, client; never headers or body. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
