// Runs datagen's sender on its own thread, so the freshness probe's timing loop on the main thread is not
// delayed by order generation and AMQP sends. Posts `'ready'` once loaded, starts on `'start'` (so loading it
// is not counted in the bench's own CPU while orders flow), posts `{ sent, at }` after every acknowledged
// batch, then `{ done: result }`. A `'stop'` message ends sending early (what was generated is still sent).
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { sendOrders, type SendOrdersOptions } from '@marquee/datagen';

const options = workerData as SendOrdersOptions;
const abort = new AbortController();
const stop = (message: unknown): void => {
  if (message === 'stop') abort.abort();
};
if (parentPort !== null) {
  const started = once(parentPort, 'message');
  parentPort.postMessage('ready');
  await started;
}
parentPort?.on('message', stop);
const result = await sendOrders({
  ...options,
  signal: abort.signal,
  onProgress: (progress) => parentPort?.postMessage({ sent: progress.sent, at: Date.now() }),
});
parentPort?.off('message', stop);
parentPort?.postMessage({ done: result });
