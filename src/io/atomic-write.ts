import { randomBytes } from 'node:crypto';
import {
  accessSync, constants,
  closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KyodoError, msg, type ExitCode } from '../errors.js';

/**
 * Output files (reliability.md, Output): written to a temp file in the same
 * directory, fsynced, then moved to the final name, so a crash never leaves a
 * half-written report under that name. Synchronous on purpose: callers (the
 * rejects file, exports) run outside any await and a CLI gains nothing here
 * from async I/O.
 */

export interface AtomicWriteOptions {
  /**
   * Replace an existing regular file. Without it an existing file is an error (`file_exists`), raised
   * before anything is written. A directory, symlink, FIFO, socket or device is never replaced, even with it.
   */
  force?: boolean;
  /**
   * File mode, applied exactly (not masked by umask): 0o600 for files holding
   * personal data. Default: the mode of the file being replaced, else 0o666 & ~umask.
   */
  mode?: number;
}

/** A file being written; nothing appears under the final name until `commit()`. */
export interface AtomicWriter {
  /** The final path (absolute). */
  readonly path: string;
  /** The temp file in the same directory. */
  readonly tempPath: string;
  write(chunk: string | Uint8Array): void;
  /** fsync, then move the temp file to the final name. */
  commit(): void;
  /** Remove the temp file; the final name is untouched. Safe to call more than once, and after commit (no-op). */
  abort(): void;
}

/** Temp files not yet committed or aborted, removed if the process exits normally before that. */
const pending = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of pending) tryUnlink(p);
    pending.clear();
  });
}

function tryUnlink(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // Already gone or never created: nothing to clean up.
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p); // lstat: a dangling symlink is an existing name too
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

function fileExistsError(path: string): KyodoError {
  return new KyodoError('file_exists', msg(`${path} already exists`, `${path} は既にあります`), {
    file: path,
    hint: msg('pass --force to overwrite', '--force を付けると上書きします'),
  }, 1);
}

/** What is at a name, by lstat (a symlink is reported as a symlink, never followed). */
type TargetKind = 'absent' | 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'device';

function targetKind(p: string): TargetKind {
  let st;
  try {
    st = lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  return 'device';
}

/** The name is taken by something that is not a regular file: refused even with --force (exit 2). */
function notAFileError(path: string, kind: Exclude<TargetKind, 'absent' | 'file'>): KyodoError {
  if (kind === 'directory') {
    return new KyodoError('is_directory', msg(`cannot write ${path}: it is a directory`, `${path} はディレクトリなので書き出せません`), {
      file: path,
      hint: msg('give a file name (inside that directory if you like)', 'ファイル名まで指定してください（そのディレクトリの中でも構いません）'),
    }, 2);
  }
  const what: Record<typeof kind, [string, string]> = {
    symlink: ['a symbolic link', 'シンボリックリンク'],
    fifo: ['a named pipe (FIFO)', '名前付きパイプ（FIFO）'],
    socket: ['a socket', 'ソケット'],
    device: ['a device', 'デバイス'],
  };
  const [en, ja] = what[kind];
  return new KyodoError('not_regular_file', msg(
    `cannot write ${path}: it is ${en}, not a regular file; kyodo replaces only regular files, even with --force`,
    `${path} は${ja}で、通常のファイルではないため書き出せません（--force を付けても、通常のファイル以外は置き換えません）`,
  ), {
    file: path,
    hint: kind === 'symlink'
      ? msg('give the path of the file itself, not of a link to it', 'リンクではなく、ファイルそのもののパスを指定してください')
      : msg('give the path of a regular file', '通常のファイルのパスを指定してください'),
  }, 2);
}

function directoryMissingError(path: string, dir: string): KyodoError {
  return new KyodoError('directory_missing', msg(`cannot write ${path}: the directory ${dir} does not exist`, `${path} を書き出せません。ディレクトリ ${dir} がありません`), {
    file: path,
    hint: msg('create the directory first, or choose another place', 'ディレクトリを作成するか、別の場所を指定してください'),
  }, 2);
}

function directoryNotWritableError(path: string, dir: string, code: string | undefined): KyodoError {
  const m = code === 'EROFS'
    ? msg(`cannot write ${path}: the directory ${dir} is on a read-only file system`, `${path} を書き出せません。ディレクトリ ${dir} は読み取り専用のため書き込めません`)
    : msg(`cannot write ${path}: the directory ${dir} is not writable (permission denied)`, `${path} を書き出せません。ディレクトリ ${dir} に書き込む権限がありません`);
  return new KyodoError('directory_not_writable', m, {
    file: path,
    hint: msg('choose a directory you may write to', '書き込める場所を指定してください'),
  }, 2);
}

/**
 * Checks the name before anything is written (reliability.md, Output): absent, or a regular file
 * when `force` is given. A directory, symlink (even to a regular file), FIFO, socket or device is
 * never replaced: renaming over `/dev/full` as root replaced the device node. Then the directory:
 * missing, not a directory, not writable — each with its own message.
 */
function checkTarget(path: string, finalPath: string, force: boolean): void {
  const kind = targetKind(finalPath);
  if (kind !== 'absent' && kind !== 'file') throw notAFileError(path, kind);
  if (kind === 'file' && !force) throw fileExistsError(path);
  const dir = dirname(finalPath);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw directoryMissingError(path, shownDir(path));
    throw err;
  }
  if (!isDir) throw writeError(Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }), path);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw directoryNotWritableError(path, shownDir(path), (err as NodeJS.ErrnoException).code);
  }
}

/** The directory as the user wrote it (`out/x.csv` → `out`), or the absolute one for a bare file name. */
function shownDir(path: string): string {
  return dirname(path) === '.' ? dirname(resolve(path)) : dirname(path);
}

/** Turns an fs error into a KyodoError naming the file (main.ts would otherwise report it as a bug). */
function writeError(err: unknown, path: string): KyodoError {
  if (err instanceof KyodoError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const dir = shownDir(path);
  // The same verdicts as checkTarget when the fs says so later (a race, or a check the fs overrules).
  if (code === 'ENOENT') return directoryMissingError(path, dir);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return directoryNotWritableError(path, dir, code);
  if (code === 'EISDIR') return notAFileError(path, 'directory');
  // A path the user chose that cannot be written is a usage problem (2); a full or failing disk is a failure (1).
  const pathProblem: Record<string, [string, string]> = {
    ENOTDIR: ['a part of the path is not a directory', 'パスの途中がディレクトリではありません'],
    ENAMETOOLONG: ['the name is too long', '名前が長すぎます'],
  };
  const diskProblem: Record<string, [string, string]> = {
    ENOSPC: ['the disk is full', 'ディスクの空きがありません'],
    EDQUOT: ['the disk quota is exceeded', 'ディスク容量の上限を超えました'],
    EIO: ['an I/O error occurred', '入出力エラーが起きました'],
  };
  const known = pathProblem[code] ?? diskProblem[code];
  const exitCode: ExitCode = pathProblem[code] ? 2 : 1;
  const [en, ja] = known ?? [(err as Error).message ?? String(err), (err as Error).message ?? String(err)];
  return new KyodoError('write_failed', msg(`cannot write ${path}: ${en}`, `${path} に書き込めません: ${ja}`), { file: path }, exitCode);
}

/**
 * Throws what `openAtomicWriter` would for a name that exists (without `force`), is not a regular
 * file (even with `force`), or a directory that cannot take the file, creating nothing: for commands
 * that must refuse before they change the database.
 */
export function assertWritable(path: string, opts: AtomicWriteOptions = {}): void {
  try {
    checkTarget(path, resolve(path), opts.force ?? false);
  } catch (err) {
    throw writeError(err, path);
  }
}

/** Opens a temp file next to `path` for writing; see `AtomicWriter`. Throws (`file_exists`, `not_regular_file`, …) before creating anything. */
export function openAtomicWriter(path: string, opts: AtomicWriteOptions = {}): AtomicWriter {
  const finalPath = resolve(path);
  const force = opts.force ?? false;
  let mode = opts.mode;
  try {
    checkTarget(path, finalPath, force);
    if (mode === undefined && force) {
      try {
        mode = lstatSync(finalPath).mode & 0o7777; // keep the mode of the (regular) file being replaced
      } catch {
        // No file to replace: default mode.
      }
    }
  } catch (err) {
    throw writeError(err, path);
  }

  const dir = dirname(finalPath);
  const tempPath = join(dir, `.${basename(finalPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    // wx: a fresh file, never an existing name or a symlink planted there; fchmod then sets the exact mode.
    fd = openSync(tempPath, 'wx', mode ?? 0o666);
    pending.add(tempPath);
    installExitHook();
    if (mode !== undefined) fchmodSync(fd, mode);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    if (fd !== undefined) tryUnlink(tempPath);
    pending.delete(tempPath);
    throw writeError(err, path);
  }

  let state: 'open' | 'committed' | 'aborted' = 'open';

  const abort = (): void => {
    if (state !== 'open') return;
    state = 'aborted';
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Closing a broken descriptor: the unlink below is what matters.
      }
      fd = undefined;
    }
    tryUnlink(tempPath);
    pending.delete(tempPath);
  };

  const writer: AtomicWriter = {
    path: finalPath,
    tempPath,
    write(chunk) {
      if (state !== 'open' || fd === undefined) throw new Error(`atomic writer for ${path} is ${state}`);
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      try {
        let off = 0;
        while (off < buf.byteLength) off += writeSync(fd, buf, off, buf.byteLength - off);
      } catch (err) {
        abort();
        throw writeError(err, path);
      }
    },
    commit() {
      if (state !== 'open' || fd === undefined) throw new Error(`atomic writer for ${path} is ${state}`);
      try {
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        if (force) {
          // Again right before the rename: a device, FIFO, symlink or directory that took the name meanwhile is not replaced.
          const kind = targetKind(finalPath);
          if (kind !== 'absent' && kind !== 'file') throw notAFileError(path, kind);
          renameSync(tempPath, finalPath);
        } else {
          // link() fails with EEXIST if the name appeared since the check above: never overwrite without --force.
          let linked = false;
          try {
            linkSync(tempPath, finalPath);
            linked = true;
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'EEXIST') throw fileExistsError(path);
            // File systems without hard links (FAT, some network shares): fall back to rename after a last check.
            if (exists(finalPath)) throw fileExistsError(path);
            renameSync(tempPath, finalPath);
          }
          if (linked) tryUnlink(tempPath);
        }
        pending.delete(tempPath);
        state = 'committed';
      } catch (err) {
        abort();
        throw writeError(err, path);
      }
      fsyncDir(dir);
    },
    abort,
  };
  return writer;
}

/** Makes the rename itself durable; not every platform can fsync a directory (Windows), which is fine to skip. */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes a whole file atomically (temp file, fsync, rename); refuses to replace an existing file without `force`. */
export function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  const w = openAtomicWriter(path, opts);
  try {
    w.write(data);
    w.commit();
  } catch (err) {
    w.abort();
    throw err;
  }
}
