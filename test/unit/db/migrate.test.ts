import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, LATEST_VERSION, loadMigrations } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';
import { tempDir } from '../../helpers/cli.js';

describe('database open and migrations', () => {
  it('a new file gets the latest schema, WAL, foreign keys and our application id', () => {
    const path = join(tempDir(), 'k.db');
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('migrations are numbered without gaps', () => {
    expect(loadMigrations().map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  });

  it('re-opening does not migrate again and keeps the data', () => {
    const path = join(tempDir(), 'k.db');
    const db = openDatabase(path);
    db.prepare(`INSERT INTO organizations (org_id, name, created_run, updated_run) VALUES ('N1', 'a', 1, 1)`).run();
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT count(*) FROM organizations').pluck().get()).toBe(1);
    again.close();
  });

  it('an empty SQLite file (no tables) is taken as new', () => {
    const path = join(tempDir(), 'empty.db');
    new Database(path).close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });
});
