import { CommanderError } from 'commander';
import { KyodoError, ValidationError } from '../errors.js';
import { closeDatabases } from './context.js';
import { resolveLang, say } from './lang.js';
import { processIo, type Io } from './output.js';
import { createProgram } from './program.js';

/**
 * The only place that turns errors into messages and exit codes
 * (0 done, 1 failed and nothing changed, 2 usage, 3 done with rejects).
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const state = { exitCode: 0 };
  const program = createProgram(io, state);
  const langFlag = argv.includes('--lang') ? (argv[argv.indexOf('--lang') + 1] as 'ja' | 'en' | undefined) : undefined;
  const lang = resolveLang(langFlag === 'ja' || langFlag === 'en' ? langFlag : undefined, io.env);
  try {
    await program.parseAsync(argv);
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit 0; anything else is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof KyodoError) {
      io.stderr.write(formatError(err, lang));
      return err.exitCode;
    }
    io.stderr.write(`${lang === 'ja' ? 'kyodo の不具合です（報告してください）' : 'this is a bug in kyodo (please report it)'}:\n${(err as Error).stack ?? String(err)}\n`);
    return 1;
  } finally {
    closeDatabases();
  }
}

/** `file:line column X: message (value) — hint`, one problem per line. */
export function formatError(err: KyodoError, lang: 'ja' | 'en'): string {
  const c = err.context;
  const label = lang === 'ja' ? 'エラー' : 'error';
  const where = [c.file && !err.msg.en.startsWith(c.file) ? c.file : undefined, c.line !== undefined && !/line \d/.test(err.msg.en) ? `${lang === 'ja' ? '行' : 'line'} ${c.line}` : undefined,
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
