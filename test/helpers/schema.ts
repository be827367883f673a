import Database from 'better-sqlite3';
import { APPLICATION_ID, loadMigrations } from '../../src/db/migrate.js';

/** A kyodo database at an older schema `version` (migrations 1..version applied, as that kyodo left it), open for filling. */
export function databaseAtSchema(path: string, version: number): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const m of loadMigrations().filter((x) => x.version <= version)) db.exec(m.sql);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma(`user_version = ${version}`);
  return db;
}
