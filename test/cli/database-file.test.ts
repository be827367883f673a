import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, kyodo, tempDir } from '../helpers/cli.js';
import { databaseAtSchema } from '../helpers/schema.js';

/** Issue 9, points 7–10, 12, 13: what kyodo does to the database file, and never does. */

const VOLS = 'ボランティアID,氏名,フリガナ,住所,電話番号\n';
const volunteers = (n: number) => Array.from({ length: n }, (_, i) => `V${String(i + 1).padStart(5, '0')},山田 太郎${i},ヤマダ タロウ,東京都中野区中野${i % 9 + 1}丁目${i},090-1234-${String(i % 10000).padStart(4, '0')}\n`).join('');
const sha = (path: string) => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'absent');
const noTrace = (stderr: string) => expect(stderr).not.toMatch(/bug in kyodo|\n\s+at .+:\d+:\d+/);

/** A database with `n` volunteers, closed (its WAL checkpointed into the file). */
function filled(n = 2000): { dir: string; db: string } {
  const dir = tempDir();
  const db = join(dir, 'kyodo.db');
  writeFileSync(join(dir, 'v.csv'), VOLS + volunteers(n));
  expect(kyodo(['--db', db, 'import', 'volunteers', join(dir, 'v.csv')]).code).toBe(0);
  return { dir, db };
}

describe('reading never creates', () => {
  const reads = [['list', 'orgs'], ['show', 'orgs', 'N1'], ['imports'], ['audit'], ['report', 'kpi', '--fy', '2025'], ['matches', 'list'], ['select', 'check', 'C1'], ['db', 'check']];
  it('every reading command refuses a missing path (exit 1, names kyodo init) and creates nothing', () => {
    const dir = tempDir();
    const typo = join(dir, 'typo.db');
    for (const args of reads) {
      const r = kyodo(['--db', typo, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/does not exist/);
      expect(r.stderr).toMatch(/kyodo init/);
      noTrace(r.stderr);
    }
    const json = kyodo(['--db', typo, '--json', 'list', 'orgs']);
    expect(json.json()).toEqual({ error: expect.objectContaining({ code: 'database_missing', file: typo }) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a zero-byte file is refused by every command but init, which initialises it', () => {
    const dir = tempDir();
    const db = join(dir, 'kyodo.db');
    writeFileSync(db, '');
    writeFileSync(join(dir, 'v.csv'), VOLS + volunteers(1));
    for (const args of [['list', 'orgs'], ['import', 'volunteers', join(dir, 'v.csv')], ['db', 'migrate']]) {
      const r = kyodo(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/empty file \(0 bytes\)/);
    }
    expect(statSync(db).size).toBe(0);
    expect(kyodo(['--db', db, 'init']).code).toBe(0);
    expect(kyodo(['--db', db, 'list', 'orgs']).code).toBe(0);
  });

  it('a reading command on an older schema says to migrate and leaves the file as it is', () => {
    const dir = tempDir();
    const db = join(dir, 'old.db');
    databaseAtSchema(db, 8).close();
    const before = sha(db);
    const r = kyodo(['--db', db, 'list', 'orgs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/schema version 8, older than this kyodo/);
    expect(r.stderr).toMatch(/kyodo db migrate/);
    expect(sha(db)).toBe(before);
    expect(kyodo(['--db', db, 'db', 'migrate']).code).toBe(0);
    expect(kyodo(['--db', db, 'list', 'orgs']).code).toBe(0);
  });
});

describe('a damaged file is never written', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    ({ dir, db } = filled());
    // Zero one leaf page of the volunteers table, as a failing disk would.
    const raw = new Database(db, { readonly: true });
    const page = raw.prepare(`SELECT pageno FROM dbstat WHERE name = 'volunteers' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 3`).pluck().get() as number;
    const size = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const bytes = readFileSync(db);
    bytes.fill(0, (page - 1) * size, page * size);
    writeFileSync(db, bytes);
    writeFileSync(join(dir, 'orgs.csv'), '団体ID,団体名\nN1,さくら会\n');
  });

  it('import (of another kind), init, db migrate and select open exit 1 with "damaged, restore from a backup" and write nothing', () => {
    const before = sha(db);
    for (const args of [['import', 'orgs', join(dir, 'orgs.csv')], ['init'], ['db', 'migrate'], ['select', 'open', '--criteria', 'templates/criteria/proposal-collaboration.yaml', '--call', 'C1']]) {
      const r = kyodo(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/is damaged; nothing was written to it/);
      expect(r.stderr).toMatch(/restore it from a backup \(kyodo db restore BACKUP\)/);
      noTrace(r.stderr);
      expect(sha(db), args.join(' ')).toBe(before);
      expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);
    }
  });

  it('reading the damaged table says so too, without a trace; db check lists the problems', () => {
    const r = kyodo(['--db', db, 'list', 'volunteers']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/damaged/);
    noTrace(r.stderr);
    const check = kyodo(['--db', db, '--json', 'db', 'check']);
    expect(check.code).toBe(1);
    noTrace(check.stderr);
  });
});

describe('files holding personal data are private', () => {
  it('the database, its -wal and -shm, backups and rejects are 0600 whatever the umask', () => {
    const dir = tempDir();
    const db = join(dir, 'kyodo.db');
    writeFileSync(join(dir, 'v.csv'), `${VOLS}${volunteers(2)}V9,,,,\n`);
    const sh = (args: string[]) => spawnSync('sh', ['-c', `umask 000 && exec "$@"`, 'sh', process.execPath, BIN, '--db', db, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' } });
    expect(sh(['init']).status).toBe(0);
    expect(sh(['import', 'volunteers', join(dir, 'v.csv')]).status).toBe(3);
    expect(sh(['db', 'backup', join(dir, 'b.db')]).status).toBe(0);
    const mode = (f: string) => statSync(join(dir, f)).mode & 0o777;
    expect(mode('kyodo.db')).toBe(0o600);
    expect(mode('kyodo-import-1-rejects.csv')).toBe(0o600);
    expect(mode('b.db')).toBe(0o600);
    // SQLite gives the WAL files the database's own mode.
    const old = process.umask(0);
    try {
      const open = new Database(db);
      open.prepare(`INSERT INTO meta (key, value) VALUES ('x', 'y')`).run();
      expect(mode('kyodo.db-wal')).toBe(0o600);
      expect(mode('kyodo.db-shm')).toBe(0o600);
      open.close();
    } finally {
      process.umask(old);
    }
  });
});

describe('backups: --keep and restore', () => {
  it('--keep N keeps the newest N backups of the same name pattern and never touches other files', () => {
    const { dir, db } = filled(5);
    const bk = join(dir, 'backup');
    mkdirSync(bk);
    writeFileSync(join(bk, 'kyodo-2026-11-01.db'), 'not a database, same pattern\n');
    writeFileSync(join(bk, 'notes-2026-11-02.db'), 'other\n');
    const days = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'];
    days.forEach((d, i) => {
      expect(kyodo(['--db', db, 'db', 'backup', join(bk, `kyodo-${d}.db`)]).code).toBe(0);
      const t = new Date(Date.UTC(2026, 10, 27 + i));
      utimesSync(join(bk, `kyodo-${d}.db`), t, t);
    });
    const r = kyodo(['--db', db, '--json', 'db', 'backup', join(bk, 'kyodo-2026-12-01.db'), '--keep', '3']);
    expect(r.code).toBe(0);
    expect(r.json().removed.map((f: string) => f.split('/').pop()).sort()).toEqual(['kyodo-2026-11-27.db', 'kyodo-2026-11-28.db']);
    expect(readdirSync(bk).sort()).toEqual(['kyodo-2026-11-01.db', 'kyodo-2026-11-29.db', 'kyodo-2026-11-30.db', 'kyodo-2026-12-01.db', 'notes-2026-11-02.db']);
    // A folder as the target: the copy is named after the database and the time.
    const folder = kyodo(['--db', db, '--json', 'db', 'backup', `${bk}/`]).json();
    expect(folder.backup).toMatch(/backup\/kyodo-\d{8}-\d{6}\.db$/);
  });

  it('restore checks the backup, keeps the current file aside, and brings the data back', () => {
    const { dir, db } = filled(5);
    const backup = join(dir, 'b.db');
    expect(kyodo(['--db', db, 'db', 'backup', backup]).code).toBe(0);
    writeFileSync(join(dir, 'more.csv'), VOLS + volunteers(8));
    kyodo(['--db', db, 'import', 'volunteers', join(dir, 'more.csv')]);
    const count = (p: string) => kyodo(['--db', p, '--json', 'list', 'volunteers']).json().rows.length;
    expect(count(db)).toBe(8);
    // A damaged or foreign backup is refused and changes nothing.
    writeFileSync(join(dir, 'bad.db'), 'SQLite format 3\0 but not really');
    const bad = kyodo(['--db', db, 'db', 'restore', join(dir, 'bad.db')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot be restored: it is not a kyodo database; nothing was changed/);
    expect(count(db)).toBe(8);
    const r = kyodo(['--db', db, '--json', 'db', 'restore', backup]);
    expect(r.code).toBe(0);
    expect(count(db)).toBe(5);
    const previous = r.json().previous as string;
    expect(previous).toMatch(/kyodo\.db\.before-restore-\d{8}-\d{6}$/);
    expect(count(previous)).toBe(8);
    expect(statSync(db).mode & 0o777).toBe(0o600);
  });

  it('restores over a damaged database, whose files are kept aside as they were', () => {
    const { dir, db } = filled(2000);
    const backup = join(dir, 'b.db');
    expect(kyodo(['--db', db, 'db', 'backup', backup]).code).toBe(0);
    const bytes = readFileSync(db);
    bytes.fill(0, 0, 4096); // the header page: not even an SQLite file any more
    writeFileSync(db, bytes);
    const damaged = sha(db);
    const r = kyodo(['--db', db, '--json', 'db', 'restore', backup]);
    expect(r.code).toBe(0);
    expect(sha(r.json().previous)).toBe(damaged);
    expect(kyodo(['--db', db, '--json', 'list', 'volunteers', '--limit', '3']).json().rows).toHaveLength(3);
  });
});

describe('a busy database', () => {
  it('another program holding the write lock past --wait: exit 1, a plain message, no trace', () => {
    const { db } = filled(1);
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = kyodo(['--db', db, '--json', '--wait', '0.1', 'select', 'open', '--criteria', 'templates/criteria/proposal-collaboration.yaml', '--call', 'C1']);
      expect(r.code).toBe(1);
      expect(r.json().error).toMatchObject({ code: 'database_busy', file: db });
      expect(r.stderr).toMatch(/in use by another program \(waited 0.1 s\)/);
      noTrace(r.stderr);
      // Reading is never blocked by a writer.
      expect(kyodo(['--db', db, 'list', 'volunteers', '--limit', '1']).code).toBe(0);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(kyodo(['--db', db, '--wait', 'soon', 'list', 'orgs']).code).toBe(2);
  });
});

describe('a closed pipe', () => {
  it('kyodo list volunteers | head -1: one line, no EPIPE trace', () => {
    const { db } = filled(3000);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --db "${db}" list volunteers --format csv | head -1; "${process.execPath}" "${BIN}" --db "${db}" --json list volunteers | head -c 10`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' } });
    expect(r.stdout.split('\n')[0]).toMatch(/volunteer_id/);
    // Only the notes that the export was recorded (kyodo audit): no EPIPE, no trace.
    expect(r.stderr).not.toMatch(/EPIPE|Error|bug/);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/recorded as audit #1/), expect.stringMatching(/recorded as audit #2/)]);
  });
});

describe('a full disk', () => {
  const mnt = join(tempDir(), 'small');
  let mounted = false;
  beforeAll(() => {
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1200k', 'tmpfs', mnt], { stdio: 'ignore' });
      mounted = true;
    } catch {
      mounted = false; // Not root, or no mount in this sandbox: the test says so and is skipped.
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
  });

  it('an import that fills the disk: a plain message, nothing changed, the run recorded as failed', (ctx) => {
    if (!mounted) return ctx.skip();
    const db = join(mnt, 'kyodo.db');
    expect(kyodo(['--db', db, 'init']).code).toBe(0);
    const file = join(tempDir(), 'big.csv');
    writeFileSync(file, VOLS + volunteers(20_000));
    const r = kyodo(['--db', db, 'import', 'volunteers', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the disk holding .* is full; nothing was changed/);
    noTrace(r.stderr);
    expect(kyodo(['--db', db, '--json', 'list', 'volunteers']).json().rows).toEqual([]);
    expect(kyodo(['--db', db, '--json', 'imports']).json().runs[0]).toMatchObject({ status: 'failed', error_code: 'disk_full' });
  });

  it('a restore that does not fit on the disk leaves the database as it was', (ctx) => {
    if (!mounted) return ctx.skip();
    const db = join(mnt, 'r.db');
    expect(kyodo(['--db', db, 'init']).code).toBe(0);
    const big = filled(3000);
    const backup = join(big.dir, 'b.db');
    expect(kyodo(['--db', big.db, 'db', 'backup', backup]).code).toBe(0);
    const before = sha(db);
    const r = kyodo(['--db', db, 'db', 'restore', backup]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed and the database was left as it was: the disk holding .* is full/);
    noTrace(r.stderr);
    expect(sha(db)).toBe(before);
    // No half copy and no copy of the database aside.
    expect(readdirSync(mnt).filter((f) => f.startsWith('.r.db') || f.startsWith('r.db.before-restore'))).toEqual([]);
  });

  it('a database that cannot be created on a full disk is not left behind as an empty file', (ctx) => {
    if (!mounted) return ctx.skip();
    const fill = join(mnt, 'fill');
    writeFileSync(fill, '');
    try {
      execFileSync('sh', ['-c', `cat /dev/zero > "${fill}" 2>/dev/null || true`]);
      const db = join(mnt, 'new.db');
      const r = kyodo(['--db', db, 'init']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is full/);
      noTrace(r.stderr);
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(fill, { force: true });
    }
  });
});
