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
import type { Db } from '../db/open.js';
import { KeyTable, type KeyTableParts } from './key-table.js';
import { countRecords, keyAt, loadRawHashes } from './store.js';

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

/**
 * Messages to the worker: how many records are stored and after which key its share of
 * their hashes starts (undefined: none stored), then the importing thread's share.
 */
export type MainMessage =
  | { type: 'hash-split'; count: number; after: unknown[] | undefined }
  | { type: 'hashes'; parts: KeyTableParts };

export const WRITE_EXISTING = 0;
export const WRITE_NEW = 1;
export const REJECT = 2;
/** Batches the worker may run ahead of the writes (each one read chunk, 128 KiB of input). */
export const MAX_IN_FLIGHT = 16;
/** Old-generation cap of the worker's heap (see runImportWorker). */
const WORKER_OLD_SPACE_MB = 96;

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

/**
 * The importing thread's half of loading the stored raw hashes (a re-import's first
 * ~0.65 s per million records, before any row can be decided): it reads the lower
 * half of the keys (inside its transaction, before any write, so both halves come
 * from the snapshot the import writes over) while the worker starts up and reads the
 * upper half, then hands its table over without a copy. Measured on the 1M re-import:
 * 2.9–3.3 s with the worker loading all, 2.7–2.9 s split.
 */
export function shareStoredHashes(db: Db, table: string, keyCols: readonly string[], send: (m: MainMessage, transfer?: ArrayBuffer[]) => void): void {
  const count = countRecords(db, table);
  const after = count > 0 ? keyAt(db, table, keyCols, Math.floor((count - 1) / 2)) : undefined;
  send({ type: 'hash-split', count, after });
  if (after === undefined) return;
  const parts = loadRawHashes(db, table, keyCols, { range: { through: after }, into: new KeyTable(Math.ceil(count / 2)) }).parts();
  send({ type: 'hashes', parts }, [parts.chars, parts.start, parts.hashes, parts.vals].map((a) => a.buffer as ArrayBuffer));
}

/**
 * Runs the worker to the end; rejects with its error (or a write error here) after stopping it.
 * `started` runs on this thread as soon as the worker is created, and may send it messages.
 */
export function runImportWorker(url: URL, job: WorkerJob, sink: RowSink,
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void,
  started?: (send: (m: MainMessage, transfer?: ArrayBuffer[]) => void) => void): Promise<{ counts: RowCounts; unseen: string[] }> {
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
    // The worker's live heap stays small (one read chunk, the bounded parse memos; the key table is
    // off-heap), but V8 lets garbage pile up to ~4× that between full GCs. Capping the old generation
    // makes it collect sooner: peak RSS of a 1M-row import 233–239 → 206 MB at the same time (measured;
    // 64 MB gave the same, 96 MB keeps room for a 1 MiB record and its copies).
    const worker = new Worker(url, { workerData: { job, control: control.buffer }, resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB } });
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
    try {
      started?.((m, transfer) => worker.postMessage(m, transfer));
    } catch (err) {
      fail(err);
    }
  });
}
