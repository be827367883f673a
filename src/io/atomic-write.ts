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
  /** Replace an existing file. Without it an existing file is an error (`file_exists`), raised before anything is written. */
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

/** Turns an fs error into a KyodoError naming the file (main.ts would otherwise report it as a bug). */
function writeError(err: unknown, path: string): KyodoError {
  if (err instanceof KyodoError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  // A path the user chose that cannot be written is a usage problem (2); a full or failing disk is a failure (1).
  const pathProblem: Record<string, [string, string]> = {
    ENOENT: ['the directory does not exist', 'ディレクトリがありません'],
    ENOTDIR: ['a part of the path is not a directory', 'パスの途中がディレクトリではありません'],
    EISDIR: ['it is a directory', 'ディレクトリです'],
    EACCES: ['permission denied', '書き込み権限がありません'],
    EPERM: ['operation not permitted', '操作が許可されていません'],
    EROFS: ['read-only file system', '読み取り専用のファイルシステムです'],
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
 * Throws what `openAtomicWriter` would for a name that exists (without `force`) or a directory that
 * cannot take the file, creating nothing: for commands that must refuse before they change the database.
 */
export function assertWritable(path: string, opts: AtomicWriteOptions = {}): void {
  const finalPath = resolve(path);
  try {
    if (!(opts.force ?? false) && exists(finalPath)) throw fileExistsError(path);
    accessSync(dirname(finalPath), constants.W_OK);
  } catch (err) {
    throw writeError(err, path);
  }
}

/** Opens a temp file next to `path` for writing; see `AtomicWriter`. Throws `file_exists` before creating anything. */
export function openAtomicWriter(path: string, opts: AtomicWriteOptions = {}): AtomicWriter {
  const finalPath = resolve(path);
  const force = opts.force ?? false;
  let mode = opts.mode;
  try {
    if (!force && exists(finalPath)) throw fileExistsError(path);
    if (mode === undefined && force) {
      try {
        mode = statSync(finalPath).mode & 0o7777; // keep the mode of the file being replaced
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
