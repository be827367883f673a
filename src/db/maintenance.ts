import { existsSync, renameSync, rmSync } from 'node:fs';
import { KyodoError, msg } from '../errors.js';
import type { Db } from './open.js';
import { databaseProblem } from './errors.js';

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

/**
 * A consistent copy with VACUUM INTO (a page-by-page backup may never finish
 * against a writer; copying the file by hand can tear it). Written under a
 * temporary name and renamed, so a crash never leaves half a backup.
 */
export function backupDatabase(db: Db, target: string, force: boolean): void {
  if (existsSync(target) && !force) {
    throw new KyodoError('file_exists', msg(`${target} exists`, `${target} は既にあります`), {
      file: target,
      hint: msg('pass --force to overwrite, or choose another path', '上書きするには --force を付けるか、別のパスを指定してください'),
    });
  }
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new KyodoError('backup_failed', msg(`backup to ${target} failed: ${(err as Error).message}`, `${target} へのバックアップに失敗しました: ${(err as Error).message}`), { file: target });
  }
}
