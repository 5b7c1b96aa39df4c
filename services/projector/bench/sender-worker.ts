// Runs datagen's sender on its own thread, so the freshness probe's timing loop on the main thread is not
// delayed by order generation and AMQP sends. Posts `{ sent, at }` after every acknowledged batch, then
// `{ done: result }`.
import { parentPort, workerData } from 'node:worker_threads';
import { sendOrders, type SendOrdersOptions } from '@marquee/datagen';

const options = workerData as SendOrdersOptions;
const result = await sendOrders({
  ...options,
  onProgress: (progress) => parentPort?.postMessage({ sent: progress.sent, at: Date.now() }),
});
parentPort?.postMessage({ done: result });
