import { openDatabase, type Db } from '../../../src/db/open.js';

/** An in-memory kyodo database with the latest schema (the report tables included). */
export function reportsDb(): Db {
  return openDatabase(':memory:');
}

type Row = Record<string, string | number | null>;

/** Inserts rows with the bookkeeping columns filled (run 1). */
export function insert(db: Db, table: string, rows: Row[]): void {
  for (const r of rows) {
    const cols = Object.keys(r);
    db.prepare(`INSERT INTO ${table} (${cols.join(', ')}, created_run, updated_run) VALUES (${cols.map(() => '?').join(', ')}, 1, 1)`).run(...Object.values(r));
  }
}

let n = 0;
export function org(id: string, extra: Row = {}): Row {
  return { org_id: id, name: `団体${id}`, status: 'active', ...extra };
}
export function volunteer(id: string, extra: Row = {}): Row {
  return { volunteer_id: id, name: `人${id}`, status: 'active', ...extra };
}
export function activity(extra: Row): Row {
  return { activity_id: `A${++n}`, org_id: 'O1', ...extra };
}
