/**
 * Worker thread of a big import: reads, decodes, tokenizes and validates the
 * file, or one part of it (`job.part`, see import-worker-client.ts), and ships
 * the rows to write in flat batches; the importing thread only runs the
 * prepared statements. It reads the database through its own read-only
 * connection: the importing thread already holds BEGIN IMMEDIATE, so nobody can
 * commit in between and this snapshot is the one it writes over.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { KyodoError, msg } from '../errors.js';
import { readCsv, readCsvRange, type CsvRecord } from '../csv/reader.js';
import { lineBreaksBefore } from '../csv/split.js';
import { resolveHeader } from './headers.js';
import { KIND_SPECS } from './specs.js';
import { loadRawHashes } from './store.js';
import { KeyTable } from './key-table.js';
import { PartClaims } from './key-claims.js';
import type { KindSpec } from './kind.js';
import { RowPipeline, recordContext, type RowSink } from './rows.js';
import { loadSuppressions } from '../privacy/suppression.js';
import { keepsStoredWhenEmpty } from './formats/format.js';
import { MAX_IN_FLIGHT, REJECT, WRITE_EXISTING, WRITE_NEW, serializeError, type MainMessage, type WorkerJob, type WorkerMessage } from './import-worker-client.js';

/** Values gathered before a batch is posted (a read chunk of a first import gives ~10,000). */
const MIN_BATCH_VALUES = 4096;
/** Input read without posting, at most (progress reports ride on the batches). */
const MAX_QUIET_BYTES = 4 << 20;

const { job, control: controlBuffer } = workerData as { job: WorkerJob; control: SharedArrayBuffer };
const control = new Int32Array(controlBuffer);
const port = parentPort!;
const post = (m: WorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
// Messages from the importing thread are kept until asked for: both may arrive before the first is awaited.
const inbox: MainMessage[] = [];
let wake: (() => void) | undefined;
const onMessage = (m: MainMessage): void => {
  inbox.push(m);
  wake?.();
};
port.on('message', onMessage);
async function receive<T extends MainMessage['type']>(type: T): Promise<Extract<MainMessage, { type: T }>> {
  while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  const m = inbox.shift()!;
  if (m.type !== type) throw new Error(`import worker: expected ${type}, got ${m.type}`);
  return m as Extract<MainMessage, { type: T }>;
}

/**
 * The stored keys and raw hashes: the importing thread and each worker read a share of the
 * keys and hand it over; the whole table comes back in shared memory, with this thread's own
 * byte array to mark the keys it reads.
 */
async function storedKeys(db: Database.Database, spec: KindSpec): Promise<PartClaims> {
  const share = await receive('hash-share');
  if (share.range !== undefined) {
    const parts = loadRawHashes(db, spec.table, spec.key, { range: share.range, into: new KeyTable(share.expected) }).parts();
    post({ type: 'hashes', parts }, [parts.chars, parts.start, parts.hashes, parts.vals].map((a) => a.buffer as ArrayBuffer));
  }
  const t = await receive('table');
  // Nothing else comes: a listening port would keep this thread alive after the last batch.
  port.off('message', onMessage);
  return new PartClaims(KeyTable.attach(t.table), new Uint8Array(t.seen));
}

function fileChanged(): KyodoError {
  return new KyodoError('file_changed', msg(`${job.file} changed while it was being imported`, `${job.file} が取り込み中に変更されました`), { file: job.file });
}

interface Records {
  batches: AsyncIterable<CsvRecord[]>;
  /** Bytes of this part read so far (and of the whole file, when known). */
  progress(): { bytesRead: number; totalBytes: number | undefined };
  /** For a first part: whether it ended at the end of a record, and the line reached. */
  boundary?: () => { clean: boolean; line: number };
}

/** The records to handle (without the header). */
async function openRecords(): Promise<Records> {
  let bytesRead = 0;
  let totalBytes: number | undefined;
  const progress = (): { bytesRead: number; totalBytes: number | undefined } => ({ bytesRead, totalBytes });
  const sameHeader = (fields: string[]): boolean => fields.length === job.header.length && fields.every((h, i) => h === job.header[i]);
  const part = job.part;
  if (part === undefined) {
    const reader = await readCsv(job.file, { encoding: job.encoding, onProgress: (b, t) => { bytesRead = b; totalBytes = t; } });
    if (!sameHeader(reader.header.fields)) throw fileChanged();
    return { batches: reader.batches(), progress };
  }
  totalBytes = statSync(job.file).size;
  // The second part learns its first physical line first: its rejects and errors name file lines.
  const firstLine = part.start === 0 ? 1 : 1 + await lineBreaksBefore(job.file, part.start);
  if (part.start > 0) post({ type: 'first-line', line: firstLine });
  const range = readCsvRange(job.file, { encoding: job.encoding, start: part.start, ...(part.end === undefined ? {} : { end: part.end }), firstLine,
    onProgress: (b) => { bytesRead = b; } });
  async function* withoutHeader(): AsyncGenerator<CsvRecord[]> {
    let first = part!.start === 0;
    for await (const batch of range.batches()) {
      if (first) {
        first = false;
        if (!sameHeader(batch[0]!.fields)) throw fileChanged();
        if (batch.length > 1) yield batch.slice(1);
        continue;
      }
      yield batch;
    }
  }
  return { batches: withoutHeader(), progress, ...(part.end === undefined ? {} : { boundary: () => ({ clean: range.atRecordBoundary(), line: range.lineReached() }) }) };
}

async function main(): Promise<void> {
  const spec = KIND_SPECS[job.kind];
  const db = new Database(job.dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const records = await openRecords();
    const plan = resolveHeader(spec, job.header, job.mapping, job.file);
    let data: unknown[] = [];
    const sink: RowSink = {
      write(line, _source, values, rawHash, isNew) {
        data.push(isNew ? WRITE_NEW : WRITE_EXISTING, line, rawHash);
        for (let k = 0; k < values.length; k++) data.push(values[k]);
      },
      reject(line, source, problem, extra) {
        data.push(REJECT, line, source, problem, extra);
      },
    };
    const claims = await storedKeys(db, spec);
    const pipeline = new RowPipeline({
      spec, plan, sourceHeader: job.header, adapter: undefined, seed: job.seed, keys: claims,
      ctx: recordContext(db), suppressions: job.kind === 'volunteers' ? loadSuppressions(db, 'volunteers') : undefined,
      keepStoredWhenEmpty: keepsStoredWhenEmpty(job.format), sink,
    });
    // A nightly re-import writes few rows: its batches are gathered until they are worth a message
    // (each costs ~70 µs to post; 900 per 115 MB of input took ~0.07 s) or 4 MiB of input went by.
    let postedAt = 0;
    const ship = (): void => {
      // Stay at most MAX_IN_FLIGHT batches ahead of the writes.
      Atomics.add(control, 0, 1);
      const progress = records.progress();
      post({ type: 'batch', data, ...progress });
      postedAt = progress.bytesRead;
      data = [];
      for (let n = Atomics.load(control, 0); n >= MAX_IN_FLIGHT; n = Atomics.load(control, 0)) Atomics.wait(control, 0, n);
    };
    for await (const batch of records.batches) {
      for (const rec of batch) pipeline.handle(rec);
      if (data.length >= MIN_BATCH_VALUES || (data.length > 0 && records.progress().bytesRead - postedAt >= MAX_QUIET_BYTES)) ship();
    }
    if (data.length > 0) ship();
    if (job.part === undefined) {
      post({ type: 'done', counts: pipeline.counts });
    } else {
      // Which keys both parts read is decided by the importing thread: it needs this part's new ones.
      const fresh = claims.fresh.parts();
      post({ type: 'done', counts: pipeline.counts, fresh, ...(records.boundary ? { boundary: records.boundary() } : {}) },
        [fresh.chars, fresh.start, fresh.hashes, fresh.vals].map((a) => a.buffer as ArrayBuffer));
    }
  } finally {
    db.close();
  }
}

main().catch((err: unknown) => post({ type: 'error', error: serializeError(err) }));
