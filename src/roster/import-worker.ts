/**
 * Worker thread of a big import: reads, decodes, tokenizes and validates the
 * file (RowPipeline) and ships the rows to write in flat batches; the importing
 * thread only runs the prepared statements. It reads the database through its
 * own read-only connection: the importing thread already holds BEGIN IMMEDIATE,
 * so nobody can commit in between and this snapshot is the one it writes over.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { KyodoError, msg } from '../errors.js';
import { readCsv } from '../csv/reader.js';
import { resolveHeader } from './headers.js';
import { KIND_SPECS } from './specs.js';
import { loadRawHashes } from './store.js';
import { KeyTable } from './key-table.js';
import type { KindSpec } from './kind.js';
import { RowPipeline, recordContext, type RowSink } from './rows.js';
import { loadSuppressions } from '../privacy/suppression.js';
import { MAX_IN_FLIGHT, REJECT, WRITE_EXISTING, WRITE_NEW, serializeError, type MainMessage, type WorkerJob, type WorkerMessage } from './import-worker-client.js';

const { job, control: controlBuffer } = workerData as { job: WorkerJob; control: SharedArrayBuffer };
const control = new Int32Array(controlBuffer);
const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);
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

/** The stored raw hashes: this thread reads the upper half of the keys, the importing thread the lower (shareStoredHashes). */
async function storedHashes(db: Database.Database, spec: KindSpec): Promise<KeyTable> {
  const split = await receive('hash-split');
  const table = new KeyTable(split.count);
  if (split.after !== undefined) {
    loadRawHashes(db, spec.table, spec.key, { range: { after: split.after }, into: table });
    table.absorb((await receive('hashes')).parts);
  }
  // Nothing else comes: a listening port would keep this thread alive after the last batch.
  port.off('message', onMessage);
  return table;
}

async function main(): Promise<void> {
  const spec = KIND_SPECS[job.kind];
  const db = new Database(job.dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    let bytesRead = 0;
    let totalBytes: number | undefined;
    const reader = await readCsv(job.file, { encoding: job.encoding, onProgress: (b, t) => { bytesRead = b; totalBytes = t; } });
    const header = reader.header.fields;
    if (header.length !== job.header.length || header.some((h, i) => h !== job.header[i])) {
      throw new KyodoError('file_changed', msg(`${job.file} changed while it was being imported`, `${job.file} が取り込み中に変更されました`), { file: job.file });
    }
    const plan = resolveHeader(spec, header, job.mapping, job.file);
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
    const existing = await storedHashes(db, spec);
    const pipeline = new RowPipeline({
      spec, plan, sourceHeader: header, adapter: undefined, seed: job.seed, existing,
      ctx: recordContext(db), suppressions: job.kind === 'volunteers' ? loadSuppressions(db, 'volunteers') : undefined, sink,
    });
    for await (const batch of reader.batches()) {
      for (const rec of batch) pipeline.handle(rec);
      if (data.length === 0) continue;
      // Stay at most MAX_IN_FLIGHT batches ahead of the writes.
      Atomics.add(control, 0, 1);
      post({ type: 'batch', data, bytesRead, totalBytes });
      data = [];
      for (let n = Atomics.load(control, 0); n >= MAX_IN_FLIGHT; n = Atomics.load(control, 0)) Atomics.wait(control, 0, n);
    }
    post({ type: 'done', counts: pipeline.counts, unseen: job.full ? [...pipeline.unseenKeys()] : [] });
  } finally {
    db.close();
  }
}

main().catch((err: unknown) => post({ type: 'error', error: serializeError(err) }));
