import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/open.js';
import { InterruptedError, KyodoError, UsageError, msg, type Msg } from '../errors.js';
import { readCsv, type CsvReader } from '../csv/reader.js';
import type { SqlValue } from './cells.js';
import { dbColumnsOf, type KindSpec, type RosterKind, type RowProblem } from './kind.js';
import { HeaderMismatchError, resolveHeader, type ColumnMapping, type HeaderPlan } from './headers.js';
import { FORMAT_ADAPTERS, FORMAT_KINDS, KIND_SPECS } from './specs.js';
import { keepsStoredWhenEmpty, type FormatName, type RowAdapter } from './formats/format.js';
import { detachString, hashString } from './hash.js';
import { hasRecords, loadRawHashes, prepareRetire, prepareWriter } from './store.js';
import { RowPipeline, recordContext, type RowCounts } from './rows.js';
import { runImportWorkers } from './import-worker-client.js';
import { TableClaims } from './key-claims.js';
import { cutAfterLineFeed } from '../csv/split.js';
import { endRunMarker, recordPendingRuns, startRunMarker } from './runs.js';
import { defaultRejectsPath, writeRejectsFile, type RejectRow } from './rejects.js';
import { loadSuppressions } from '../privacy/suppression.js';

/** `--max-retire`: how many of a kind's active records a `--full` run may retire. */
export type RetireLimit = { percent: number } | { count: number } | 'all';

/** The default guard of `--full`: a truncated export must not retire the roster. */
const DEFAULT_RETIRE_LIMIT: RetireLimit = { percent: 10 };

export interface ImportOptions {
  kind: RosterKind;
  /** Path, or '-' for stdin. */
  file: string;
  format: FormatName;
  encoding: 'auto' | 'utf-8' | 'shift_jis';
  mapping?: ColumnMapping;
  full: boolean;
  /** `--full` only: refuse the run when it would retire more than this (default 10 %). */
  maxRetire?: RetireLimit;
  /** `--format houjin`: every corporation, not only non-profit legal forms. */
  allKinds?: boolean;
  strict: boolean;
  dryRun: boolean;
  /** Where to write the rejects CSV; default beside the database, named after it and the run. */
  rejectsPath?: string;
  /** The database file (for the default rejects path and the run marker). */
  dbPath: string;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Warnings worth telling staff once (unknown columns, skipped rows). */
  onWarning?: (m: Msg) => void;
  /** Writes that belong to the run (an audit record), in its transaction just before the COMMIT of the rows. */
  beforeCommit?: (result: ImportResult) => void;
  /** Ctrl-C: the import stops between batches, rolls back and throws InterruptedError. */
  signal?: AbortSignal;
  now?: () => Date;
}

/** One rejected row as reported (value masked for personal columns). */
export interface RejectReport {
  line: number;
  column: string | null;
  value: string | null;
  code: string;
  reason: string;
}

export interface ImportResult {
  /** The run in the history; null for a dry run (it changes nothing, the history included). */
  run_id: number | null;
  kind: RosterKind;
  file: string;
  format: FormatName;
  encoding: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  retired: number;
  /** Rows an external format leaves out on purpose; `skipped_not_nonprofit` of them are corporations of other legal forms. */
  skipped: number;
  skipped_not_nonprofit: number;
  suppressed: number;
  dry_run: boolean;
  /** --strict with rejects: everything was rolled back. */
  rolled_back: boolean;
  rejects_file: string | null;
  rejects: RejectReport[];
  unknown_columns: string[];
}

const MAX_REPORTED_REJECTS = 100;

/** Thrown between batches when the run was cancelled. */
function cancelled(): InterruptedError {
  return new InterruptedError(msg('import cancelled (Ctrl-C); nothing was changed', '取込を中止しました（Ctrl-C）。何も変更していません'));
}

/**
 * Imports one roster file: every valid row is upserted by key in a single
 * transaction, every bad row is rejected with its line, column and reason.
 * Throws KyodoError (database untouched) when the file cannot be read at all,
 * when `--full` would retire more than allowed, or when cancelled.
 */
export async function importRoster(db: Db, opts: ImportOptions, lang: 'en' | 'ja' = 'en'): Promise<ImportResult> {
  const spec = KIND_SPECS[opts.kind];
  if (!FORMAT_KINDS[opts.format].includes(opts.kind)) {
    throw new UsageError('format_kind_mismatch', msg(
      `--format ${opts.format} is for ${FORMAT_KINDS[opts.format].join(', ')}, not ${opts.kind}`,
      `--format ${opts.format} は ${FORMAT_KINDS[opts.format].join('、')} 用です（${opts.kind} には使えません）`,
    ));
  }
  const adapterDef = FORMAT_ADAPTERS[opts.format];
  const keepStored = keepsStoredWhenEmpty(opts.format);
  // Earlier runs that died or could not be recorded: into the history now (a dry run writes nothing).
  if (!opts.dryRun) recordPendingRuns(db, opts.dbPath);

  const reader = await readCsv(opts.file, { encoding: opts.encoding, onProgress: opts.onProgress });
  // The user's own name for the input ('-' for stdin) is what history and JSON show.
  const file = opts.file === '-' ? '-' : reader.file;
  const orgByNumber = db.prepare('SELECT org_id FROM organizations WHERE corporate_number = ?').pluck();
  let adapter: RowAdapter | undefined;
  let header: string[];
  let sourceHeader: string[];
  if (adapterDef) {
    adapter = adapterDef.prepare(adapterDef.headerless ? undefined : reader.header.fields, {
      orgIdByCorporateNumber: (cn) => orgByNumber.get(cn) as string | undefined,
      allKinds: opts.allKinds ?? false,
    }, file);
    header = adapter.header;
    sourceHeader = adapter.sourceHeader;
  } else {
    header = reader.header.fields;
    sourceHeader = header;
  }
  const plan = resolveHeader(spec, header, opts.mapping, file);
  const unknownColumns = adapter ? adapter.unknown : plan.unknown;
  if (plan.missingRequired.length > 0) throw new HeaderMismatchError(spec, header, plan.unknown, plan.missingRequired, file);
  if (unknownColumns.length > 0) {
    opts.onWarning?.(msg(
      `${file}: column(s) not imported (unknown to kyodo): ${unknownColumns.join(', ')}`,
      `${file}: 取り込まない列（kyodo にない列）: ${unknownColumns.join('、')}`,
    ));
  }

  const startedAt = (opts.now?.() ?? new Date()).toISOString();
  const result: ImportResult = {
    run_id: 0, kind: opts.kind, file, format: opts.format, encoding: reader.encoding, rows: 0, inserted: 0, updated: 0,
    unchanged: 0, rejected: 0, retired: 0, skipped: 0, skipped_not_nonprofit: 0, suppressed: 0, dry_run: opts.dryRun, rolled_back: false,
    rejects_file: null, rejects: [], unknown_columns: unknownColumns,
  };
  /** Rejected rows as they come (the batches of two parts of a file interleave); stored in line order at the end. */
  let rejectRows: (RejectRow & { value: string | null })[] = [];
  const keyDb = spec.key;
  const valueColumns = valueColumnsOf(spec, plan);
  const seed = hashSeed(opts.format, plan);
  const workerUrl = chooseWorker(opts, adapterDef !== undefined, reader);
  const cut = workerUrl ? await chooseCut(reader, hasRecords(db, spec.table)) : undefined;
  const marker = startRunMarker(opts.dbPath, { started_at: startedAt, kind: opts.kind, file, format: opts.format });
  const runRow = {
    kind: opts.kind, file, format: opts.format, encoding: reader.encoding, started_at: startedAt, full: opts.full, strict: opts.strict,
    header: JSON.stringify(sourceHeader), unknown_columns: JSON.stringify(unknownColumns), mapping: JSON.stringify(plan.used),
  };
  const insertRun = (status: 'done' | 'rolled_back', token: string | null): number => Number(db.prepare(`INSERT INTO import_runs
      (kind, file, format, encoding, started_at, status, full, strict, header, unknown_columns, mapping, token)
      VALUES (@kind, @file, @format, @encoding, @started_at, @status, @full, @strict, @header, @unknown_columns, @mapping, @token)`)
    .run({ ...runRow, full: opts.full ? 1 : 0, strict: opts.strict ? 1 : 0, status, token }).lastInsertRowid);

  const reject = (line: number, fields: string[], problem: RowProblem, extra = 0): void => {
    const reason = lang === 'ja' ? problem.reason.ja : problem.reason.en;
    // Copies: a cell sliced from the read chunk would keep the whole chunk alive until the end.
    rejectRows.push({ fields: fields.map((f) => detachString(String(f ?? ''))), line, column: problem.column, value: problem.value, code: problem.code,
      reason: extra > 0 ? `${reason} (+${extra} more)` : reason });
  };

  /** The rejected rows into the history and the rejects file, and the run's counts (inside the run's transaction). */
  const finishRun = (runId: number, note?: Msg): void => {
    const insertReject = db.prepare(`INSERT INTO import_rejects (run_id, seq, line, "column", value, code, reason, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    rejectRows.forEach((r, i) => insertReject.run(runId, i + 1, r.line, r.column, r.value, r.code, r.reason, JSON.stringify(r.fields)));
    if (result.rejected > 0) result.rejects_file = writeRejects(runId);
    db.prepare(`UPDATE import_runs SET finished_at = ?, rows = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?, retired = ?,
        skipped = ?, suppressed = ?, rejects_file = ?, note = ?, note_ja = ? WHERE run_id = ?`).run((opts.now?.() ?? new Date()).toISOString(), result.rows,
      result.inserted, result.updated, result.unchanged, result.rejected, result.retired, result.skipped, result.suppressed,
      result.rejects_file, note?.en ?? null, note?.ja ?? null, runId);
  };
  /** Written before the COMMIT: a file that cannot be written fails the run, and nothing is kept. */
  const writeRejects = (runId: number | null): string => {
    const path = opts.rejectsPath ? resolve(opts.rejectsPath) : defaultRejectsPath(opts.dbPath, runId, startedAt);
    writeRejectsFile(path, sourceHeader, rejectRows, { replace: opts.rejectsPath !== undefined });
    return path;
  };

  /**
   * One transaction: the whole import, or `false` (rolled back) when the file was read in two
   * parts that could not stand for one reading of it (see runImportWorkers).
   */
  const attempt = async (cut: number | undefined): Promise<boolean> => {
    result.inserted = result.updated = result.unchanged = result.retired = 0;
    rejectRows = [];
    db.exec('BEGIN IMMEDIATE');
    const runId = insertRun('done', marker.token);

    const writer = prepareWriter(db, spec.table, keyDb, valueColumns, runId, keepStored);
    const write = (line: number, source: string[], values: SqlValue[], rawHash: number, isNew: boolean): void => {
      try {
        if (isNew) {
          writer.insert(values, rawHash);
          result.inserted++;
        } else {
          result[writer.upsert(values, rawHash)]++;
        }
      } catch (err) {
        if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) return reject(line, source, constraintProblem(err as Error));
        throw err;
      }
    };

    let counts: RowCounts;
    let unseen: Iterable<string>;
    if (workerUrl) {
      await reader.close();
      const done = await runImportWorkers({
        url: workerUrl, cut, db, table: spec.table, keyCols: keyDb, full: opts.full, sink: { write, reject },
        job: {
          file: reader.file, encoding: reader.encoding, kind: opts.kind, format: opts.format, mapping: opts.mapping, seed, dbPath: opts.dbPath,
          header: reader.header.fields, keyCount: keyDb.length, valueCount: valueColumns.length,
        },
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        ...(opts.signal ? { signal: opts.signal, interrupted: cancelled } : {}),
      });
      if (done.redo) {
        db.exec('ROLLBACK');
        return false;
      }
      counts = done.counts;
      unseen = done.unseen;
    } else {
      const claims = new TableClaims(loadRawHashes(db, spec.table, keyDb));
      const pipeline = new RowPipeline({
        spec, plan, sourceHeader, adapter, seed, keys: claims, ctx: recordContext(db),
        suppressions: opts.kind === 'volunteers' ? loadSuppressions(db, 'volunteers') : undefined, keepStoredWhenEmpty: keepStored, sink: { write, reject },
      });
      if (adapterDef?.headerless) pipeline.handle(reader.header);
      for await (const batch of reader.batches()) {
        for (const rec of batch) pipeline.handle(rec);
        if (opts.signal) {
          // Reads are synchronous: let the event loop see a Ctrl-C between batches.
          await new Promise((r) => setImmediate(r));
          if (opts.signal.aborted) throw cancelled();
        }
      }
      counts = pipeline.counts;
      unseen = opts.full ? claims.unseenKeys() : [];
    }
    if (opts.signal?.aborted) throw cancelled();
    result.rows = counts.rows;
    result.unchanged += counts.unchanged;
    result.skipped = counts.skipped;
    result.skipped_not_nonprofit = counts.notNonprofit;
    result.suppressed = counts.suppressed;

    if (opts.full) {
      const retire = prepareRetire(db, spec.table, keyDb);
      for (const key of unseen) result.retired += retire(key, runId);
      // Active before the run: those the file lists again, and those it retires (no count query over the table).
      checkRetireLimit(spec, result, counts.liveMatched + result.retired, opts.maxRetire ?? DEFAULT_RETIRE_LIMIT, file);
    }
    rejectRows.sort((x, y) => x.line - y.line);
    result.rejected = rejectRows.length;
    result.rejects = rejectRows.slice(0, MAX_REPORTED_REJECTS).map((r) => ({ line: r.line, column: r.column, value: r.value, code: r.code, reason: r.reason }));
    if (opts.dryRun) {
      // A dry run changes nothing, the history included: no run number (a later run would reuse it).
      db.exec('ROLLBACK');
      result.run_id = null;
      if (result.rejected > 0) result.rejects_file = writeRejects(null);
      return true;
    }
    if (opts.strict && result.rejected > 0) {
      // Everything is rolled back; the history keeps the run, its rejects and why.
      db.exec('ROLLBACK');
      result.rolled_back = true;
      db.exec('BEGIN IMMEDIATE');
      result.run_id = insertRun('rolled_back', marker.token);
      result.inserted = result.updated = result.retired = 0;
      finishRun(result.run_id, msg(`--strict: ${result.rejected} row(s) rejected, so nothing was stored`,
        `--strict: ${result.rejected}行を除外したため、何も保存していません`));
      db.exec('COMMIT');
      return true;
    }
    result.run_id = runId;
    finishRun(runId);
    opts.beforeCommit?.(result);
    db.exec('COMMIT');
    return true;
  };

  try {
    // A split that did not hold is read again as one part (twice as long, same result).
    if (!(await attempt(cut))) await attempt(undefined);
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    endRunMarker(opts.dbPath, marker);
    await reader.close();
  }
  return result;
}

/**
 * `--full` retires what the file does not list; a truncated export (a header and nothing
 * else, or half the rows) must not retire the roster. Refused when it would retire more
 * than the limit, and whenever a file without data rows would retire anything.
 */
function checkRetireLimit(spec: KindSpec, r: ImportResult, active: number, limit: RetireLimit, file: string): void {
  if (r.retired === 0 || limit === 'all') return;
  const share = active > 0 ? Math.round((r.retired / active) * 1000) / 10 : 100;
  const n = (x: number) => x.toLocaleString('en-US');
  if (r.rows === 0) {
    throw new KyodoError('retire_limit', msg(
      `${file} has no data rows: --full would retire all ${n(r.retired)} active ${spec.label.en}; nothing was changed`,
      `${file} にはデータ行がありません。--full で活動中の${spec.label.ja} ${n(r.retired)}件をすべて退会扱いにすることになるため、中止しました（何も変更していません）`,
    ), { file, hint: msg('a header-only file is usually a cut-off export: export it again. If the roster really is empty now, pass --max-retire all',
      '見出しだけのファイルは多くの場合、書き出しが途中で切れたものです。書き出し直してください。本当に名簿が空になったのなら --max-retire all を付けてください') });
  }
  const over = 'percent' in limit ? r.retired * 100 > limit.percent * active : r.retired > limit.count;
  if (!over) return;
  const shown = 'percent' in limit ? `${limit.percent}%` : n(limit.count);
  throw new KyodoError('retire_limit', msg(
    `--full would retire ${n(r.retired)} of ${n(active)} active ${spec.label.en} (${share}%), more than --max-retire ${shown}; nothing was changed`,
    `--full で活動中の${spec.label.ja} ${n(active)}件のうち ${n(r.retired)}件（${share}%）を退会扱いにすることになり、上限（--max-retire ${shown}）を超えるため中止しました（何も変更していません）`,
  ), { file, hint: msg(`if they really left the roster, run again with --max-retire ${Math.ceil(share)}% (or all); if the file is a cut-off export, export it again`,
    `本当に名簿から外れたのなら --max-retire ${Math.ceil(share)}%（または all）を付けて実行し直してください。書き出しが途中で切れたファイルなら、書き出し直してください`) });
}

/** Hash seed: the same cells read through another mapping or format are not "unchanged". */
export function hashSeed(format: FormatName, plan: HeaderPlan): number {
  return hashString(`${format}\u001f${plan.present.map((p) => `${p.col.name}@${p.index}`).join(',')}`);
}

/** Kinds a worker thread may validate (see chooseWorker). */
const WORKER_KINDS: ReadonlySet<RosterKind> = new Set<RosterKind>(['volunteers', 'facilities', 'openings']);

/** Files from this size up are read and validated on a worker thread while this one writes. */
const WORKER_MIN_BYTES = 4 << 20;

/**
 * The compiled worker module, when this import should use it: a native-format file
 * (not stdin) of a WORKER_KINDS kind, big enough to pay for
 * the thread, on a database file the worker can open too. KYODO_IMPORT_WORKER=0/1
 * forces the choice (tests compare both paths). Running from the TypeScript
 * sources (vitest) there is no compiled worker: the import stays on this thread.
 */
function chooseWorker(opts: ImportOptions, hasAdapter: boolean, reader: CsvReader): URL | undefined {
  const env = process.env.KYODO_IMPORT_WORKER;
  if (env === '0') return undefined;
  // Only kinds whose rows the database never refuses (no secondary unique keys: a duplicate 法人番号
  // of orgs is found by the database, and its reject needs the row's source cells, which the worker
  // does not ship) and whose record checks need nothing but recordContext().
  if (opts.file === '-' || opts.dbPath === ':memory:' || hasAdapter || !WORKER_KINDS.has(opts.kind)) return undefined;
  const url = new URL('./import-worker.js', import.meta.url);
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return undefined;
  if (env === '1') return url;
  let size = 0;
  try {
    size = statSync(reader.file).size;
  } catch {
    return undefined;
  }
  return size >= WORKER_MIN_BYTES ? url : undefined;
}

/** Files from this size up are read in two parts, on two worker threads (see chooseCut). */
const SPLIT_MIN_BYTES = 8 << 20;

/**
 * Where to cut a big file in two parts read on two threads: after the first line feed from the
 * middle on (runImportWorkers checks that it ends a record). Only when the table already holds
 * records: on the nightly re-import nearly every row is unchanged and the writes are few, so the
 * pass over every character of the file is the whole cost, and two threads share it (1M rows:
 * 2.6–2.9 s → 2.2–2.4 s). A first import is bound by its writes instead (the worker already runs
 * beside them): a second reader only competed with them for the two cores, measured no faster,
 * at +65 MB. KYODO_IMPORT_SPLIT=0 never splits, 1 splits any file the worker reads, and a number
 * cuts after the first line feed from that byte on (tests place cuts inside quoted fields so).
 */
async function chooseCut(reader: CsvReader, tableHasRecords: boolean): Promise<number | undefined> {
  const env = process.env.KYODO_IMPORT_SPLIT;
  if (env === '0') return undefined;
  const size = statSync(reader.file).size;
  let from = Math.floor(size / 2);
  if (env !== undefined && /^\d+$/.test(env) && env !== '1') from = Number(env);
  else if (env !== '1' && (size < SPLIT_MIN_BYTES || !tableHasRecords)) return undefined;
  const cut = await cutAfterLineFeed(reader.file, from);
  return cut !== undefined && cut < size ? cut : undefined;
}

function constraintProblem(err: Error): RowProblem {
  const corporate = /corporate_number/.test(err.message);
  return corporate
    ? { column: 'corporate_number', value: null, code: 'duplicate_corporate_number',
      reason: msg('another organization already has this 法人番号', 'この法人番号は別の団体に登録済みです') }
    : { column: null, value: null, code: 'constraint', reason: msg(`the database refused the row: ${err.message}`, `データベースが行を受け付けません: ${err.message}`) };
}

/** Non-key db columns an import writes, in statement order (as RowValidator fills them). */
function valueColumnsOf(spec: KindSpec, plan: HeaderPlan): string[] {
  return plan.present.filter((p) => !spec.key.includes(p.col.name)).flatMap((p) => [...dbColumnsOf(p.col)]);
}
