import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { KyodoError, UsageError, msg } from '../errors.js';
import { APPLICATION_ID, LATEST_VERSION, migrate } from './migrate.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open without creating or migrating (e.g. db check on a file that must not be touched). */
  readonly?: boolean;
  /** Milliseconds a writer waits for another writer before failing. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating or migrating when needed) a kyodo database. A file that is not
 * a kyodo database, is damaged, or is newer than this kyodo is refused before
 * anything is written to it.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const exists = path !== ':memory:' && existsSync(path) && statSync(path).size > 0;
  if (exists) inspectExisting(path);
  else if (options.readonly) {
    throw new UsageError('database_missing', msg(`database ${path} does not exist`, `データベース ${path} がありません`), {
      file: path,
      hint: msg('create it with `kyodo init`', '`kyodo init` で作成してください'),
    });
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false });
  } catch (err) {
    throw new UsageError('database_unopenable', msg(`cannot open database ${path}: ${(err as Error).message}`, `データベース ${path} を開けません: ${(err as Error).message}`), { file: path });
  }
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // WAL defaults to synchronous=NORMAL in better-sqlite3: a committed import could be lost in a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  }
  return db;
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
    throw classifyOpenError(path, err);
  } finally {
    probe?.close();
  }
}

/** Turns SQLite's errors on a foreign or damaged file into messages staff can act on. */
export function classifyOpenError(path: string, err: unknown): KyodoError {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') {
    return new KyodoError('not_kyodo_database', msg(
      `${path} is not an SQLite database (not a kyodo database); it was not modified`,
      `${path} は SQLite データベースではありません（変更していません）`,
    ), { file: path, hint: msg('pass the path of a kyodo database with --db', 'kyodo のデータベースを --db で指定してください') });
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new KyodoError('database_damaged', msg(
      `${path} is damaged; restore it from a backup (kyodo db backup)`,
      `${path} は破損しています。バックアップから復元してください`,
    ), { file: path });
  }
  return new KyodoError('database_unopenable', msg(
    `cannot open ${path}: ${(err as Error).message}`,
    `${path} を開けません: ${(err as Error).message}`,
  ), { file: path });
}

/**
 * Runs `fn` as one write transaction begun with BEGIN IMMEDIATE: a deferred
 * transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT when
 * another process committed in between, whatever the busy timeout.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
