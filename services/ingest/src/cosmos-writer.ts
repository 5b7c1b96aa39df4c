import type { BulkOperationResult, Container, OperationInput } from '@azure/cosmos';
import { isTransient, retry, sleep } from '@marquee/platform';
import type { Logger } from 'pino';

/** What became of one document: written, already there (409), or refused for good with a reason. */
export type WriteOutcome = { kind: 'created' } | { kind: 'exists' } | { kind: 'refused'; reason: string };

function statusOf(result: BulkOperationResult): number {
  return result.response?.statusCode ?? (typeof result.error?.code === 'number' ? result.error.code : 500);
}

/**
 * Creates documents with the SDK's bulk executor. Create (not upsert) makes a replay harmless: a document
 * that is already stored answers 409 and nothing changes, so its change feed does not fire again.
 * Throttled and transient failures are retried, with backoff, until they succeed or the signal aborts;
 * they are never dropped. Anything else is a permanent refusal, reported per document so the caller can
 * dead-letter the event instead of blocking its partition.
 */
export async function createAll(
  container: Container,
  documents: readonly { id: string }[],
  signal: AbortSignal,
  logger: Logger,
  onRetry?: (count: number) => void,
): Promise<WriteOutcome[]> {
  const outcomes = new Array<WriteOutcome | undefined>(documents.length);
  let pending = documents.map((_, i) => i);
  for (let attempt = 0; pending.length > 0; attempt++) {
    const operations: OperationInput[] = pending.map((i) => ({
      operationType: 'Create',
      // Every Marquee container that ingest writes is partitioned by /id.
      partitionKey: (documents[i] as { id: string }).id,
      resourceBody: documents[i] as { id: string },
    }));
    const results = await retry(() => container.items.executeBulkOperations(operations), {
      retries: Infinity,
      signal,
      onRetry: (err, n) =>
        logger.warn({ err, attempt: n, container: container.id }, 'bulk request failed; retrying'),
    });
    const again: number[] = [];
    results.forEach((result, j) => {
      const index = pending[j] as number;
      const status = statusOf(result);
      if (status >= 200 && status < 300) outcomes[index] = { kind: 'created' };
      else if (status === 409) outcomes[index] = { kind: 'exists' };
      else if (isTransient({ code: status })) again.push(index);
      else
        outcomes[index] = {
          kind: 'refused',
          reason: `the store refused it: ${status} ${result.error?.message ?? ''}`.trim(),
        };
    });
    if (again.length > 0) {
      onRetry?.(again.length);
      logger.warn(
        { count: again.length, attempt, container: container.id },
        'throttled or transient; retrying',
      );
      await sleep(Math.min(50 * 2 ** attempt, 5_000), signal);
    }
    pending = again;
  }
  return outcomes as WriteOutcome[];
}
