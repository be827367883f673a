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
import { KeyTable, type KeyTableParts, type SharedKeyTable } from './key-table.js';
import { RETIRED, countRecords, keyAt, loadRawHashes, type KeyRange } from './store.js';

/** What a worker needs to redo the header plan and read the file, or its part of it. */
export interface WorkerJob {
  file: string;
  encoding: CsvEncoding;
  kind: RosterKind;
  format: FormatName;
  mapping: ColumnMapping | undefined;
  seed: number;
  dbPath: string;
  /** The header this thread read: the worker refuses a file that changed since. */
  header: string[];
  keyCount: number;
  valueCount: number;
  /** The bytes [start, end) of the file (end undefined: to the end); undefined: the whole file. */
  part?: { start: number; end?: number };
}

/**
 * Messages from a worker. A batch is one flat array per read chunk, so the
 * structured clone is one array of primitives, not a million small objects:
 *   write:  WRITE_NEW | WRITE_EXISTING, line, rawHash, …values (keyCount + valueCount)
 *   reject: REJECT, line, source cells (array), problem (object), extra
 * A part's `done` carries the keys it read that the database does not hold (`fresh`)
 * and, for the first part, whether it ended at the end of a record (`boundary`).
 */
export type WorkerMessage =
  | { type: 'hashes'; parts: KeyTableParts }
  | { type: 'first-line'; line: number }
  | { type: 'batch'; data: unknown[]; bytesRead: number; totalBytes: number | undefined }
  | { type: 'done'; counts: RowCounts; fresh?: KeyTableParts; boundary?: { clean: boolean; line: number } }
  | { type: 'error'; error: SerializedError };

/**
 * Messages to a worker: its share of the stored hashes to read (a key range, about as many
 * records as `expected`; undefined: none are stored); then the whole table in shared memory
 * and the byte array in which the worker marks the keys it reads.
 */
export type MainMessage =
  | { type: 'hash-share'; expected: number; range: KeyRange | undefined }
  | { type: 'table'; table: SharedKeyTable; seen: SharedArrayBuffer };

export const WRITE_EXISTING = 0;
export const WRITE_NEW = 1;
export const REJECT = 2;
/** Batches the worker may run ahead of the writes (each one read chunk, 128 KiB of input). */
export const MAX_IN_FLIGHT = 16;
/** Old-generation cap of a worker's heap (see runImportWorkers). */
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

/** How an import on worker threads ended: `redo` when the split was not valid (see runImportWorkers). */
export interface WorkersResult {
  counts: RowCounts;
  /** Keys of live stored records no part read (for --full). */
  unseen: string[];
  redo: boolean;
}

export interface WorkersOptions {
  url: URL;
  job: Omit<WorkerJob, 'part'>;
  /** Where the file is cut in two parts (split.ts), or undefined for one worker reading it all. */
  cut: number | undefined;
  db: Db;
  table: string;
  keyCols: readonly string[];
  full: boolean;
  sink: RowSink;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Ctrl-C: the workers are stopped and the import ends with `interrupted()`. */
  signal?: AbortSignal;
  interrupted?: () => Error;
}

/**
 * Reads the file on one worker thread, or on two (one per part of the file, cut at
 * `cut`), while this thread runs the writes of every batch as it comes.
 *
 * The stored raw hashes are loaded first, in key ranges read at once by this thread (inside
 * the transaction, before any write, so from the snapshot the import writes over) and by each
 * worker as it starts, into one table in shared memory that every worker reads (1M records:
 * ready ~0.9 s after the process started, the workers' start-up included).
 *
 * Two parts must decide exactly as one reader would. The cut is a guess (after a line
 * feed that may lie in a quoted field) that the first part confirms when it reaches it;
 * a key both parts read must make the second part's row a duplicate. Both are only known
 * at the end, so then the result says `redo` and the caller rolls back and reads the file
 * again on one worker: a file with a duplicate key across its halves (already a broken
 * file) takes twice as long, nothing else changes. Until then an error of the second
 * part is held too: with a bad cut it may be an artefact of reading from mid-field.
 */
export async function runImportWorkers(o: WorkersOptions): Promise<WorkersResult> {
  const parts: WorkerJob[] = o.cut === undefined ? [o.job] : [{ ...o.job, part: { start: 0, end: o.cut } }, { ...o.job, part: { start: o.cut } }];
  // Set once the workers are started (they boot while this thread reads its share of the keys).
  let count = 0;
  let seen: SharedArrayBuffer[] = [];
  let stored = new KeyTable(0, true);
  let sharesDue = 0;
  const width = 3 + o.job.keyCount + o.job.valueCount;
  const values: SqlValue[] = new Array<SqlValue>(o.job.keyCount + o.job.valueCount);
  const apply = (data: unknown[]): void => {
    const nv = values.length;
    for (let i = 0; i < data.length;) {
      const tag = data[i] as number;
      if (tag === REJECT) {
        o.sink.reject(data[i + 1] as number, data[i + 2] as string[], data[i + 3] as RowProblem, data[i + 4] as number);
        i += 5;
        continue;
      }
      for (let k = 0; k < nv; k++) values[k] = data[i + 3 + k] as SqlValue;
      values.length = nv;
      // The source cells are not shipped: only a constraint error needs them, and kinds with
      // secondary unique constraints (orgs) never take this path (a key new to the table that
      // both parts hold fails its second INSERT, but then the file is read again); the stored
      // values stand in.
      o.sink.write(data[i + 1] as number, values as string[], values, data[i + 2] as number, tag === WRITE_NEW);
      i += width;
    }
  };

  const progress = parts.map(() => 0);
  let totalBytes: number | undefined;
  const ended: ({ done: Extract<WorkerMessage, { type: 'done' }> } | { error: Error } | undefined)[] = parts.map(() => undefined);
  let tailFirstLine: number | undefined;
  const workers: Worker[] = [];

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      if (err !== undefined) {
        for (const w of workers) void w.terminate();
        reject(err);
      } else {
        resolve();
      }
    };
    const checkAllEnded = (): void => {
      if (ended.every((e) => e !== undefined)) finish();
    };
    if (o.signal) {
      const onAbort = (): void => finish(o.interrupted?.() ?? new Error('aborted'));
      if (o.signal.aborted) onAbort();
      else o.signal.addEventListener('abort', onAbort, { once: true });
    }
    parts.forEach((job, w) => {
      const control = new Int32Array(new SharedArrayBuffer(4));
      // The worker's live heap stays small (one read chunk, the bounded parse memos; the key table is
      // off-heap), but V8 lets garbage pile up to ~4× that between full GCs. Capping the old generation
      // makes it collect sooner: peak RSS of a 1M-row import 233–239 → 206 MB at the same time (measured;
      // 64 MB gave the same, 96 MB keeps room for a 1 MiB record and its copies).
      const worker = new Worker(o.url, { workerData: { job, control: control.buffer }, resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB } });
      workers.push(worker);
      worker.on('message', (m: WorkerMessage) => {
        if (settled) return;
        try {
          if (m.type === 'batch') {
            apply(m.data);
            progress[w] = m.bytesRead;
            totalBytes = m.totalBytes ?? totalBytes;
            o.onProgress?.(progress.reduce((a, b) => a + b, 0), totalBytes);
            Atomics.sub(control, 0, 1);
            Atomics.notify(control, 0);
          } else if (m.type === 'hashes') {
            stored.absorb(m.parts);
            if (--sharesDue === 0) shareTable();
          } else if (m.type === 'first-line') {
            tailFirstLine = m.line;
          } else if (m.type === 'done') {
            ended[w] = { done: m };
            // A first part that did not end at a record boundary: the second part's work is void.
            if (w === 0 && parts.length === 2 && !m.boundary?.clean) {
              void workers[1]!.terminate();
              finish();
            }
            checkAllEnded();
          } else if (w === 0 || sharesDue > 0) {
            // The first part (or the whole file) reads as a single reader would: its errors are the file's.
            // So are the second part's before it read a record (the file or the database could not be
            // read), and the first part would wait for that share of the keys for ever.
            finish(reviveError(m.error));
          } else {
            ended[w] = { error: reviveError(m.error) };
            checkAllEnded();
          }
        } catch (err) {
          finish(err);
        }
      });
      worker.on('error', finish);
      worker.on('exit', (code) => {
        if (ended[w] === undefined) finish(new Error(`the import worker stopped (exit code ${code}) before it finished`));
      });
    });
    const shareTable = (): void => {
      const table = stored.share();
      workers.forEach((worker, w) => worker.postMessage({ type: 'table', table, seen: seen[w]! } satisfies MainMessage));
    };
    try {
      count = countRecords(o.db, o.table);
      seen = parts.map(() => new SharedArrayBuffer(Math.max(count, 1)));
      stored = new KeyTable(count, true);
      // Share i of the stored keys ends with bounds[i] (the last share is open).
      const shares = parts.length + 1;
      const bounds: unknown[][] = [];
      if (count > 0) for (let i = 1; i < shares; i++) bounds.push(keyAt(o.db, o.table, o.keyCols, Math.ceil((count * i) / shares) - 1)!);
      const share = (i: number): KeyRange => ({ ...(i > 0 ? { after: bounds[i - 1] } : {}), ...(i < shares - 1 ? { through: bounds[i] } : {}) });
      sharesDue = count > 0 ? parts.length : 0;
      const expected = Math.ceil(count / shares);
      workers.forEach((worker, w) => worker.postMessage({ type: 'hash-share', expected, range: count > 0 ? share(w + 1) : undefined } satisfies MainMessage));
      if (count > 0) loadRawHashes(o.db, o.table, o.keyCols, { range: share(0), into: stored });
      else shareTable();
    } catch (err) {
      finish(err);
    }
  });

  const done = ended.map((e) => (e && 'done' in e ? e.done : undefined));
  const head = done[0]!;
  if (parts.length === 2) {
    const redo = (why: string): WorkersResult => {
      trace(`the cut at byte ${o.cut} does not hold (${why}): reading the file again as one part`);
      return { counts: head.counts, unseen: [], redo: true };
    };
    if (!goodCut(head, tailFirstLine)) return redo('it is inside a quoted field');
    const tailEnd = ended[1]!;
    if ('error' in tailEnd) throw tailEnd.error;
    if (readTwice(seen, count) || freshReadTwice(head.fresh!, done[1]!.fresh!)) return redo('a key is in both parts');
    trace(`read in two parts, cut at byte ${o.cut}`);
  }
  const counts = done.reduce<RowCounts>((sum, d) => ({
    rows: sum.rows + d!.counts.rows, unchanged: sum.unchanged + d!.counts.unchanged,
    skipped: sum.skipped + d!.counts.skipped, notNonprofit: sum.notNonprofit + d!.counts.notNonprofit, suppressed: sum.suppressed + d!.counts.suppressed,
    liveMatched: sum.liveMatched + d!.counts.liveMatched,
  }), { rows: 0, unchanged: 0, skipped: 0, notNonprofit: 0, suppressed: 0, liveMatched: 0 });
  return { counts, unseen: o.full ? unseenKeys(stored, seen) : [], redo: false };
}

/** KYODO_IMPORT_TRACE=1: how a big file was read, on stderr (tests check the path taken). */
function trace(line: string): void {
  if (process.env.KYODO_IMPORT_TRACE === '1') process.stderr.write(`kyodo import: ${line}\n`);
}

/** The first part ended at the end of a record, on the line the second part started from. */
function goodCut(head: Extract<WorkerMessage, { type: 'done' }>, tailFirstLine: number | undefined): boolean {
  return head.boundary !== undefined && head.boundary.clean && head.boundary.line === tailFirstLine;
}

/** A stored key that both parts read. */
function readTwice(seen: SharedArrayBuffer[], count: number): boolean {
  const a = new Uint8Array(seen[0]!);
  const b = new Uint8Array(seen[1]!);
  for (let e = 0; e < count; e++) if (a[e]! & b[e]!) return true;
  return false;
}

/** A key new to the table that both parts read. */
function freshReadTwice(head: KeyTableParts, tail: KeyTableParts): boolean {
  if (head.count === 0 || tail.count === 0) return false;
  const table = new KeyTable(head.count);
  table.absorb(head);
  for (let i = 0; i < tail.count; i++) if (table.holdsKeyOf(tail, i)) return true;
  return false;
}

function unseenKeys(stored: KeyTable, seen: SharedArrayBuffer[]): string[] {
  const marks = seen.map((s) => new Uint8Array(s));
  const out: string[] = [];
  for (let e = 0; e < stored.size; e++) {
    if (stored.valueAt(e) === RETIRED || marks.some((m) => m[e] !== 0)) continue;
    out.push(stored.keyAt(e));
  }
  return out;
}
