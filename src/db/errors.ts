import { KyodoError, msg } from '../errors.js';

/**
 * SQLite's and the file system's errors that a person causes or can fix (a
 * damaged or foreign file, another program's lock, a full disk, permissions),
 * as messages staff can act on. Anything else is left to the caller (a bug).
 */
export function sqliteProblem(err: unknown, path: string, opts: { waitMs?: number } = {}): KyodoError | undefined {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code === 'SQLITE_NOTADB') {
    return new KyodoError('database_damaged', msg(
      `${path} is not a kyodo database, or it is damaged; it was not modified`,
      `${path} は kyodo のデータベースではないか、破損しています（変更していません）`,
    ), { file: path, hint: msg('check --db; if it is your database, restore it from a backup (kyodo db restore BACKUP)',
      '--db を確かめてください。kyodo のデータベースなら、バックアップから復元してください（kyodo db restore バックアップ）') });
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new KyodoError('database_damaged', msg(
      `${path} is damaged; nothing was written to it`,
      `${path} は破損しています（何も書き込んでいません）`,
    ), { file: path, hint: msg('restore it from a backup (kyodo db restore BACKUP); keep the damaged file for inspection',
      'バックアップから復元してください（kyodo db restore バックアップ）。破損したファイルは調査用に残してください') });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const s = opts.waitMs !== undefined ? Math.round(opts.waitMs / 100) / 10 : undefined;
    return new KyodoError('database_busy', msg(
      `${path} is in use by another program${s !== undefined ? ` (waited ${s} s)` : ''}; nothing was changed`,
      `${path} は別のプログラムが書き込み中です${s !== undefined ? `（${s}秒待ちました）` : ''}。何も変更していません`,
    ), { file: path, hint: msg('run it again when the other job has finished, or wait longer with --wait SECONDS',
      'ほかの処理が終わってから実行し直すか、--wait 秒数 で待つ時間を延ばしてください') });
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new KyodoError('disk_full', msg(
      `the disk holding ${path} is full; nothing was changed`,
      `${path} のディスクに空きがありません。何も変更していません`,
    ), { file: path, hint: msg('free some space (or move the database), then run it again', '空きを作って（またはデータベースを移して）から実行し直してください') });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new KyodoError('database_not_writable', msg(
      `cannot write ${path} (or its -wal/-shm files): permission denied or read-only`,
      `${path}（またはその -wal・-shm ファイル）に書き込めません（権限がないか読み取り専用です）`,
    ), { file: path, hint: msg('check the owner and permissions of the file and its directory', 'ファイルとディレクトリの所有者と権限を確かめてください') });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
    return new KyodoError('database_unopenable', msg(
      `cannot open ${path}: the directory does not exist, or the path is not a file`,
      `${path} を開けません（ディレクトリがないか、ファイルではありません）`,
    ), { file: path, hint: msg('check --db / KYODO_DB', '--db / KYODO_DB の指定を確かめてください') });
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new KyodoError('io_error', msg(
      `the disk reported an error reading or writing ${path}; nothing was changed`,
      `${path} の読み書きでディスクのエラーが起きました。何も変更していません`,
    ), { file: path, hint: msg('check the disk (and free space), then run it again; if it repeats, restore from a backup',
      'ディスク（と空き容量）を確かめて実行し直してください。繰り返すときはバックアップから復元してください') });
  }
  return undefined;
}

/** An error opening a database file: a known problem, else "cannot open" with SQLite's own words. */
export function databaseProblem(path: string, err: unknown): KyodoError {
  if (err instanceof KyodoError) return err;
  return sqliteProblem(err, path) ?? new KyodoError('database_unopenable', msg(
    `cannot open ${path}: ${(err as Error).message}`,
    `${path} を開けません: ${(err as Error).message}`,
  ), { file: path });
}
