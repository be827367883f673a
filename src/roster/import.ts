import { dirname, join, resolve } from 'node:path';
import type { Db } from '../db/open.js';
import { UsageError, msg, type Msg } from '../errors.js';
import { readCsv, type CsvRecord } from '../csv/reader.js';
import { findControlChar, normalizeCell } from '../jp/text.js';
import { maskValue } from '../jp/contact.js';
import type { SqlValue } from './cells.js';
import { dbColumnsOf, type ColumnSpec, type KindSpec, type RosterKind, type RowProblem } from './kind.js';
import { HeaderMismatchError, resolveHeader, type ColumnMapping, type HeaderPlan } from './headers.js';
import { FORMAT_ADAPTERS, FORMAT_KINDS, KIND_SPECS } from './specs.js';
import type { FormatName, RowAdapter } from './formats/format.js';
import { hashString } from './hash.js';
import { KEY_SEPARATOR, loadRawHashes, prepareRetire, prepareUpsert } from './store.js';
import { recordInterruptedRuns, removeMarker, writeMarker } from './runs.js';
import { writeRejectsFile, type RejectRow } from './rejects.js';
import { isSuppressed, loadSuppressions } from '../privacy/suppression.js';

export interface ImportOptions {
  kind: RosterKind;
  /** Path, or '-' for stdin. */
  file: string;
  format: FormatName;
  encoding: 'auto' | 'utf-8' | 'shift_jis';
  mapping?: ColumnMapping;
  full: boolean;
  strict: boolean;
  dryRun: boolean;
  /** Where to write the rejects CSV; default beside the database, named after the run. */
  rejectsPath?: string;
  /** The database file (for the default rejects path and the run marker). */
  dbPath: string;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Warnings worth telling staff once (unknown columns, skipped rows). */
  onWarning?: (m: Msg) => void;
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
  run_id: number;
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
  skipped: number;
  suppressed: number;
  dry_run: boolean;
  /** --strict with rejects: everything was rolled back. */
  rolled_back: boolean;
  rejects_file: string | null;
  rejects: RejectReport[];
  unknown_columns: string[];
}

const MAX_REPORTED_REJECTS = 100;

/**
 * Imports one roster file: every valid row is upserted by key in a single
 * transaction, every bad row is rejected with its line, column and reason.
 * Throws KyodoError (database untouched) when the file cannot be read at all.
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
  recordInterruptedRuns(db, opts.dbPath);

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

  const row = new RowValidator(db, spec, plan);
  const startedAt = (opts.now?.() ?? new Date()).toISOString();
  const result: ImportResult = {
    run_id: 0, kind: opts.kind, file, format: opts.format, encoding: reader.encoding, rows: 0, inserted: 0, updated: 0,
    unchanged: 0, rejected: 0, retired: 0, skipped: 0, suppressed: 0, dry_run: opts.dryRun, rolled_back: false,
    rejects_file: null, rejects: [], unknown_columns: unknownColumns,
  };
  const rejectRows: RejectRow[] = [];
  const keyDb = spec.key;
  const existing = loadRawHashes(db, spec.table, keyDb);
  const seen = new Set<string>();
  const suppressions = opts.kind === 'volunteers' ? loadSuppressions(db, 'volunteers') : undefined;
  const upsert = prepareUpsert(db, spec.table, keyDb, row.valueColumns);
  const insertReject = db.prepare(`INSERT INTO import_rejects (run_id, seq, line, "column", value, code, reason, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  // Hash seed: the same cells read through another mapping or format are not "unchanged".
  const seed = hashString(`${opts.format}\u001f${plan.present.map((p) => `${p.col.name}@${p.index}`).join(',')}`);

  const reject = (line: number, fields: string[], problem: RowProblem, extra = 0): void => {
    result.rejected++;
    const reason = lang === 'ja' ? problem.reason.ja : problem.reason.en;
    const fullReason = extra > 0 ? `${reason} (+${extra} more)` : reason;
    rejectRows.push({ fields, line, column: problem.column, code: problem.code, reason: fullReason });
    if (result.rejects.length < MAX_REPORTED_REJECTS) {
      result.rejects.push({ line, column: problem.column, value: problem.value, code: problem.code, reason: fullReason });
    }
    if (!opts.dryRun) insertReject.run(result.run_id, result.rejected, line, problem.column, problem.value, problem.code, fullReason, JSON.stringify(fields));
  };

  writeMarker(opts.dbPath, { started_at: startedAt, kind: opts.kind, file, format: opts.format });
  db.exec('BEGIN IMMEDIATE');
  try {
    result.run_id = Number(db.prepare(`INSERT INTO import_runs (kind, file, format, encoding, started_at, status, full, strict, header, unknown_columns, mapping)
      VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?)`).run(opts.kind, file, opts.format, reader.encoding, startedAt, opts.full ? 1 : 0,
      opts.strict ? 1 : 0, JSON.stringify(sourceHeader), JSON.stringify(unknownColumns), JSON.stringify(plan.used)).lastInsertRowid);

    const handle = (rec: CsvRecord): void => {
      const source = rec.fields;
      if (isBlankRecord(source)) return; // Excel leaves empty rows at the end: not records
      result.rows++;
      if (rec.error) return reject(rec.line, source, { column: columnLabel(sourceHeader, rec.error.column), value: null, code: rec.error.code, reason: rec.error.reason });
      const ragged = raggedProblem(source, sourceHeader);
      if (ragged) return reject(rec.line, source, ragged);
      let fields = source;
      if (adapter) {
        const t = adapter.transform(source);
        if (!Array.isArray(t)) {
          result.skipped++;
          return;
        }
        fields = t;
      }
      const key = row.keyOf(fields);
      if (!key.ok) return reject(rec.line, source, key);
      if (seen.has(key.value)) {
        return reject(rec.line, source, {
          column: spec.key.join('+'), value: key.value.split(KEY_SEPARATOR).join(' '), code: 'duplicate_key',
          reason: msg(`key ${key.value.split(KEY_SEPARATOR).join(' ')} appeared earlier in this file; the first row was kept`,
            `キー ${key.value.split(KEY_SEPARATOR).join(' ')} がこのファイルの前の行にもあります（最初の行を採用）`),
        });
      }
      seen.add(key.value);
      if (suppressions && suppressions.size > 0 && isSuppressed(suppressions, 'volunteers', key.value)) {
        result.suppressed++;
        return;
      }
      const rawHash = row.rawHash(fields, seed);
      if (existing.get(key.value) === rawHash) {
        result.unchanged++;
        return;
      }
      const values = row.parse(fields);
      if (!values.ok) return reject(rec.line, source, values.problem, values.more);
      try {
        result[upsert(values.value, rawHash, result.run_id)]++;
      } catch (err) {
        if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
          return reject(rec.line, source, constraintProblem(err as Error));
        }
        throw err;
      }
    };

    if (adapterDef?.headerless) handle(reader.header);
    for await (const batch of reader.batches()) for (const rec of batch) handle(rec);

    if (opts.full) {
      const retire = prepareRetire(db, spec.table, keyDb);
      for (const key of existing.keys()) if (!seen.has(key)) result.retired += retire(key, result.run_id);
    }
    if (result.rejected > 0) {
      result.rejects_file = resolve(opts.rejectsPath ?? join(dirname(resolve(opts.dbPath === ':memory:' ? '.' : opts.dbPath)),
        `kyodo-import-${result.run_id}${opts.dryRun ? '-dry-run' : ''}-rejects.csv`));
    }
    db.prepare(`UPDATE import_runs SET finished_at = ?, rows = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?, retired = ?,
        skipped = ?, suppressed = ?, rejects_file = ? WHERE run_id = ?`).run((opts.now?.() ?? new Date()).toISOString(), result.rows,
      result.inserted, result.updated, result.unchanged, result.rejected, result.retired, result.skipped, result.suppressed,
      result.rejects_file, result.run_id);
    if (opts.dryRun || (opts.strict && result.rejected > 0)) {
      db.exec('ROLLBACK');
      result.rolled_back = !opts.dryRun;
    } else {
      db.exec('COMMIT');
    }
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    removeMarker(opts.dbPath);
    throw err;
  }
  removeMarker(opts.dbPath);
  if (result.rejects_file) writeRejectsFile(result.rejects_file, sourceHeader, rejectRows);
  return result;
}

function isBlankRecord(fields: string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}

function columnLabel(header: string[], column: number | undefined): string | null {
  return column === undefined ? null : (header[column - 1] ?? `#${column}`);
}

/** Rows must have the header's width; trailing empty cells (Excel) and empty-named trailing header cells are tolerated. */
function raggedProblem(fields: string[], header: string[]): RowProblem | undefined {
  if (fields.length === header.length) return undefined;
  if (fields.length > header.length && fields.slice(header.length).every((f) => f === '')) return undefined;
  if (fields.length < header.length && header.slice(fields.length).every((h) => h.trim() === '')) return undefined;
  return {
    column: null, value: null, code: 'ragged_row',
    reason: msg(`this row has ${fields.length} fields, the header has ${header.length} (a missing or extra comma, or an unquoted comma in a cell)`,
      `この行の項目数は ${fields.length}、見出しは ${header.length} です（カンマの過不足、またはセル内のカンマが引用符で囲まれていません）`),
  };
}

function constraintProblem(err: Error): RowProblem {
  const corporate = /corporate_number/.test(err.message);
  return corporate
    ? { column: 'corporate_number', value: null, code: 'duplicate_corporate_number',
      reason: msg('another organization already has this 法人番号', 'この法人番号は別の団体に登録済みです') }
    : { column: null, value: null, code: 'constraint', reason: msg(`the database refused the row: ${err.message}`, `データベースが行を受け付けません: ${err.message}`) };
}

type RowParse = { ok: true; value: SqlValue[] } | { ok: false; problem: RowProblem; more: number };

/** Turns the cells of one row into the values of the upsert, per the header plan. */
class RowValidator {
  /** Non-key db columns written by this import, in statement order. */
  readonly valueColumns: string[];
  private readonly cols: { col: ColumnSpec; index: number; label: string; db: readonly string[] }[];
  private readonly keyIdx: number[];
  private readonly hashIdx: number[];
  private readonly orgExists: (id: string) => boolean;

  constructor(db: Db, private readonly spec: KindSpec, plan: HeaderPlan) {
    this.cols = plan.present
      .filter((p) => !(spec.key.includes(p.col.name)))
      .map((p) => ({ col: p.col, index: p.index, label: p.col.name, db: dbColumnsOf(p.col) }));
    this.valueColumns = this.cols.flatMap((c) => [...c.db]);
    this.keyIdx = spec.key.map((k) => plan.present.find((p) => p.col.name === k)?.index ?? -1);
    this.hashIdx = plan.present.map((p) => p.index).filter((i) => i >= 0).sort((a, b) => a - b);
    const stmt = db.prepare('SELECT 1 FROM organizations WHERE org_id = ?').pluck();
    this.orgExists = (id) => stmt.get(id) !== undefined;
  }

  keyOf(fields: string[]): { ok: true; value: string } | ({ ok: false } & RowProblem) {
    if (this.spec.deriveKey) {
      const byName = new Map<string, string>();
      const get = (name: string): string | undefined => {
        if (!byName.has(name)) {
          const col = this.cols.find((c) => c.col.name === name);
          const keyPos = this.spec.key.indexOf(name);
          const idx = col ? col.index : keyPos >= 0 ? this.keyIdx[keyPos]! : -1;
          byName.set(name, idx >= 0 ? normalizeCell(fields[idx] ?? '') : '');
        }
        return byName.get(name) || undefined;
      };
      const k = this.spec.deriveKey(get);
      return k.ok ? { ok: true, value: k.value.join(KEY_SEPARATOR) } : k;
    }
    const parts: string[] = [];
    for (let i = 0; i < this.keyIdx.length; i++) {
      const v = normalizeCell(fields[this.keyIdx[i]!] ?? '');
      if (v === '') {
        return { ok: false, column: this.spec.key[i]!, value: null, code: 'missing_value',
          reason: msg(`${this.spec.key[i]} is empty; every row needs its key`, `${this.spec.key[i]} が空です（キーは必須）`) };
      }
      parts.push(v);
    }
    return { ok: true, value: parts.join(KEY_SEPARATOR) };
  }

  rawHash(fields: string[], seed: number): number {
    let s = '';
    for (const i of this.hashIdx) s += (fields[i] ?? '') + '\u001f';
    return hashString(s, seed);
  }

  parse(fields: string[]): RowParse {
    const values: SqlValue[] = [];
    const keyParts = this.keyOf(fields);
    if (!keyParts.ok) return { ok: false, problem: keyParts, more: 0 };
    for (const part of keyParts.value.split(KEY_SEPARATOR)) values.push(part);
    let problem: RowProblem | undefined;
    let more = 0;
    for (const c of this.cols) {
      let raw = c.index >= 0 ? (fields[c.index] ?? '') : '';
      // A leading ' before a formula character is the text marker kyodo's own CSV output adds.
      if (raw.charCodeAt(0) === 39 && /^'[=+\-@\t\r\n＝＋－＠]/.test(raw)) raw = raw.slice(1);
      const v = normalizeCell(raw);
      const ctl = findControlChar(v);
      if (ctl >= 0 && !(c.col.type.multiline && (v.charCodeAt(ctl) === 10 || v.charCodeAt(ctl) === 13))) {
        const p: RowProblem = { column: c.label, value: null, code: 'control_character',
          reason: msg(`a control character (U+${v.charCodeAt(ctl).toString(16).padStart(4, '0').toUpperCase()}) at position ${ctl + 1}; remove it`,
            `制御文字（U+${v.charCodeAt(ctl).toString(16).padStart(4, '0').toUpperCase()}）が ${ctl + 1} 文字目にあります。削除してください`) };
        if (problem) more++; else problem = p;
        for (let k = 0; k < c.db.length; k++) values.push(null);
        continue;
      }
      if (v === '') {
        if (c.col.required) {
          const p: RowProblem = { column: c.label, value: null, code: 'missing_value',
            reason: msg(`${c.label} is required`, `${c.label} は必須です`) };
          if (problem) more++; else problem = p;
        }
        const empty = c.col.emptyValue;
        for (let k = 0; k < c.db.length; k++) values.push(empty?.[k] ?? null);
        continue;
      }
      const parsed = c.col.type.parse(v);
      if (!parsed.ok) {
        const p: RowProblem = { column: c.label, value: c.col.personal ? maskValue(c.col.personal, v) : v, code: parsed.code, reason: parsed.reason };
        if (problem) more++; else problem = p;
        for (let k = 0; k < c.db.length; k++) values.push(null);
        continue;
      }
      for (const x of parsed.value) values.push(x);
    }
    if (problem) return { ok: false, problem, more };
    if (this.spec.checkRecord) {
      const names = [...this.spec.key, ...this.valueColumns];
      const map = new Map<string, SqlValue>(names.map((n, i) => [n, values[i]!]));
      const p = this.spec.checkRecord(map, { orgExists: this.orgExists });
      if (p) return { ok: false, problem: p, more: 0 };
      return { ok: true, value: names.map((n) => map.get(n) ?? null) };
    }
    return { ok: true, value: values };
  }
}

