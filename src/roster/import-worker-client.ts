/**
 * The importing thread's side of import-worker.ts: starts the worker, runs the
 * writes of each batch it ships (in file order), and keeps it at most a few
 * batches ahead so memory stays bounded when the database is the slower side.
 */
import { Worker } from 'node:worker_threads';
import { KyodoError, UsageError, ValidationError } from '../errors.js';
import type { SqlValue } from './cells.js';
import type { ColumnMapping } from './headers.js';
import type { RosterKind, RowProblem } from './kind.js';
import type { FormatName } from './formats/format.js';
import type { CsvEncoding } from '../csv/reader.js';
import type { RowCounts, RowSink } from './rows.js';

/** What the worker needs to redo the header plan and read the rest of the file. */
export interface WorkerJob {
  file: string;
  encoding: CsvEncoding;
  kind: RosterKind;
  format: FormatName;
  mapping: ColumnMapping | undefined;
  seed: number;
  dbPath: string;
  full: boolean;
  /** The header this thread read: the worker refuses a file that changed since. */
  header: string[];
  keyCount: number;
  valueCount: number;
}

/**
 * Messages from the worker. A batch is one flat array per read chunk, so the
 * structured clone is one array of primitives, not a million small objects:
 *   write:  WRITE_NEW | WRITE_EXISTING, line, rawHash, …values (keyCount + valueCount)
 *   reject: REJECT, line, source cells (array), problem (object), extra
 */
export type WorkerMessage =
  | { type: 'batch'; data: unknown[]; bytesRead: number; totalBytes: number | undefined }
  | { type: 'done'; counts: RowCounts; unseen: string[] }
  | { type: 'error'; error: SerializedError };

export const WRITE_EXISTING = 0;
export const WRITE_NEW = 1;
export const REJECT = 2;
/** Batches the worker may run ahead of the writes (each ≈ 1 MiB of input). */
export const MAX_IN_FLIGHT = 4;

export interface SerializedError {
  kyodo: boolean;
  name: string;
  code?: string;
  msg?: { en: string; ja: string };
  context?: KyodoError['context'];
  exitCode?: KyodoError['exitCode'];
  message: string;
  stack?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof KyodoError) {
    return { kyodo: true, name: err.name, code: err.code, msg: err.msg, context: err.context, exitCode: err.exitCode, message: err.message };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return { kyodo: false, name: e.name, message: e.message, stack: e.stack, code: (e as { code?: string }).code };
}

function reviveError(s: SerializedError): Error {
  if (s.kyodo && s.code && s.msg) {
    if (s.name === 'UsageError') return new UsageError(s.code, s.msg, s.context);
    if (s.name === 'ValidationError') return new ValidationError(s.code, s.msg, [], s.exitCode);
    return new KyodoError(s.code, s.msg, s.context, s.exitCode);
  }
  const e = Object.assign(new Error(s.message), { code: s.code });
  e.name = s.name;
  if (s.stack) e.stack = `${s.stack}\n    (in the import worker thread)`;
  return e;
}

/** Runs the worker to the end; rejects with its error (or a write error here) after stopping it. */
export function runImportWorker(url: URL, job: WorkerJob, sink: RowSink,
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void): Promise<{ counts: RowCounts; unseen: string[] }> {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const width = 3 + job.keyCount + job.valueCount;
  const values: SqlValue[] = new Array<SqlValue>(job.keyCount + job.valueCount);
  const apply = (data: unknown[]): void => {
    const nv = values.length;
    for (let i = 0; i < data.length;) {
      const tag = data[i] as number;
      if (tag === REJECT) {
        sink.reject(data[i + 1] as number, data[i + 2] as string[], data[i + 3] as RowProblem, data[i + 4] as number);
        i += 5;
        continue;
      }
      for (let k = 0; k < nv; k++) values[k] = data[i + 3 + k] as SqlValue;
      values.length = nv;
      // The source cells are not shipped: only a constraint error needs them, and kinds with
      // secondary unique constraints (orgs) never take this path; the stored values stand in.
      sink.write(data[i + 1] as number, values as string[], values, data[i + 2] as number, tag === WRITE_NEW);
      i += width;
    }
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { job, control: control.buffer } });
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      try {
        if (m.type === 'batch') {
          apply(m.data);
          onProgress?.(m.bytesRead, m.totalBytes);
          Atomics.sub(control, 0, 1);
          Atomics.notify(control, 0);
        } else if (m.type === 'done') {
          settled = true;
          resolve({ counts: m.counts, unseen: m.unseen });
        } else {
          fail(reviveError(m.error));
        }
      } catch (err) {
        fail(err);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the import worker stopped (exit code ${code}) before it finished`)));
  });
}
