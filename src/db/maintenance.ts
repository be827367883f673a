import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, lstatSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KyodoError, UsageError, msg } from '../errors.js';
import type { Db } from './open.js';
import { databaseProblem } from './errors.js';
import { APPLICATION_ID, LATEST_VERSION } from './migrate.js';

export interface DbCheck {
  ok: boolean;
  schema_version: number;
  integrity: string[];
  foreign_key_violations: number;
  journal_mode: string;
}

/** integrity_check + foreign_key_check. A damaged file says so; nothing is written. */
export function checkDatabase(db: Db, path: string): DbCheck {
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const fk = db.pragma('foreign_key_check') as unknown[];
    return {
      ok: integrity.length === 1 && integrity[0] === 'ok' && fk.length === 0,
      schema_version: db.pragma('user_version', { simple: true }) as number,
      integrity,
      foreign_key_violations: fk.length,
      journal_mode: db.pragma('journal_mode', { simple: true }) as string,
    };
  } catch (err) {
    throw databaseProblem(path, err);
  }
}

export interface BackupResult {
  /** The backup written (absolute). */
  path: string;
  /** Older backups removed by `--keep`. */
  removed: string[];
}

/**
 * A consistent copy with VACUUM INTO (a page-by-page backup may never finish
 * against a writer; copying the file by hand can tear it), mode 0600 (it holds
 * personal data), written under a temporary name and renamed, so a crash never
 * leaves half a backup. `target` may be a folder: the copy is then named
 * `<database>-YYYYMMDD-HHMMSS.db`. `keep`: afterwards only the newest `keep`
 * backups of the same name pattern in that folder stay (see backupSiblings).
 */
export function backupDatabase(db: Db, dbPath: string, target: string, opts: { force?: boolean; keep?: number; now?: Date } = {}): BackupResult {
  let path = resolve(target);
  if (isDirectory(path) || /[/\\]$/.test(target)) {
    if (!isDirectory(path)) throw new UsageError('directory_missing', msg(`the folder ${target} does not exist`, `フォルダ ${target} がありません`), { file: target });
    path = join(path, `${basename(dbPath).replace(/\.db$/i, '')}-${stamp(opts.now ?? new Date())}.db`);
  }
  if (path === resolve(dbPath)) {
    throw new UsageError('backup_is_database', msg(`${target} is the database itself`, `${target} はデータベースそのものです`), { file: target, hint: msg('choose another path', '別のパスを指定してください') });
  }
  if (existsSync(path)) {
    if (!opts.force) {
      throw new KyodoError('file_exists', msg(`${path} exists`, `${path} は既にあります`), {
        file: path,
        hint: msg('pass --force to overwrite, or choose another path', '上書きするには --force を付けるか、別のパスを指定してください'),
      });
    }
    if (!lstatSync(path).isFile()) throw new UsageError('not_a_file', msg(`${path} is not a regular file; it was left as it is`, `${path} は通常のファイルではありません（そのままにしました）`), { file: path });
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    vacuumInto(db, tmp);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    const known = databaseProblem(path, err);
    throw new KyodoError('backup_failed', msg(`backup to ${path} failed: ${known.msg.en}`, `${path} へのバックアップに失敗しました: ${known.msg.ja}`), { file: path, ...(known.context.hint ? { hint: known.context.hint } : {}) });
  }
  const removed = opts.keep !== undefined ? pruneBackups(path, opts.keep) : [];
  return { path, removed };
}

/**
 * A consistent copy of `db` at `path`, private (0600) whatever the umask: VACUUM INTO writes into an
 * empty file, so the file is created first with that mode.
 */
function vacuumInto(db: Db, path: string): void {
  closeSync(openSync(path, 'w', 0o600));
  db.prepare('VACUUM INTO ?').run(path);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * The backups that rotate with `path`: files in its folder whose names are its name with other
 * digits (`kyodo-2026-12-02.db` goes with `kyodo-2026-12-01.db`, not with `kyodo.db` or
 * `notes-2026.db`), and that are kyodo databases (anything else is never touched). Newest first.
 */
export function backupSiblings(path: string): string[] {
  const dir = dirname(path);
  const name = basename(path);
  if (!/\d/.test(name)) return [path];
  const pattern = new RegExp(`^${name.split(/\d+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\d+')}$`);
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f))
    .filter((f) => isKyodoDatabase(f))
    .map((f) => ({ f, t: statSync(f).mtimeMs }))
    .sort((a, b) => b.t - a.t || b.f.localeCompare(a.f))
    .map((x) => x.f);
}

function pruneBackups(path: string, keep: number): string[] {
  const removed = backupSiblings(path).filter((f) => f !== path).slice(Math.max(keep - 1, 0));
  for (const f of removed) rmSync(f, { force: true });
  return removed;
}

/** The file starts with SQLite's header and carries kyodo's application id (read from the header, nothing opened). */
function isKyodoDatabase(path: string): boolean {
  try {
    if (!lstatSync(path).isFile()) return false;
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(72);
      if (readSync(fd, head, 0, 72, 0) < 72) return false;
      return head.toString('latin1', 0, 16) === 'SQLite format 3\u0000' && head.readUInt32BE(68) === APPLICATION_ID;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

export interface RestoreResult {
  restored_from: string;
  schema_version: number;
  /** Where the database as it was before the restore was kept; null when there was none. */
  previous: string | null;
}

/**
 * Puts a backup in place of the database. The backup is checked first (a kyodo
 * database, not newer than this kyodo, integrity ok); the current database is
 * kept aside (`<database>.before-restore-YYYYMMDD-HHMMSS`, a consistent copy,
 * or the files themselves when it is too damaged to copy); then a private copy
 * of the backup is moved into place, the old -wal/-shm files removed first so
 * they can never be applied to it.
 */
export function restoreDatabase(dbPath: string, backup: string, opts: { busyTimeoutMs?: number; now?: Date } = {}): RestoreResult {
  const source = resolve(backup);
  const target = resolve(dbPath);
  if (source === target) throw new UsageError('backup_is_database', msg(`${backup} is the database itself`, `${backup} はデータベースそのものです`), { file: backup });
  const version = checkBackup(source);
  const dir = dirname(target);
  // Never over an earlier restore's copy (two restores within a second).
  const asideBase = join(dir, `${basename(target)}.before-restore-${stamp(opts.now ?? new Date())}`);
  let aside = asideBase;
  for (let i = 2; existsSync(aside); i++) aside = `${asideBase}-${i}`;
  // The backup's private copy first, beside the database: if it cannot be made (a full disk), nothing was touched.
  const tmp = join(dir, `.${basename(target)}.restore-${process.pid}.tmp`);
  const failed = (err: unknown): KyodoError => {
    rmSync(tmp, { force: true });
    const known = databaseProblem(target, err);
    return new KyodoError('restore_failed', msg(`restoring ${backup} failed and the database was left as it was: ${known.msg.en}`,
      `${backup} からの復元に失敗しました。データベースは元のままです: ${known.msg.ja}`), { file: backup, ...(known.context.hint ? { hint: known.context.hint } : {}) });
  };
  try {
    const from = new Database(source, { readonly: true, fileMustExist: true });
    try {
      vacuumInto(from, tmp);
    } finally {
      from.close();
    }
  } catch (err) {
    throw failed(err);
  }
  let previous: string | null = null;
  if (existsSync(target)) {
    let current: Db | undefined;
    try {
      current = new Database(target, { fileMustExist: true });
      current.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10_000}`);
      // Another program writing now (the nightly import): refused as busy rather than copied half-way.
      current.exec('BEGIN IMMEDIATE');
      current.exec('ROLLBACK');
      vacuumInto(current, aside);
      current.pragma('wal_checkpoint(TRUNCATE)');
      current.close();
    } catch (err) {
      current?.close();
      rmSync(aside, { force: true });
      const code = String((err as { code?: unknown }).code ?? '');
      if (!code.startsWith('SQLITE_CORRUPT') && code !== 'SQLITE_NOTADB') throw failed(err);
      // Too damaged to copy: the files themselves are kept aside.
      renameSync(target, aside);
      for (const s of ['-wal', '-shm']) if (existsSync(target + s)) renameSync(target + s, aside + s);
    }
    previous = aside;
  }
  for (const s of ['-wal', '-shm']) rmSync(target + s, { force: true });
  renameSync(tmp, target);
  return { restored_from: source, schema_version: version, previous };
}

/** A backup fit to restore: a kyodo database, intact, not from a newer kyodo. Returns its schema version. */
function checkBackup(path: string): number {
  if (!existsSync(path)) throw new UsageError('unreadable_file', msg(`backup ${path} does not exist`, `バックアップ ${path} がありません`), { file: path });
  const refuse = (en: string, ja: string) => new KyodoError('backup_unusable', msg(`${path} cannot be restored: ${en}; nothing was changed`,
    `${path} は復元に使えません（${ja}）。何も変更していません`), { file: path, hint: msg('choose another backup', '別のバックアップを指定してください') });
  if (!isKyodoDatabase(path)) throw refuse('it is not a kyodo database', 'kyodo のデータベースではありません');
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) throw refuse(`its schema ${version} is newer than this kyodo (${LATEST_VERSION})`, `スキーマ版 ${version} がこの kyodo（${LATEST_VERSION}）より新しい`);
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (!(integrity.length === 1 && integrity[0] === 'ok')) throw refuse('it is damaged', '破損しています');
    return version;
  } catch (err) {
    if (err instanceof KyodoError) throw err;
    throw refuse('it is damaged', '破損しています');
  } finally {
    db?.close();
  }
}
