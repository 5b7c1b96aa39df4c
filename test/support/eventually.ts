/**
 * Retries an assertion until it passes or the time is up, then throws its last error. For outcomes that
 * arrive asynchronously (a change feed, a cache refresh); the timeout is a bound, not a speed assertion.
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  { timeoutMs = 20_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
