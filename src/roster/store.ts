import type { Db } from '../db/open.js';
import type { SqlValue } from './cells.js';

const quote = (id: string): string => `"${id}"`;

/**
 * The upsert of one import: only the columns present in the file are written
 * (a partial export never blanks the others). RETURNING tells inserted from
 * updated; no row back means the stored record was already identical.
 */
export function prepareUpsert(db: Db, table: string, keyCols: readonly string[], cols: readonly string[]) {
  const all = [...keyCols, ...cols, 'raw_hash'];
  const changed = [...cols.map((c) => `${quote(c)} IS NOT excluded.${quote(c)}`), 'retired_run IS NOT NULL'].join(' OR ');
  const set = cols.map((c) => `${quote(c)} = excluded.${quote(c)}`);
  const stmt = db.prepare(`INSERT INTO ${quote(table)} (${all.map(quote).join(', ')}, created_run, updated_run)
    VALUES (${all.map(() => '?').join(', ')}, ?, ?)
    ON CONFLICT (${keyCols.map(quote).join(', ')}) DO UPDATE SET ${[...set, 'raw_hash = excluded.raw_hash', 'retired_run = NULL',
      `updated_run = CASE WHEN ${changed} THEN excluded.updated_run ELSE updated_run END`].join(', ')}
    WHERE raw_hash IS NOT excluded.raw_hash OR ${changed}
    RETURNING created_run, updated_run`);
  return (values: SqlValue[], rawHash: number, runId: number): 'inserted' | 'updated' | 'unchanged' => {
    const row = stmt.get(...values, rawHash, runId, runId) as { created_run: number; updated_run: number } | undefined;
    if (row === undefined) return 'unchanged';
    if (row.created_run === runId) return 'inserted';
    return row.updated_run === runId ? 'updated' : 'unchanged';
  };
}

/** Key string of a record: key parts joined by U+001F (never in a normalised cell). */
export const KEY_SEPARATOR = '\u001f';

/** Raw hashes of the live (not retired) records, by key, for the skip-unchanged pass. */
export function loadRawHashes(db: Db, table: string, keyCols: readonly string[]): Map<string, number> {
  const keyExpr = keyCols.map(quote).join(` || char(31) || `);
  const map = new Map<string, number>();
  const stmt = db.prepare(`SELECT ${keyExpr} AS k, raw_hash AS h FROM ${quote(table)} WHERE retired_run IS NULL`).raw(true);
  for (const row of stmt.iterate() as Iterable<[string, number | null]>) map.set(row[0], row[1] ?? -1);
  return map;
}

/** Marks records absent from a full roster as retired (never deleted). */
export function prepareRetire(db: Db, table: string, keyCols: readonly string[]) {
  const stmt = db.prepare(`UPDATE ${quote(table)} SET retired_run = ? WHERE ${keyCols.map((c) => `${quote(c)} = ?`).join(' AND ')} AND retired_run IS NULL`);
  return (key: string, runId: number): number => stmt.run(runId, ...key.split(KEY_SEPARATOR)).changes;
}
