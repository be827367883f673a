/** Worker entry for ./parallel.ts: solve its networks and signal the waiting thread. */
import { workerData } from 'node:worker_threads';
import { networkSimplexMatching } from './network-simplex.js';
import type { WorkerJob } from './parallel.js';

const job = workerData as WorkerJob;
try {
  let offset = 0;
  for (const net of job.nets) {
    job.result.set(networkSimplexMatching(net), offset);
    offset += net.edgeLeft.length;
  }
  Atomics.store(job.signal, 0, 1);
} catch {
  Atomics.store(job.signal, 0, 2);
} finally {
  Atomics.notify(job.signal, 0);
}
