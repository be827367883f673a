import { readdirSync, readFileSync } from 'node:fs';
import { openDatabase, type Db } from '../../../src/db/open.js';

/**
 * An in-memory kyodo database with the report tables. While the migrations
 * before 0006 are not all in place, 0006_reports.sql(.pending) is applied by hand.
 */
export function reportsDb(): Db {
  const db = openDatabase(':memory:');
  if (!db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'activities'`).get()) {
    const dir = new URL('../../../src/db/migrations/', import.meta.url);
    const file = readdirSync(dir).find((f) => f.startsWith('0006_reports.sql'))!;
    db.exec(readFileSync(new URL(file, dir), 'utf8'));
  }
  return db;
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
