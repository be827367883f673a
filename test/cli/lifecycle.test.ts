import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { fileWriter, kyodo, tempDir } from '../helpers/cli.js';
import { LATEST_VERSION } from '../../src/db/migrate.js';

const ORGS = 'org_id,name,legal_form,fields,established_on,status\n';

describe('roster life cycle: upsert, --full, --dry-run, --strict, stdin', () => {
  let dir: string;
  let db: string;
  const write = fileWriter(() => dir);
  const orgs = () => kyodo(['--db', db, '--json', 'list', 'orgs']).json().rows as Record<string, any>[];
  beforeEach(() => {
    dir = tempDir();
    db = join(dir, 'kyodo.db');
  });

  it('upserts by key: unchanged rows are reported as unchanged, changed ones as updated', () => {
    const f1 = write('a.csv', `${ORGS}N1,さくら会,NPO法人,13;子どもの健全育成,2010-04-01,活動中\nN2,みどりの会,任意団体,環境の保全,,活動中\n`);
    expect(kyodo(['--db', db, '--json', 'import', 'orgs', f1]).json()).toMatchObject({ inserted: 2 });
    // Full-width digits and spacing differ but mean the same: unchanged, not updated.
    const f2 = write('b.csv', `${ORGS}N1,さくら会,NPO法人,１３,2010/4/1,活動中\nN2,みどりの会（改称）,任意団体,7,,活動中\n`);
    const r = kyodo(['--db', db, '--json', 'import', 'orgs', f2]).json();
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(orgs().map((o) => [o.org_id, o.name, o.fields])).toEqual([['N1', 'さくら会', [13]], ['N2', 'みどりの会(改称)', [7]]]);
  });

  it('--full retires records missing from the roster, never deletes them; they come back when listed again', () => {
    const f1 = write('a.csv', `${ORGS}N1,さくら会,NPO法人,13,,\nN2,みどりの会,任意団体,7,,\n`);
    kyodo(['--db', db, 'import', 'orgs', f1]);
    const f2 = write('b.csv', `${ORGS}N1,さくら会,NPO法人,13,,\n`);
    // Half the roster: more than the default guard allows (10%), so it is said explicitly.
    expect(kyodo(['--db', db, '--json', 'import', 'orgs', f2, '--full', '--max-retire', '50%']).json()).toMatchObject({ retired: 1, unchanged: 1 });
    expect(orgs().map((o) => [o.org_id, o.status])).toEqual([['N1', 'active'], ['N2', 'retired']]);
    expect(kyodo(['--db', db, '--json', 'list', 'orgs', '--where', 'status=retired']).json().rows).toHaveLength(1);
    expect(kyodo(['--db', db, '--json', 'import', 'orgs', f1, '--full']).json()).toMatchObject({ updated: 1, unchanged: 1, retired: 0 });
    expect(orgs().map((o) => o.status)).toEqual(['active', 'active']);
  });

  it('--dry-run reports exact counts and changes nothing', () => {
    const f1 = write('a.csv', `${ORGS}N1,さくら会,NPO法人,13,,\nN2,みどりの会,任意団体,99,,\n`);
    const r = kyodo(['--db', db, '--json', 'import', 'orgs', f1, '--dry-run', '--rejects', join(dir, 'rej.csv')]);
    expect(r.code).toBe(3);
    expect(r.json()).toMatchObject({ dry_run: true, inserted: 1, rejected: 1 });
    expect(orgs()).toEqual([]);
    expect(kyodo(['--db', db, '--json', 'imports']).json().runs).toEqual([]);
  });

  it('--strict rolls everything back when a row is rejected (exit 3, database unchanged)', () => {
    const f1 = write('a.csv', `${ORGS}N1,さくら会,NPO法人,13,,\nN2,みどりの会,任意団体,99,,\n`);
    const r = kyodo(['--db', db, '--json', 'import', 'orgs', f1, '--strict', '--rejects', join(dir, 'rej.csv')]);
    expect(r.code).toBe(3);
    expect(r.json()).toMatchObject({ rejected: 1, rolled_back: true });
    expect(orgs()).toEqual([]);
    expect(existsSync(join(dir, 'rej.csv'))).toBe(true);
  });

  it('reads stdin with FILE = -', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'orgs', '-'], { input: `${ORGS}N1,さくら会,NPO法人,13,,\n` });
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ inserted: 1, file: '-' });
  });

  it('openings must name an organization that exists', () => {
    kyodo(['--db', db, 'import', 'orgs', write('o.csv', `${ORGS}N1,さくら会,NPO法人,13,,\n`)]);
    const f = write('op.csv', '募集ID,団体ID,件名,必須スキル,募集人数,活動日時\nOP1,N1,子ども食堂の調理,調理,2,土午後\nOP2,N9,見守り,,1,\n');
    const r = kyodo(['--db', db, '--json', 'import', 'openings', f]);
    expect(r.code).toBe(3);
    expect(r.json().rejects).toEqual([expect.objectContaining({ line: 3, column: 'org_id', code: 'unknown_org' })]);
  });
});

describe('the database file', () => {
  it('a foreign SQLite file is refused and left untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    other.close();
    const before = require_bytes(path);
    const r = kyodo(['--db', path, 'list', 'orgs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a kyodo database/);
    expect(require_bytes(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('a file that is not SQLite at all is refused untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'this is a text file, not a database\n'.repeat(200));
    const before = require_bytes(path);
    const r = kyodo(['--db', path, 'list', 'orgs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a kyodo database/);
    expect(require_bytes(path).equals(before)).toBe(true);
  });

  it('init creates the schema; db check passes; db backup writes a copy that is a kyodo database', () => {
    const dir = tempDir();
    const db = join(dir, 'k.db');
    expect(kyodo(['--db', db, 'init']).code).toBe(0);
    const check = kyodo(['--db', db, '--json', 'db', 'check']);
    expect(check.code).toBe(0);
    expect(check.json()).toMatchObject({ ok: true, schema_version: LATEST_VERSION, journal_mode: 'wal' });
    const backup = join(dir, 'backup.db');
    expect(kyodo(['--db', db, 'db', 'backup', backup]).code).toBe(0);
    expect(kyodo(['--db', backup, '--json', 'db', 'check']).json()).toMatchObject({ ok: true });
    // An existing file is not overwritten without --force.
    const again = kyodo(['--db', db, 'db', 'backup', backup]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--force/);
  });

  it('a database from a newer kyodo is refused without writes', () => {
    const dir = tempDir();
    const path = join(dir, 'new.db');
    kyodo(['--db', path, 'init']);
    const d = new Database(path);
    d.pragma('user_version = 999');
    d.close();
    const r = kyodo(['--db', path, 'list', 'orgs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/newer than this kyodo/);
  });
});

describe('the command contract', () => {
  it('--version, help COMMAND, unknown command exit 2', () => {
    expect(kyodo(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = kyodo(['help', 'import']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--format/);
    expect(kyodo(['frobnicate']).code).toBe(2);
    expect(kyodo(['import', 'orgs']).code).toBe(2);
    expect(kyodo(['import', 'orgs', '/nonexistent/file.csv', '--db', join(tempDir(), 'x.db')]).code).toBe(2);
  });
});

function require_bytes(path: string): Buffer {
  return readFileSync(path);
}
