import type { Db } from '../db/open.js';
import type { SqlValue } from './cells.js';
import { KeyTable } from './key-table.js';

const quote = (id: string): string => `"${id}"`;

/** Writes of one import: a plain INSERT for keys the database has never held, an upsert for the others. */
export interface RosterWriter {
  /** A key that is not in the table at all (live or retired): always 'inserted'. */
  insert(values: SqlValue[], rawHash: number): void;
  /** A key already in the table: RETURNING tells updated from identical. */
  upsert(values: SqlValue[], rawHash: number): 'inserted' | 'updated' | 'unchanged';
}

/**
 * The statements of one import: only the columns present in the file are written
 * (a partial export never blanks the others). New keys take a plain INSERT (no
 * conflict handling, no RETURNING: measured 25% cheaper per row); existing keys
 * the upsert, whose RETURNING tells inserted from updated and returns no row when
 * the stored record was already identical.
 *
 * `keepStoredWhenEmpty` (external formats): a NULL (an empty cell) keeps the stored
 * value, and gives a new record its column default. The parameters are then named,
 * because the SET clause needs the value as given (`excluded` already holds the
 * default in place of a NULL); external files feed small tables (organizations,
 * facilities), so the object per row costs nothing that matters. The native format
 * keeps positional parameters on its hot path.
 */
export function prepareWriter(db: Db, table: string, keyCols: readonly string[], cols: readonly string[], runId: number,
  keepStoredWhenEmpty = false): RosterWriter {
  if (!Number.isSafeInteger(runId)) throw new RangeError(`bad run id ${runId}`);
  const keep = keepStoredWhenEmpty;
  const all = [...keyCols, ...cols, 'raw_hash'];
  const defaults = keep ? columnDefaults(db, table) : new Map<string, string>();
  const param = (c: string) => (keep ? `@p${all.indexOf(c)}` : '?');
  /** The value the file gives for `c`, in the upsert's SET and WHERE. */
  const given = (c: string) => (keep ? param(c) : `excluded.${quote(c)}`);
  const changed = [...cols.map((c) => (keep ? `(${given(c)} IS NOT NULL AND ${quote(c)} IS NOT ${given(c)})` : `${quote(c)} IS NOT ${given(c)}`)),
    'retired_run IS NOT NULL'].join(' OR ');
  const set = cols.map((c) => `${quote(c)} = ${keep ? `coalesce(${given(c)}, ${quote(c)})` : given(c)}`);
  const values = all.map((c) => (defaults.has(c) ? `coalesce(${param(c)}, ${defaults.get(c)!})` : param(c))).join(', ');
  const head = `INSERT INTO ${quote(table)} (${all.map(quote).join(', ')}, created_run, updated_run) VALUES (${values}, ${runId}, ${runId})`;
  const insertStmt = db.prepare(head);
  const upsertStmt = db.prepare(`${head}
    ON CONFLICT (${keyCols.map(quote).join(', ')}) DO UPDATE SET ${[...set, 'raw_hash = excluded.raw_hash', 'retired_run = NULL',
      `updated_run = CASE WHEN ${changed} THEN excluded.updated_run ELSE updated_run END`].join(', ')}
    WHERE raw_hash IS NOT excluded.raw_hash OR ${changed}
    RETURNING created_run, updated_run`).raw(true);
  const named = (values: SqlValue[], rawHash: number): Record<string, SqlValue | number> => {
    const o: Record<string, SqlValue | number> = {};
    for (let i = 0; i < values.length; i++) o[`p${i}`] = values[i]!;
    o[`p${values.length}`] = rawHash;
    return o;
  };
  const outcome = (row: [number, number] | undefined): 'inserted' | 'updated' | 'unchanged' => {
    if (row === undefined) return 'unchanged';
    if (row[0] === runId) return 'inserted';
    return row[1] === runId ? 'updated' : 'unchanged';
  };
  if (keep) {
    return {
      insert: (values, rawHash) => void insertStmt.run(named(values, rawHash)),
      upsert: (values, rawHash) => outcome(upsertStmt.get(named(values, rawHash)) as [number, number] | undefined),
    };
  }
  return {
    insert(values, rawHash) {
      values.push(rawHash);
      insertStmt.run(values);
      values.pop();
    },
    upsert(values, rawHash) {
      values.push(rawHash);
      const row = upsertStmt.get(values) as [number, number] | undefined;
      values.pop();
      return outcome(row);
    },
  };
}

/** Default expressions of a table's NOT NULL columns that have one (from our own schema). */
function columnDefaults(db: Db, table: string): Map<string, string> {
  const info = db.prepare(`SELECT name, dflt_value FROM pragma_table_info(?) WHERE "notnull" = 1 AND dflt_value IS NOT NULL`).all(table) as { name: string; dflt_value: string }[];
  return new Map(info.map((c) => [c.name, c.dflt_value]));
}

/** Key string of a record: key parts joined by U+001F (never in a normalised cell). */
export const KEY_SEPARATOR = '\u001f';

/** `loadRawHashes` value of a live record stored without a hash. */
export const NO_HASH = -1;
/** `loadRawHashes` value of a retired record: never equal to a row's hash, never retired again. */
export const RETIRED = -2;

/** Stored records read per query by loadRawHashes. */
const HASH_PAGE_ROWS = 65_536;

/** Keys (as stored, one value per key column) bounding a range of records; absent: open at that end. */
export interface KeyRange {
  /** The range starts after this key. */
  after?: unknown[];
  /** The range ends with this key (included). */
  through?: unknown[];
}

export interface LoadRawHashesOptions {
  range?: KeyRange;
  /** Add to this table instead of a new one sized for the whole table. */
  into?: KeyTable;
  pageRows?: number;
}

/** Whether a roster table holds any record (live or retired). */
export function hasRecords(db: Db, table: string): boolean {
  return db.prepare(`SELECT 1 FROM ${quote(table)} LIMIT 1`).get() !== undefined;
}

/** Records in a roster table (to size a KeyTable for them). */
export function countRecords(db: Db, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${quote(table)}`).pluck().get() as number;
}

/** The key with `before` records ahead of it in key order (split a load in two), or undefined past the end. */
export function keyAt(db: Db, table: string, keyCols: readonly string[], before: number): unknown[] | undefined {
  const cols = keyCols.map(quote).join(', ');
  return db.prepare(`SELECT ${cols} FROM ${quote(table)} ORDER BY ${cols} LIMIT 1 OFFSET ?`).raw(true).get(before) as unknown[] | undefined;
}

/**
 * Raw hashes of the stored records by key (all, or those of one key range), for
 * the skip-unchanged pass (retired records map to RETIRED, so a key absent from
 * the map is one the table never held and takes the plain INSERT).
 *
 * Read in primary-key ranges, each range as one string built by SQLite
 * (`hash,bytes,key` per record): stepping a million rows through better-sqlite3
 * costs ~0.7 s of per-row overhead alone; as 16 strings the whole load takes
 * 0.6–0.9 s instead of 1.1–1.2 s (measured). The key is delimited by its UTF-8
 * length, so any character may occur in it.
 */
export function loadRawHashes(db: Db, table: string, keyCols: readonly string[], opts: LoadRawHashesOptions = {}): KeyTable {
  const t = quote(table);
  const cols = keyCols.map(quote).join(', ');
  const keyExpr = keyCols.map(quote).join(` || char(31) || `);
  const pageRows = opts.pageRows ?? HASH_PAGE_ROWS;
  const map = opts.into ?? new KeyTable(countRecords(db, table));
  const through = opts.range?.through;
  // Row-value comparisons in the primary key's order (the index of every roster table).
  const where = (after: unknown[] | undefined, last: unknown[] | undefined): { sql: string; params: unknown[] } => {
    const conds: string[] = [];
    const params: unknown[] = [];
    const holders = `(${keyCols.map(() => '?').join(', ')})`;
    if (after) {
      conds.push(`(${cols}) > ${holders}`);
      params.push(...after);
    }
    if (last) {
      conds.push(`(${cols}) <= ${holders}`);
      params.push(...last);
    }
    return { sql: conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '', params };
  };
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, stmt = db.prepare(sql));
    return stmt;
  };
  let after = opts.range?.after;
  for (;;) {
    // The last key of the next page, or undefined when the rest of the range fits in one.
    const w = where(after, through);
    const last = prepared(`SELECT ${cols} FROM ${t} ${w.sql} ORDER BY ${cols} LIMIT 1 OFFSET ${pageRows - 1}`).raw(true).get(...w.params) as unknown[] | undefined;
    const page = where(after, last ?? through);
    const text = prepared(`SELECT group_concat(h || ',' || octet_length(k) || ',' || k, '') FROM (
      SELECT ${keyExpr} AS k, CASE WHEN retired_run IS NOT NULL THEN ${RETIRED} ELSE ifnull(raw_hash, ${NO_HASH}) END AS h
      FROM ${t} ${page.sql})`).pluck().get(...page.params) as string | null;
    if (text !== null) addRecords(map, text);
    if (last === undefined) return map;
    after = last;
  }
}

/** Adds the `hash,bytes,key` records of one loadRawHashes range to the table. */
function addRecords(map: KeyTable, s: string): void {
  let i = 0;
  while (i < s.length) {
    let neg = false;
    if (s.charCodeAt(i) === 45) {
      neg = true;
      i++;
    }
    let hash = 0;
    for (let c = s.charCodeAt(i); c !== 44; c = s.charCodeAt(++i)) hash = hash * 10 + (c - 48);
    let bytes = 0;
    for (let c = s.charCodeAt(++i); c !== 44; c = s.charCodeAt(++i)) bytes = bytes * 10 + (c - 48);
    const from = ++i;
    // Walk the key's characters until their UTF-8 length is `bytes` (a surrogate pair is 4 bytes).
    while (bytes > 0) {
      const c = s.charCodeAt(i);
      if (c < 0x80) bytes -= 1;
      else if (c < 0x800) bytes -= 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        bytes -= 4;
        i++;
      } else bytes -= 3;
      i++;
    }
    map.setRange(s, from, i, neg ? -hash : hash);
  }
}

/** Marks records absent from a full roster as retired (never deleted). */
export function prepareRetire(db: Db, table: string, keyCols: readonly string[]) {
  const stmt = db.prepare(`UPDATE ${quote(table)} SET retired_run = ? WHERE ${keyCols.map((c) => `${quote(c)} = ?`).join(' AND ')} AND retired_run IS NULL`);
  return (key: string, runId: number): number => stmt.run(runId, ...key.split(KEY_SEPARATOR)).changes;
}
