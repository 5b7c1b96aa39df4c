import type { MarqueeApp } from './app.ts';

/**
 * The listening side of the API: listen, and close gracefully (stop accepting, let in-flight requests
 * and SSE streams end, then close the clients through the plugins' onClose hooks).
 */
export async function listen(app: MarqueeApp, host: string, port: number): Promise<string> {
  return await app.listen({ host, port });
}

export function closeable(app: MarqueeApp): { close(): Promise<void> } {
  return { close: async () => void (await app.close()) };
}
