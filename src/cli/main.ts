import { CommanderError } from 'commander';
import { InterruptedError, KyodoError, ValidationError } from '../errors.js';
import { sqliteProblem } from '../db/errors.js';
import { closeDatabases } from './context.js';
import { resolveLang, say, type Lang } from './lang.js';
import { formatJson, processIo, type Io } from './output.js';
import { createProgram, type RunState } from './program.js';

/**
 * The only place that turns errors into messages and exit codes
 * (0 done, 1 failed and nothing changed, 2 usage, 3 done with rejects, 130 interrupted).
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const state: RunState = { exitCode: 0 };
  const program = createProgram(io, state);
  try {
    await program.parseAsync(argv);
    return state.exitCode;
  } catch (err) {
    return report(err, io, state, argv);
  } finally {
    closeDatabases();
  }
}

/** Writes what went wrong (stderr; with --json also one error document on stdout) and returns the exit code. */
function report(err: unknown, io: Io, state: RunState, argv: string[]): number {
  const langFlag = argv.includes('--lang') ? argv[argv.indexOf('--lang') + 1] : undefined;
  const lang: Lang = state.lang ?? resolveLang(langFlag === 'ja' || langFlag === 'en' ? langFlag : undefined, io.env);
  const json = state.json ?? argv.includes('--json');
  if (err instanceof CommanderError) {
    // --help and --version end here with exit 0; anything else is a usage error (commander has said why on stderr).
    if (err.exitCode === 0) return 0;
    if (json) io.stdout.write(formatJson({ error: { code: 'usage', message: err.message.replace(/^error: /, ''), file: null, line: null, column: null } }));
    return 2;
  }
  const known = asKnownProblem(err, state);
  if (!known) {
    io.stderr.write(`${lang === 'ja' ? 'kyodo の不具合です（報告してください）' : 'this is a bug in kyodo (please report it)'}:\n${(err as Error)?.stack ?? String(err)}\n`);
    if (json) io.stdout.write(formatJson({ error: { code: 'bug', message: String((err as Error)?.message ?? err), file: null, line: null, column: null } }));
    return 1;
  }
  io.stderr.write(formatError(known, lang));
  if (json) io.stdout.write(formatJson({ error: errorJson(known, lang) }));
  return known.exitCode;
}

/** A KyodoError, or what a person caused said as one (Ctrl-C at a prompt, a locked, damaged or full disk); undefined for a bug. */
function asKnownProblem(err: unknown, state: RunState): KyodoError | undefined {
  if (err instanceof KyodoError) return err;
  // inquirer's answer to Ctrl-C at a prompt.
  if ((err as Error | null)?.name === 'ExitPromptError' || (err as Error | null)?.name === 'AbortPromptError') return new InterruptedError();
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_')) return sqliteProblem(err, state.dbPath ?? 'kyodo.db', { waitMs: state.waitMs });
  // A full or failing disk under a file that is not the database (what writes files maps its own errors).
  const path = (err as { path?: unknown } | null)?.path;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO') return sqliteProblem(err, typeof path === 'string' ? path : (state.dbPath ?? 'kyodo.db'));
  return undefined;
}

/** The `--json` error document: stable code, the message in the chosen language, and where. */
export function errorJson(err: KyodoError, lang: Lang): Record<string, unknown> {
  const c = err.context;
  return {
    code: err.code,
    message: say(lang, err.msg),
    file: c.file ?? null,
    line: c.line ?? null,
    column: c.column ?? null,
    ...(c.value !== undefined ? { value: c.value } : {}),
    ...(c.hint ? { hint: say(lang, c.hint) } : {}),
    ...(err instanceof ValidationError ? { problems: err.problems.map((p) => errorJson(p, lang)) } : {}),
  };
}

/** `file:line column X: message (value) — hint`, one problem per line. */
export function formatError(err: KyodoError, lang: 'ja' | 'en'): string {
  const c = err.context;
  if (err instanceof InterruptedError) return `${say(lang, err.msg)}\n`;
  const label = lang === 'ja' ? 'エラー' : 'error';
  const where = [c.file && !err.msg.en.includes(c.file) ? c.file : undefined, c.line !== undefined && !/line \d/.test(err.msg.en) ? `${lang === 'ja' ? '行' : 'line'} ${c.line}` : undefined,
    c.column ? `${lang === 'ja' ? '列' : 'column'} ${c.column}` : undefined].filter(Boolean).join(' ');
  let out = `${label}: ${where ? `${where}: ` : ''}${say(lang, err.msg)}`;
  if (c.value !== undefined) out += ` (${JSON.stringify(c.value)})`;
  out += '\n';
  if (c.hint) out += `  → ${say(lang, c.hint)}\n`;
  if (err instanceof ValidationError) for (const p of err.problems) out += `  - ${say(lang, p.msg)}\n`;
  return out;
}

/** Entry point of bin/kyodo.js. Sets process.exitCode rather than exiting, so output is flushed. */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await run(argv, processIo());
}
