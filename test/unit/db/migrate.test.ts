import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { umask } from 'node:process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, LATEST_VERSION, loadMigrations } from '../../../src/db/migrate.js';
import { openDatabase } from '../../../src/db/open.js';
import { fieldSources } from '../../../src/roster/provenance.js';
import { tempDir } from '../../helpers/cli.js';
import { databaseAtSchema } from '../../helpers/schema.js';

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

  it('a zero-byte file is refused (it may be a truncated database) unless init asks for it', () => {
    const path = join(tempDir(), 'empty.db');
    new Database(path).close();
    expect(() => openDatabase(path)).toThrow(expect.objectContaining({ code: 'database_empty' }));
    expect(statSync(path).size).toBe(0);
    const db = openDatabase(path, { initEmpty: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('read access never creates, migrates or writes; write access needs an existing file; create makes it 0600', () => {
    const dir = tempDir();
    const missing = join(dir, 'typo.db');
    expect(() => openDatabase(missing, { access: 'read' })).toThrow(expect.objectContaining({ code: 'database_missing' }));
    expect(() => openDatabase(missing, { access: 'write' })).toThrow(expect.objectContaining({ code: 'database_missing' }));
    expect(existsSync(missing)).toBe(false);
    const old = umask(0o022);
    try {
      openDatabase(missing, { access: 'create' }).close();
    } finally {
      umask(old);
    }
    expect(statSync(missing).mode & 0o777).toBe(0o600);
    const ro = openDatabase(missing, { access: 'read' });
    expect(() => ro.prepare(`INSERT INTO meta (key, value) VALUES ('a', 'b')`).run()).toThrow(/readonly/);
    ro.close();
  });
});

describe('0007: CHECK lists rewritten without IN', () => {
  /** A database at schema 6 (before 0007), filled through the tables 0007 rebuilds. */
  function schema6(path: string): void {
    const db = databaseAtSchema(path, 6);
    db.exec(`INSERT INTO organizations (org_id, name, status, created_run, updated_run) VALUES ('N1', '団体A', 'dormant', 1, 1), ('N2', '団体B', 'active', 1, 2);
      INSERT INTO volunteers (volunteer_id, name, status, created_run, updated_run, retired_run) VALUES ('V1', '山田', 'paused', 1, 1, NULL), ('V2', '佐藤', 'active', 1, 1, 3);
      INSERT INTO openings (opening_id, org_id, title, kind, created_run, updated_run) VALUES ('O1', 'N1', '受付', 'ongoing', 1, 1), ('O2', 'N2', '翻訳', NULL, 1, 1);
      INSERT INTO match_runs (run_id, kind, as_of, created_at, template, template_sha256, objective, pairs, candidates, unfilled, unmatched)
        VALUES (1, 'volunteers', '2026-04-01', '2026-04-01T00:00:00Z', 'default', 'x', 50, 1, 1, 0, 0);
      INSERT INTO matches (run_id, volunteer_id, opening_id, org_id, score, reasons, status, proposed_at)
        VALUES (1, 'V1', 'O1', 'N1', 50, '[]', 'accepted', '2026-04-01T00:00:00Z');`);
    db.close();
  }

  it('keeps every row (and the matches that reference them) and the same rules', () => {
    const path = join(tempDir(), 'v6.db');
    schema6(path);
    const before = new Database(path, { readonly: true });
    const dump = (d: Database.Database): unknown[] => ['organizations', 'volunteers', 'openings', 'matches']
      .map((t) => d.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all());
    const rows = dump(before);
    before.close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(dump(db)).toEqual(rows);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const ddl = db.prepare(`SELECT group_concat(sql, ' ') FROM sqlite_schema WHERE tbl_name IN ('organizations', 'volunteers', 'openings')`).pluck().get() as string;
    expect(ddl).not.toMatch(/CHECK \(\w+ IN \('[^']*', '[^']*', '/);
    expect(ddl).toContain('organizations_corporate_number');
    expect(ddl).toContain('openings_org');
    expect(() => db.prepare(`UPDATE volunteers SET status = 'gone' WHERE volunteer_id = 'V1'`).run()).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare(`UPDATE organizations SET status = 'closed' WHERE org_id = 'N1'`).run()).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare(`UPDATE openings SET kind = 'weekly' WHERE opening_id = 'O1'`).run()).toThrow(/CHECK constraint failed/);
    db.prepare(`UPDATE volunteers SET status = 'erased' WHERE volunteer_id = 'V1'`).run();
    db.close();
  });
});

describe('0008: the activity totals kept through one accounting trigger', () => {
  it('keeps the totals of a filled schema-7 database, and keeps them right through later changes', () => {
    const path = join(tempDir(), 'v7.db');
    const db7 = databaseAtSchema(path, 7);
    db7.exec(`INSERT INTO organizations (org_id, name, created_run, updated_run) VALUES ('O1', 'a', 1, 1)`);
    const add = db7.prepare(`INSERT INTO activities (activity_id, org_id, volunteer_id, date, hours, created_run, updated_run) VALUES (?, 'O1', ?, ?, ?, 1, 1)`);
    for (let i = 0; i < 40; i++) add.run(`A${i}`, i % 5 === 0 ? null : `V${i % 7}`, `202${5 + (i % 2)}-0${1 + (i % 9)}-01`, i % 3);
    const totals = (d: Database.Database) => d.prepare('SELECT * FROM activity_years ORDER BY fy').all();
    const before = totals(db7);
    db7.close();
    const db = openDatabase(path);
    expect(totals(db)).toEqual(before);
    // What 0006's triggers would have kept: recomputed from the live records.
    const recompute = () => db.prepare(`SELECT fy, count(*) AS records, total(hours) AS hours, count(DISTINCT volunteer_id) AS volunteers
      FROM (SELECT CAST(substr(date, 1, 4) AS INTEGER) - (substr(date, 6, 2) < '04') AS fy, volunteer_id, hours FROM activities WHERE retired_run IS NULL)
      GROUP BY fy ORDER BY fy`).all();
    db.prepare(`UPDATE activities SET volunteer_id = 'V9', hours = 4 WHERE activity_id IN ('A1', 'A2')`).run();
    db.prepare(`UPDATE activities SET retired_run = 2 WHERE activity_id = 'A3'`).run();
    db.prepare(`DELETE FROM activities WHERE activity_id = 'A4'`).run();
    db.prepare(`INSERT INTO activities (activity_id, org_id, volunteer_id, date, hours, created_run, updated_run) VALUES ('B1', 'O1', 'V1', '2027-04-01', 2, 2, 2)`).run();
    expect(db.prepare('SELECT fy, records, hours, volunteers FROM activity_years WHERE records > 0 ORDER BY fy').all()).toEqual(recompute());
    db.close();
  });
});

describe('0009: the import history of every run, and where each field came from', () => {
  it('keeps every run and reject of a filled schema-8 database, takes the new statuses, and tracks the fields of organizations and facilities', () => {
    const path = join(tempDir(), 'v8.db');
    const db8 = databaseAtSchema(path, 8);
    db8.exec(`INSERT INTO import_runs (run_id, kind, file, format, started_at, status, rows, inserted, rejected, note) VALUES
        (1, 'orgs', 'a.csv', 'native', '2026-01-01T00:00:00Z', 'done', 2, 2, 1, NULL),
        (2, 'volunteers', 'v.csv', 'native', '2026-01-02T00:00:00Z', 'interrupted', 0, 0, 0, 'the process ended');
      INSERT INTO import_rejects (run_id, seq, line, "column", value, code, reason, raw) VALUES (1, 1, 3, 'name', NULL, 'missing_value', 'name is required', '["N3",""]');
      INSERT INTO organizations (org_id, name, created_run, updated_run) VALUES ('N1', '団体A', 1, 1);`);
    const runs = (d: Database.Database) => d.prepare('SELECT run_id, kind, file, format, started_at, status, rows, inserted, rejected, note FROM import_runs ORDER BY run_id').all();
    const before = runs(db8);
    db8.close();
    const db = openDatabase(path);
    expect(runs(db)).toEqual(before);
    expect(db.prepare('SELECT run_id, seq, raw FROM import_rejects').all()).toEqual([{ run_id: 1, seq: 1, raw: '["N3",""]' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    for (const status of ['failed', 'rolled_back', 'cancelled']) {
      db.prepare(`INSERT INTO import_runs (kind, file, format, started_at, status) VALUES ('orgs', 'x.csv', 'native', '2026-01-03T00:00:00Z', ?)`).run(status);
    }
    expect(() => db.prepare(`INSERT INTO import_runs (kind, file, format, started_at, status) VALUES ('orgs', 'x', 'native', 'x', 'odd')`).run()).toThrow(/CHECK/);
    // Deleting a run still takes its rejects with it (the foreign key survived the rebuild).
    db.prepare('DELETE FROM import_runs WHERE run_id = 1').run();
    expect(db.prepare('SELECT count(*) FROM import_rejects').pluck().get()).toBe(0);
    // Field sources: a change is written down, an update that changes nothing is not; a field never changed
    // comes from the run that created the record — unknown for records older than the migration (N1).
    db.prepare(`INSERT INTO organizations (org_id, name, address, created_run, updated_run) VALUES ('N2', '団体B', '鳥取市', 5, 5)`).run();
    db.prepare(`UPDATE organizations SET address = '米子市', updated_run = 6 WHERE org_id = 'N2'`).run();
    db.prepare(`UPDATE organizations SET name = '団体B', updated_run = 7 WHERE org_id = 'N2'`).run();
    db.prepare(`INSERT INTO facilities (facility_id, room, name, created_run, updated_run) VALUES ('F1', '会議室A', '会館', 5, 5)`).run();
    db.prepare(`UPDATE facilities SET name = '会館（新）', updated_run = 8 WHERE facility_id = 'F1'`).run();
    expect(db.prepare('SELECT table_name, record_key, field, run_id FROM field_sources ORDER BY table_name, record_key, field').all()).toEqual([
      { table_name: 'facilities', record_key: 'F1\u001f会議室A', field: 'name', run_id: 8 },
      { table_name: 'organizations', record_key: 'N2', field: 'address', run_id: 6 },
    ]);
    const by = (kind: 'orgs' | 'facilities', id: string) => Object.fromEntries(fieldSources(db, kind, id).map((f) => [f.field, f.run_id]));
    expect(by('orgs', 'N2')).toMatchObject({ name: 5, address: 6, status: 5 });
    expect(by('orgs', 'N1')).toMatchObject({ name: null, status: null });
    expect(by('facilities', 'F1')).toMatchObject({ name: 8 });
    db.close();
  });
});
