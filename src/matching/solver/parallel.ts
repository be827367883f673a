/**
 * Solve two independent networks at once: one on a worker thread, one here.
 *
 * solveAssignment is synchronous, so the calling thread blocks on Atomics.wait
 * for the worker (allowed on Node's main thread) instead of awaiting a message.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { networkSimplexMatching, type BipartiteNetwork } from './network-simplex.js';

/** Shared state between this thread and the worker: signal 0 running, 1 done, 2 failed. */
export interface WorkerJob {
  nets: BipartiteNetwork[];
  /** Chosen flags of all networks, back to back. */
  result: Uint8Array;
  signal: Int32Array;
}

/** Solve networks `a` on this thread and `b` on a worker; sequential when no compiled worker exists. */
export function solveInParallel(a: BipartiteNetwork[], b: BipartiteNetwork[]): [Uint8Array[], Uint8Array[]] {
  const solveAll = (nets: BipartiteNetwork[]): Uint8Array[] => nets.map((net) => networkSimplexMatching(net));
  const workerUrl = new URL('./network-simplex-worker.js', import.meta.url);
  // Under a TypeScript test runner the sibling is a .ts file a Worker cannot load.
  if (workerUrl.protocol !== 'file:' || !existsSync(fileURLToPath(workerUrl))) return [solveAll(a), solveAll(b)];
  const total = b.reduce((n, net) => n + net.edgeLeft.length, 0);
  const job: WorkerJob = {
    nets: b,
    result: new Uint8Array(new SharedArrayBuffer(total)),
    signal: new Int32Array(new SharedArrayBuffer(4)),
  };
  let worker: Worker;
  try {
    worker = new Worker(workerUrl, { workerData: job });
  } catch {
    return [solveAll(a), solveAll(b)];
  }
  worker.unref();
  // Failures are reported through `signal`; this listener only keeps them from being uncaught.
  worker.on('error', () => {});
  const resA = solveAll(a);
  Atomics.wait(job.signal, 0, 0);
  if (Atomics.load(job.signal, 0) !== 1) return [resA, solveAll(b)];
  const resB: Uint8Array[] = [];
  let offset = 0;
  for (const net of b) {
    resB.push(job.result.slice(offset, offset + net.edgeLeft.length));
    offset += net.edgeLeft.length;
  }
  return [resA, resB];
}
