import Database from 'better-sqlite3';
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { KyodoError, msg } from '../errors.js';
import { APPLICATION_ID, LATEST_VERSION, migrate } from './migrate.js';
import { databaseProblem } from './errors.js';

export type Db = Database.Database;

/**
 * What a command may do to the database file:
 * - `read`: the file must exist; opened read-only, never created, migrated or written.
 * - `write`: the file must exist; migrated forward when older.
 * - `create`: `write`, and a missing file is created (init, import).
 */
export type DbAccess = 'read' | 'write' | 'create';

export interface OpenOptions {
  /** Default `create` (tests and library use); the CLI always says which. */
  access?: DbAccess;
  /** Milliseconds a writer waits for another program's lock before failing (`--wait`). */
  busyTimeoutMs?: number;
  /** Read access to an older schema (db check, db backup): the caller reads nothing schema-specific. */
  olderSchema?: boolean;
  /** `init`: a zero-byte file is initialised (any other command refuses it: it may be a truncated database). */
  initEmpty?: boolean;
  /**
   * Write access: check the file (`quickCheck`) before anything is written to it, skipping
   * these tables when the command reads them whole anyway. Default: check everything.
   */
  readInFull?: readonly string[];
}

/** Default busy timeout: how long a write waits for another program's lock. */
export const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens a kyodo database. A file that is not a kyodo database, is damaged, or is
 * newer than this kyodo is refused before anything is written to it; a missing
 * or empty file is refused unless the access is `create`. A created file has
 * mode 0600 whatever the umask (SQLite gives its -wal and -shm the same mode).
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const access = options.access ?? 'create';
  const memory = path === ':memory:' || path === '';
  const size = memory ? undefined : fileSize(path);
  if (!memory) {
    if (size === undefined && access !== 'create') throw missingDatabase(path);
    if (size === 0 && !options.initEmpty) throw emptyDatabase(path);
    if (size !== undefined && size > 0) inspectExisting(path);
    if (size === undefined) createPrivateFile(path);
  }
  // A file this call made is removed again if it cannot be set up (a full disk): left empty, it would be refused next time.
  const discard = (): void => {
    if (memory || size !== undefined) return;
    for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  };
  let db: Db;
  try {
    db = new Database(path, { readonly: access === 'read', fileMustExist: !memory });
  } catch (err) {
    discard();
    throw databaseProblem(path, err);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    if (access === 'read') {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === 0) throw notInitialised(path);
      if (version < LATEST_VERSION && !options.olderSchema) throw needsMigration(path, version);
      return db;
    }
    if (size !== undefined && size > 0) quickCheck(db, path, options.readInFull);
    db.pragma('journal_mode = WAL');
    // WAL defaults to synchronous=NORMAL in better-sqlite3: a committed import could be lost in a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    discard();
    throw err instanceof KyodoError ? err : databaseProblem(path, err);
  }
}

function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw databaseProblem(path, err);
  }
}

/** The new database file, created 0600 before SQLite opens it (SQLite then gives its -wal and -shm the same mode). */
function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw databaseProblem(path, err);
  }
}

function missingDatabase(path: string): KyodoError {
  return new KyodoError('database_missing', msg(`database ${path} does not exist`, `データベース ${path} がありません`), {
    file: path,
    hint: msg('check --db / KYODO_DB, or create it with `kyodo init`', '--db / KYODO_DB の指定を確かめるか、`kyodo init` で作成してください'),
  });
}

function notInitialised(path: string): KyodoError {
  return new KyodoError('database_not_initialised', msg(`${path} is an SQLite file without kyodo's tables`, `${path} には kyodo の表がありません`), {
    file: path,
    hint: msg('create them with `kyodo init`', '`kyodo init` で作成してください'),
  });
}

function emptyDatabase(path: string): KyodoError {
  return new KyodoError('database_empty', msg(`${path} is an empty file (0 bytes), not a kyodo database; it was not modified`,
    `${path} は空のファイル（0 バイト）で、kyodo のデータベースではありません（変更していません）`), {
    file: path,
    hint: msg('if it held data, restore it from a backup (kyodo db restore); if it is new, run `kyodo init`',
      'データが入っていたはずならバックアップから復元してください（kyodo db restore）。新しく作るなら `kyodo init` を実行してください'),
  });
}

function needsMigration(path: string, version: number): KyodoError {
  return new KyodoError('database_needs_migration', msg(
    `${path} has schema version ${version}, older than this kyodo (${LATEST_VERSION}); reading commands do not change it`,
    `${path} のスキーマ版 ${version} はこの kyodo（${LATEST_VERSION}）より古いままです（読み取りのコマンドは変更しません）`,
  ), { file: path, hint: msg('run `kyodo db migrate` once (the next import also does it)', '`kyodo db migrate` を一度実行してください（次の取込でも更新されます）') });
}

/** Read-only look at an existing file: is it ours, intact, and not from a newer kyodo? */
function inspectExisting(path: string): void {
  let probe: Db | undefined;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true });
    const appId = probe.pragma('application_id', { simple: true }) as number;
    const version = probe.pragma('user_version', { simple: true }) as number;
    const tables = (probe.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
    if (appId !== APPLICATION_ID && !(appId === 0 && version === 0 && tables === 0)) {
      throw new KyodoError('not_kyodo_database', msg(
        `${path} is an SQLite database of another program, not a kyodo database; it was not modified`,
        `${path} は kyodo のデータベースではない SQLite ファイルです（変更していません）`,
      ), { file: path, hint: msg('pass another --db PATH (or set KYODO_DB)', '別の --db PATH（または KYODO_DB）を指定してください') });
    }
    if (version > LATEST_VERSION) {
      throw new KyodoError('database_too_new', msg(
        `${path} has schema version ${version}, newer than this kyodo (${LATEST_VERSION}); it was not modified`,
        `${path} のスキーマ版 ${version} はこの kyodo（${LATEST_VERSION}）より新しいため、変更していません`,
      ), { file: path, hint: msg('upgrade kyodo', 'kyodo を更新してください') });
    }
  } catch (err) {
    if (err instanceof KyodoError) throw err;
    throw databaseProblem(path, err);
  } finally {
    probe?.close();
  }
}

/**
 * `PRAGMA quick_check` of every table and index, so a damaged file is refused
 * before the first write (SQLite notices a zeroed page only when it reads it).
 * `readInFull` names tables the command itself reads whole anyway (an import
 * loads every stored key of its table, and any damage there stops it): their
 * check is skipped when they have no index of their own. On a 1M-volunteer
 * database the whole check costs ~0.55 s, all but 2 ms of it the volunteers
 * table (docs/BENCHMARKS.md).
 */
export function quickCheck(db: Db, path: string, readInFull: readonly string[] = []): void {
  const problems: string[] = [];
  try {
    const tables = db.prepare(`SELECT t.name, (SELECT count(*) FROM sqlite_schema i WHERE i.type = 'index' AND i.tbl_name = t.name) AS indexes
      FROM sqlite_schema t WHERE t.type = 'table' ORDER BY t.name`).all() as { name: string; indexes: number }[];
    for (const t of tables) {
      if (t.indexes === 0 && readInFull.includes(t.name)) continue;
      const rows = db.prepare(`PRAGMA quick_check("${t.name.replaceAll('"', '""')}")`).pluck().all() as string[];
      if (!(rows.length === 1 && rows[0] === 'ok')) problems.push(...rows);
    }
  } catch (err) {
    throw databaseProblem(path, err);
  }
  if (problems.length > 0) throw databaseProblem(path, Object.assign(new Error(problems.join('; ')), { code: 'SQLITE_CORRUPT' }));
}

/**
 * Runs `fn` as one write transaction begun with BEGIN IMMEDIATE: a deferred
 * transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT when
 * another process committed in between, whatever the busy timeout.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
