import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase, type Db, type DbAccess, type OpenOptions } from '../db/open.js';
import type { Msg } from '../errors.js';
import { resolveLang, say } from './lang.js';
import type { Io } from './output.js';

/** What every command gets from the global options. */
export interface CommandContext {
  io: Io;
  lang: 'ja' | 'en';
  dbPath: string;
  json: boolean;
  quiet: boolean;
  /** `--wait SECONDS` in milliseconds: how long a write waits for another program's lock. */
  waitMs: number;
  say(m: Msg): string;
  /**
   * Opens the database for what the command does: `read` (never creates or writes),
   * `write` (existing file, migrated forward) or `create` (init, import).
   * Closed by main after the command.
   */
  openDb(access: DbAccess, opts?: Pick<OpenOptions, 'readInFull' | 'initEmpty' | 'olderSchema'>): Db;
  /** Writes a diagnostic line to stderr (unless --quiet for notes). */
  note(m: Msg): void;
  warn(m: Msg): void;
  /** Exit code the command asks for (0 unless set). */
  exitCode: 0 | 1 | 2 | 3;
}

/** The global options as commander parsed them. */
interface GlobalOptions {
  db?: string;
  json?: boolean;
  lang?: 'ja' | 'en';
  quiet?: boolean;
  wait?: number;
}

const openDbs = new Set<Db>();

/** The database path the global options and environment name (absolute). */
function databasePath(g: GlobalOptions, env: Record<string, string | undefined>): string {
  const dbPath = g.db ?? env.KYODO_DB ?? 'kyodo.db';
  return dbPath === ':memory:' ? dbPath : resolve(dbPath);
}

export function createContext(io: Io, cmd: Command): CommandContext {
  const g = cmd.optsWithGlobals() as GlobalOptions;
  const lang = resolveLang(g.lang, io.env);
  const waitMs = g.wait !== undefined ? Math.round(g.wait * 1000) : DEFAULT_BUSY_TIMEOUT_MS;
  const ctx: CommandContext = {
    io,
    lang,
    dbPath: databasePath(g, io.env),
    json: g.json ?? false,
    quiet: g.quiet ?? false,
    waitMs,
    say: (m) => say(lang, m),
    openDb(access, opts = {}) {
      const db = openDatabase(ctx.dbPath, { access, busyTimeoutMs: waitMs, ...opts });
      openDbs.add(db);
      return db;
    },
    note(m) {
      if (!ctx.quiet) io.stderr.write(`${say(lang, m)}\n`);
    },
    warn(m) {
      io.stderr.write(`${lang === 'ja' ? '警告' : 'warning'}: ${say(lang, m)}\n`);
    },
    exitCode: 0,
  };
  return ctx;
}

/** Closes every database a command opened (main calls this once the command is done). */
export function closeDatabases(): void {
  for (const db of openDbs) {
    try {
      if (db.open) db.close();
    } catch {
      // A connection that cannot close cleanly (a damaged or vanished file) has nothing left to save.
    }
  }
  openDbs.clear();
}
