import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openDatabase, type Db } from '../db/open.js';
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
  say(m: Msg): string;
  /** Opens (creating or migrating) the database; closed by main after the command. */
  openDb(): Db;
  /** Writes a diagnostic line to stderr (unless --quiet for notes). */
  note(m: Msg): void;
  warn(m: Msg): void;
  /** Exit code the command asks for (0 unless set). */
  exitCode: 0 | 1 | 2 | 3;
}

interface GlobalOptions {
  db?: string;
  json?: boolean;
  lang?: 'ja' | 'en';
  quiet?: boolean;
}

const openDbs = new Set<Db>();

export function createContext(io: Io, cmd: Command): CommandContext {
  const g = cmd.optsWithGlobals() as GlobalOptions;
  const lang = resolveLang(g.lang, io.env);
  const dbPath = g.db ?? io.env.KYODO_DB ?? 'kyodo.db';
  const ctx: CommandContext = {
    io,
    lang,
    dbPath: dbPath === ':memory:' ? dbPath : resolve(dbPath),
    json: g.json ?? false,
    quiet: g.quiet ?? false,
    say: (m) => say(lang, m),
    openDb() {
      const db = openDatabase(ctx.dbPath);
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
  for (const db of openDbs) if (db.open) db.close();
  openDbs.clear();
}
