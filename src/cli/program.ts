import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Io } from './output.js';
import { createContext } from './context.js';
import { parseSeconds } from './options.js';
import { DEFAULT_BUSY_TIMEOUT_MS } from '../db/open.js';
import { registerImport } from './commands/import.js';
import { registerList, registerShow } from './commands/list.js';
import { registerImports } from './commands/imports.js';
import { registerInit } from './commands/init.js';
import { registerDb } from './commands/db.js';
import { registerMatch } from './commands/match.js';
import { registerMatches } from './commands/matches.js';
import { registerAudit } from './commands/audit.js';
import { registerVolunteers } from './commands/volunteers.js';
import { registerSelect } from './commands/select.js';
import { registerReport } from './commands/report.js';

/** The exit code a command asked for, and the global options main needs to report a failure. */
export interface RunState {
  exitCode: number;
  json?: boolean;
  lang?: 'ja' | 'en';
  dbPath?: string;
  waitMs?: number;
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Builds the commander program. No side effects: tests call it with a captured Io. */
export function createProgram(io: Io, state: RunState): Command {
  const program = new Command('kyodo')
    .description('kyodo — rosters, matching, partner selection and yearly reports for 中間支援組織 (one SQLite file)')
    .version(pkg.version, '-V, --version')
    .option('--db <path>', 'database file (default: $KYODO_DB, else ./kyodo.db)')
    .option('--json', 'print the result as one JSON document on stdout')
    .addOption(new Option('--lang <lang>', 'message language (default from LANG)').choices(['ja', 'en']))
    .option('-q, --quiet', 'no progress bars or notes on stderr')
    .option('--wait <seconds>', `how long a write waits for another program's lock on the database (default ${DEFAULT_BUSY_TIMEOUT_MS / 1000})`, parseSeconds)
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  registerInit(program, io, state);
  registerImport(program, io, state);
  registerImports(program, io, state);
  registerList(program, io, state);
  registerShow(program, io, state);
  registerMatch(program, io, state);
  registerMatches(program, io, state);
  registerVolunteers(program, io, state);
  registerSelect(program, io, state);
  registerReport(program, io, state);
  registerAudit(program, io, state);
  registerDb(program, io, state);
  // What main needs to report a failure the way the user asked (language, --json, which database).
  program.hook('preAction', (_program, action) => {
    const ctx = createContext(io, action);
    Object.assign(state, { json: ctx.json, lang: ctx.lang, dbPath: ctx.dbPath, waitMs: ctx.waitMs });
  });
  // Every subcommand inherits the error routing, so usage errors reach main as exit 2.
  for (const cmd of allCommands(program)) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  }
  return program;
}

export function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

