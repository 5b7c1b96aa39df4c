// The main thread's side of sender-worker.ts: loads the worker, then starts it when asked, and keeps the
// acknowledgements (`{ sent, at }`, cumulative) as they come.
import { Worker } from 'node:worker_threads';
import type { SendOrdersOptions, SendOrdersResult } from '@marquee/datagen';

type Message = 'ready' | { sent: number; at: number } | { done: SendOrdersResult };

export interface Sender {
  /** Every acknowledged batch so far: events sent up to it, and when. */
  readonly acked: { sent: number; at: number }[];
  /** Starts sending (once loaded); resolves with the totals once everything generated was sent. */
  start(): Promise<SendOrdersResult>;
  /** Ends sending early (what was generated is still sent). */
  stop(): void;
}

/** Resolves once the worker has loaded its modules and waits for start(). */
export async function loadSender(options: SendOrdersOptions): Promise<Sender> {
  const worker = new Worker(new URL('./sender-worker.ts', import.meta.url), { workerData: options });
  const acked: { sent: number; at: number }[] = [];
  let ready: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<SendOrdersResult>((resolve, reject) => {
    worker.on('message', (m: Message) => {
      if (m === 'ready') ready();
      else if ('done' in m) resolve(m.done);
      else acked.push(m);
    });
    worker.once('error', reject);
  });
  await Promise.race([loaded, done]);
  return {
    acked,
    start: () => (worker.postMessage('start'), done),
    stop: () => worker.postMessage('stop'),
  };
}
