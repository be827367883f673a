/**
 * The per-row work of an import, without the database writes: blank and ragged
 * rows, keys, duplicates, suppressions, the skip-unchanged hash check, cell
 * parsing. It runs on the importing thread for small files and in a worker
 * thread (import-worker.ts) for big ones; either way the same code decides.
 */
import type { Db } from '../db/open.js';
import { msg } from '../errors.js';
import type { CsvRecord } from '../csv/reader.js';
import { findControlChar, isPlainCell, normalizeCell } from '../jp/text.js';
import { maskValue } from '../jp/contact.js';
import type { SqlValue } from './cells.js';
import { dbColumnsOf, type ColumnSpec, type KindSpec, type RecordContext, type RowProblem } from './kind.js';
import type { HeaderPlan } from './headers.js';
import type { RowAdapter } from './formats/format.js';
import { detachString, hashFields } from './hash.js';
import { selectionLookups } from '../selection/lookups.js';
import { KEY_SEPARATOR, RETIRED } from './store.js';
import { SEEN, type KeyClaims } from './key-claims.js';
import { CellMemo } from './cell-memo.js';
import { isSuppressed, type Suppressions } from '../privacy/suppression.js';

/** Where the outcome of each row goes, in file order. */
export interface RowSink {
  /** A valid, changed row: `values` (key parts, then `valueColumns`) is reused for the next row — copy it to keep it. */
  write(line: number, source: string[], values: SqlValue[], rawHash: number, isNew: boolean): void;
  reject(line: number, source: string[], problem: RowProblem, extra: number): void;
}

/** Counts decided without the database. */
export interface RowCounts {
  rows: number;
  unchanged: number;
  /** Rows an external format leaves out on purpose (all reasons). */
  skipped: number;
  /** Of those, corporations of a 法人番号 file that are not of a non-profit legal form. */
  notNonprofit: number;
  suppressed: number;
  /** Rows whose key names a stored record that is not retired (with --full's retirements: the kind's active records before the run). */
  liveMatched: number;
}

export interface RowPipelineOptions {
  spec: KindSpec;
  plan: HeaderPlan;
  sourceHeader: string[];
  adapter: RowAdapter | undefined;
  seed: number;
  /** Stored raw hashes by key, and the keys read so far. */
  keys: KeyClaims;
  ctx: RecordContext;
  suppressions: Suppressions | undefined;
  /** External formats: an empty cell keeps the stored value (see keepsStoredWhenEmpty). */
  keepStoredWhenEmpty?: boolean;
  sink: RowSink;
}

/** Handles the records of one import file, in order. */
export class RowPipeline {
  readonly counts: RowCounts = { rows: 0, unchanged: 0, skipped: 0, notNonprofit: 0, suppressed: 0, liveMatched: 0 };
  readonly row: RowValidator;
  private readonly width: number;

  constructor(private readonly o: RowPipelineOptions) {
    this.row = new RowValidator(o.spec, o.plan, o.ctx, o.keepStoredWhenEmpty ?? false);
    this.width = o.sourceHeader.length;
  }

  private isSuppressedKey(key: string): boolean {
    const s = this.o.suppressions;
    return s !== undefined && s.size > 0 && isSuppressed(s, 'volunteers', key);
  }

  /**
   * A row that is rejected before its key is read (a broken quote, a ragged row) may still be an
   * erased person's: counted as suppressed, never kept in the rejects with their cells.
   */
  private suppressed(source: string[]): boolean {
    if (!this.o.suppressions || this.o.suppressions.size === 0 || this.o.adapter) return false;
    const key = this.row.keyOf(source);
    if (typeof key !== 'string' || !this.isSuppressedKey(key)) return false;
    this.counts.suppressed++;
    return true;
  }

  handle(rec: CsvRecord): void {
    const o = this.o;
    const source = rec.fields;
    if (isBlankRecord(source)) return; // Excel leaves empty rows at the end: not records
    this.counts.rows++;
    if (rec.error) {
      if (this.suppressed(source)) return;
      return o.sink.reject(rec.line, source, { column: columnLabel(o.sourceHeader, rec.error.column), value: null, code: rec.error.code, reason: rec.error.reason }, 0);
    }
    if (source.length !== this.width) {
      const ragged = raggedProblem(source, o.sourceHeader);
      if (ragged) return this.suppressed(source) ? undefined : o.sink.reject(rec.line, source, ragged, 0);
    }
    let fields = source;
    if (o.adapter) {
      const t = o.adapter.transform(source);
      if (!Array.isArray(t)) {
        this.counts.skipped++;
        if (t.skip === 'not_nonprofit') this.counts.notNonprofit++;
        return;
      }
      fields = t;
    }
    let key = this.row.keyOf(fields);
    if (typeof key !== 'string') return o.sink.reject(rec.line, source, key, 0);
    let stored = o.keys.claim(key);
    if (stored === SEEN) {
      // Another record with the same derived key (a facility at other coordinates) takes its own.
      const other = this.row.distinctKey();
      if (other !== undefined) {
        const again = o.keys.claim(other);
        if (again !== SEEN) {
          key = other;
          stored = again;
        }
      }
    }
    if (stored === SEEN) {
      // An erased person listed twice: the second row must not bring their cells back as a reject.
      if (this.isSuppressedKey(key)) {
        this.counts.suppressed++;
        return;
      }
      const shown = this.row.describeKey(key);
      return o.sink.reject(rec.line, source, {
        column: o.spec.key.join('+'), value: shown, code: 'duplicate_key',
        reason: o.spec.describeKey
          ? msg(`${shown} appeared earlier in this file at the same place; the first row was kept`, `${shown} はこのファイルの前の行にも同じ位置で載っています（最初の行を採用）`)
          : msg(`key ${shown} appeared earlier in this file; the first row was kept`, `キー ${shown} がこのファイルの前の行にもあります（最初の行を採用）`),
      }, 0);
    }
    if (stored !== undefined && stored !== RETIRED) this.counts.liveMatched++;
    // Only a key the table does not hold can be suppressed: `volunteers forget` renames the record in the
    // transaction that adds the suppression, and no import writes a suppressed key. So the salted sha256
    // is computed for new keys only, not for every row of a nightly re-import.
    if (stored === undefined && this.isSuppressedKey(key)) {
      this.counts.suppressed++;
      return;
    }
    const rawHash = this.row.rawHash(fields, o.seed);
    if (stored === rawHash) {
      this.counts.unchanged++;
      return;
    }
    const values = this.row.parse(fields, key);
    if (values === undefined) return o.sink.reject(rec.line, source, this.row.problem!, this.row.more);
    o.sink.write(rec.line, source, values, rawHash, stored === undefined);
  }
}

/** The prepared lookups a record check may use. */
export function recordContext(db: Db): RecordContext {
  const stmt = db.prepare('SELECT 1 FROM organizations WHERE org_id = ?').pluck();
  const room = db.prepare('SELECT 1 FROM facilities WHERE facility_id = ? AND room = ? AND retired_run IS NULL').pluck();
  // Prepared on first use: most kinds never ask about programs or calls.
  let program: ReturnType<Db['prepare']> | undefined;
  let selection: ReturnType<typeof selectionLookups> | undefined;
  return {
    orgExists: (id) => stmt.get(id) !== undefined,
    roomExists: (f, r) => room.get(f, r) !== undefined,
    programExists: (id) => (program ??= db.prepare('SELECT 1 FROM programs WHERE program_id = ?').pluck()).get(id) !== undefined,
    get selection() {
      return (selection ??= selectionLookups(db));
    },
  };
}

export function isBlankRecord(fields: string[]): boolean {
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

/** The outcome of one cell: the values it stores (an array), or the problem that rejects the row. */
type CellOutcome = readonly SqlValue[] | RowProblem;

/**
 * Cells of costly types that repeat (skills, fields, slots, flags: CellType.memo) are
 * parsed once: every cell type is a pure function of the cell text. A column whose
 * cells turn out to be mostly distinct stops caching after a trial period. Cheap
 * types are not cached: a lookup on a fresh string costs ~50–150 ns (measured),
 * as much as parsing a name or a date.
 */
const CACHE_MAX = 4096;
const CACHE_TRIAL = 2048;

interface PlannedColumn {
  col: ColumnSpec;
  index: number;
  label: string;
  db: readonly string[];
  /** Values stored for an empty cell. */
  empty: readonly SqlValue[];
  cache: CellMemo<CellOutcome> | undefined;
  lookups: number;
  hits: number;
}

/** Turns the cells of one row into the values of the insert, per the header plan. */
export class RowValidator {
  /** Non-key db columns written by this import, in statement order. */
  readonly valueColumns: string[];
  /** The problem of the last rejected `parse` (the first one in the row) and how many more there were. */
  problem: RowProblem | undefined;
  more = 0;
  private readonly cols: PlannedColumn[];
  private readonly keyIdx: number[];
  private readonly hashIdx: number[];
  private readonly values: SqlValue[];
  private readonly names: string[];

  /** The current row's cells by column name (derived keys), for distinctKey and describeKey. */
  private cellOf: ((column: string) => string | undefined) | undefined;

  constructor(private readonly spec: KindSpec, plan: HeaderPlan, private readonly ctx: RecordContext, keepStoredWhenEmpty = false) {
    this.cols = plan.present
      .filter((p) => !(spec.key.includes(p.col.name)))
      .map((p) => {
        const db = dbColumnsOf(p.col);
        // An empty cell of an external format says nothing: NULL, which the writer reads as "keep".
        const empty = db.map((_, k) => (keepStoredWhenEmpty ? null : p.col.emptyValue?.[k] ?? null));
        return { col: p.col, index: p.index, label: p.col.name, db, empty, cache: p.col.type.memo ? new CellMemo<CellOutcome>(CACHE_MAX) : undefined, lookups: 0, hits: 0 };
      });
    this.valueColumns = this.cols.flatMap((c) => [...c.db]);
    this.names = [...spec.key, ...this.valueColumns];
    this.values = new Array<SqlValue>(this.names.length).fill(null);
    this.keyIdx = spec.key.map((k) => plan.present.find((p) => p.col.name === k)?.index ?? -1);
    this.hashIdx = plan.present.map((p) => p.index).filter((i) => i >= 0).sort((a, b) => a - b);
  }

  /** The record key (parts joined by KEY_SEPARATOR), or why the row has none. */
  keyOf(fields: string[]): string | ({ ok: false } & RowProblem) {
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
      this.cellOf = get;
      const k = this.spec.deriveKey(get);
      return k.ok ? k.value.join(KEY_SEPARATOR) : k;
    }
    this.cellOf = undefined;
    let key = '';
    for (let i = 0; i < this.keyIdx.length; i++) {
      const v = normalizeCell(fields[this.keyIdx[i]!] ?? '');
      if (v === '') {
        return { ok: false, column: this.spec.key[i]!, value: null, code: 'missing_value',
          reason: msg(`${this.spec.key[i]} is empty; every row needs its key`, `${this.spec.key[i]} が空です（キーは必須）`) };
      }
      key = i === 0 ? v : key + KEY_SEPARATOR + v;
    }
    return key;
  }

  /** See KindSpec.distinctKey: the current row's own key when its derived key was taken, else undefined. */
  distinctKey(): string | undefined {
    return this.cellOf && this.spec.distinctKey?.(this.cellOf)?.join(KEY_SEPARATOR);
  }

  /** The current row's key as messages show it (never a hash people cannot read). */
  describeKey(key: string): string {
    return this.cellOf && this.spec.describeKey ? this.spec.describeKey(this.cellOf) : key.split(KEY_SEPARATOR).join(' ');
  }

  rawHash(fields: string[], seed: number): number {
    return hashFields(fields, this.hashIdx, seed);
  }

  /**
   * The values of the row (key parts first, then `valueColumns`), or undefined with
   * `problem`/`more` set. The array is reused by the next call.
   */
  parse(fields: string[], key: string): SqlValue[] | undefined {
    const values = this.values;
    let n = 0;
    if (this.keyIdx.length === 1 && !this.spec.deriveKey) values[n++] = key;
    else for (const part of key.split(KEY_SEPARATOR)) values[n++] = part;
    let problem: RowProblem | undefined;
    let more = 0;
    const cols = this.cols;
    for (let ci = 0; ci < cols.length; ci++) {
      const c = cols[ci]!;
      const raw = c.index >= 0 ? (fields[c.index] ?? '') : '';
      let out: CellOutcome | undefined;
      const cache = c.cache;
      if (cache !== undefined) {
        out = cache.get(raw);
        if (out === undefined) {
          out = parseCell(c, raw);
          cache.set(detachString(raw), detachOutcome(out));
        } else c.hits++;
        // Mostly distinct cells (names, addresses, e-mail): stop paying for the lookups.
        if (++c.lookups === CACHE_TRIAL && c.hits * 2 < c.lookups) c.cache = undefined;
      } else {
        out = parseCell(c, raw);
      }
      if (isValues(out)) {
        for (let k = 0; k < out.length; k++) values[n++] = out[k]!;
      } else {
        if (problem) more++; else problem = out;
        for (let k = 0; k < c.db.length; k++) values[n++] = null;
      }
    }
    if (problem) {
      this.problem = problem;
      this.more = more;
      return undefined;
    }
    if (this.spec.checkRecord) {
      const names = this.names;
      const map = new Map<string, SqlValue>(names.map((name, i) => [name, values[i]!]));
      const p = this.spec.checkRecord(map, this.ctx);
      if (p) {
        this.problem = p;
        this.more = 0;
        return undefined;
      }
      for (let i = 0; i < names.length; i++) values[i] = map.get(names[i]!) ?? null;
    }
    return values;
  }
}

function isValues(out: CellOutcome): out is readonly SqlValue[] {
  return Array.isArray(out);
}

/** Cached outcomes must not keep read chunks alive through sliced strings. */
function detachOutcome(out: CellOutcome): CellOutcome {
  return isValues(out) ? out.map((v) => (typeof v === 'string' ? detachString(v) : v)) : out;
}

const FORMULA_MARK = /^'[=+\-@\t\r\n＝＋－＠]/;

function parseCell(c: PlannedColumn, cell: string): CellOutcome {
  let raw = cell;
  // A leading ' before a formula character is the text marker kyodo's own CSV output adds.
  if (raw.charCodeAt(0) === 39 && FORMULA_MARK.test(raw)) raw = raw.slice(1);
  // A plain cell (most of them) is its own normal form and has no control character: one scan, not two.
  const plain = isPlainCell(raw);
  const v = plain ? raw : normalizeCell(raw);
  const ctl = plain ? -1 : findControlChar(v);
  if (ctl >= 0 && !(c.col.type.multiline && (v.charCodeAt(ctl) === 10 || v.charCodeAt(ctl) === 13))) {
    const code = v.charCodeAt(ctl).toString(16).padStart(4, '0').toUpperCase();
    return { column: c.label, value: null, code: 'control_character',
      reason: msg(`a control character (U+${code}) at position ${ctl + 1}; remove it`,
        `制御文字（U+${code}）が ${ctl + 1} 文字目にあります。削除してください`) };
  }
  if (v === '') {
    if (c.col.required) {
      return { column: c.label, value: null, code: 'missing_value', reason: msg(`${c.label} is required`, `${c.label} は必須です`) };
    }
    return c.empty;
  }
  const parsed = c.col.type.parse(v);
  if (!parsed.ok) {
    return { column: c.label, value: c.col.personal ? maskValue(c.col.personal, v) : v, code: parsed.code, reason: parsed.reason };
  }
  return parsed.value;
}
