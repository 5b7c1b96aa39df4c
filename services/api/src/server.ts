import type { MarqueeApp } from './app.ts';

/**
 * The listening side of the API: listen, and close gracefully (stop accepting, end the SSE streams in the
 * live plugin's preClose hook, let in-flight requests finish, then close the clients in onClose hooks).
 */
export async function listen(
  app: MarqueeApp,
  host: string,
  port: number,
  reusePort = false,
): Promise<string> {
  // reusePort: node passes it to the socket (Linux); several processes then serve one port.
  return await app.listen({ host, port, ...(reusePort ? { reusePort } : {}) });
}

export function closeable(app: MarqueeApp): { close(): Promise<void> } {
  return { close: async () => void (await app.close()) };
}
