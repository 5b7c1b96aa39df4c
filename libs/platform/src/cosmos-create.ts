import type { Container, JSONObject, OperationInput, OperationResponse } from '@azure/cosmos';
import type { Logger } from 'pino';
import { isTransient, retry, sleep } from './retry.ts';

/** What became of one document: written, already there (409), or refused for good with a reason. */
export type CreateOutcome = { kind: 'created' } | { kind: 'exists' } | { kind: 'refused'; reason: string };

export interface CreateOptions {
  signal: AbortSignal;
  logger: Logger;
  /** Bulk requests in flight at once. */
  concurrency?: number;
  /** Called with how many documents are about to be sent again, whatever the reason for the retry. */
  onRetry?: (count: number) => void;
}

// The SDK's bulk request carries at most 100 operations per physical partition; 100 in all is always safe.
const CHUNK = 100;

/**
 * Creates documents in bulk requests of up to 100 operations. Create (not upsert) makes a replay harmless:
 * a document already stored answers 409 and nothing changes, so its change feed does not fire again.
 * Throttled and transient failures are retried with backoff until they succeed or the signal aborts (which
 * also cancels the requests in flight): never dropped. Anything else is a permanent refusal, reported per
 * document, so a caller can dead-letter one event instead of blocking its partition.
 *
 * Why `items.bulk` and not `executeBulkOperations`: the latter waits a fixed 1,000 ms to accumulate
 * operations before its last dispatch (BulkHelper's intervalForPartialBatchInMs), so every call takes at
 * least a second. That would put a second of latency on every ingest batch; `items.bulk` sends at once.
 */
export async function createDocuments(
  container: Container,
  documents: readonly JSONObject[],
  options: CreateOptions,
): Promise<CreateOutcome[]> {
  const { signal, logger, concurrency = 4, onRetry } = options;
  const outcomes = new Array<CreateOutcome | undefined>(documents.length);
  let pending = documents.map((_, i) => i);
  for (let attempt = 0; pending.length > 0; attempt++) {
    const chunks: number[][] = [];
    for (let i = 0; i < pending.length; i += CHUNK) chunks.push(pending.slice(i, i + CHUNK));
    const again: number[] = [];
    const sendChunk = async (chunk: number[]): Promise<void> => {
      const operations: OperationInput[] = chunk.map((i) => ({
        operationType: 'Create',
        resourceBody: documents[i] as JSONObject,
      }));
      const results: OperationResponse[] = await retry(
        () => container.items.bulk(operations, { continueOnError: true }, { abortSignal: signal }),
        {
          retries: Infinity,
          signal,
          onRetry: (err, n) => {
            onRetry?.(chunk.length);
            logger.warn({ err, attempt: n, container: container.id }, 'bulk request failed; retrying');
          },
        },
      );
      results.forEach((result, j) => {
        const index = chunk[j] as number;
        const status = result.statusCode;
        if (status >= 200 && status < 300) outcomes[index] = { kind: 'created' };
        else if (status === 409) outcomes[index] = { kind: 'exists' };
        else if (isTransient({ code: status })) again.push(index);
        else outcomes[index] = { kind: 'refused', reason: `the store refused it with status ${status}` };
      });
    };
    for (let i = 0; i < chunks.length; i += concurrency) {
      // Settle every request of the wave before giving up on one, so none is still writing after we return.
      const settled = await Promise.allSettled(chunks.slice(i, i + concurrency).map(sendChunk));
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
    }
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
  return outcomes as CreateOutcome[];
}
