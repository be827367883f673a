import type { Command } from 'commander';
import { msg } from '../../errors.js';
import { backupDatabase, checkDatabase } from '../../db/maintenance.js';
import { LATEST_VERSION } from '../../db/migrate.js';
import { createContext } from '../context.js';
import { formatJson, type Io } from '../output.js';
import type { RunState } from '../program.js';

export function registerDb(program: Command, io: Io, state: RunState): void {
  const dbCmd = program.command('db').description('database housekeeping: check, backup, migrate');
  dbCmd
    .command('check')
    .description('integrity and foreign-key check (read-only)')
    .addHelpText('after', '\nExample:\n  kyodo db check && kyodo db backup /backup/kyodo-$(date +%F).db')
    .action((_flags: unknown, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const db = ctx.openDb('read', { olderSchema: true });
      try {
        const result = checkDatabase(db, ctx.dbPath);
        if (!result.ok) state.exitCode = 1;
        if (ctx.json) io.stdout.write(formatJson(result));
        else {
          io.stdout.write(result.ok
            ? `${ctx.say(msg(`ok: ${ctx.dbPath} (schema ${result.schema_version}, ${result.journal_mode})`, `正常: ${ctx.dbPath}（スキーマ ${result.schema_version}、${result.journal_mode}）`))}\n`
            : `${ctx.say(msg(`problems in ${ctx.dbPath}; restore from a backup`, `${ctx.dbPath} に問題があります。バックアップから復元してください`))}\n${result.integrity.join('\n')}\nforeign key violations: ${result.foreign_key_violations}\n`);
        }
      } finally {
        db.close();
      }
    });
  dbCmd
    .command('backup')
    .description('write a consistent copy of the database (VACUUM INTO)')
    .argument('<path>', 'backup file')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', '\nExample:\n  kyodo db backup /backup/kyodo-$(date +%F).db')
    .action((path: string, flags: { force?: boolean }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      backupDatabase(ctx.openDb('read', { olderSchema: true }), path, flags.force ?? false);
      if (ctx.json) io.stdout.write(formatJson({ backup: path }));
      else io.stdout.write(`${ctx.say(msg(`backup written: ${path}`, `バックアップを書き出しました: ${path}`))}\n`);
    });
  dbCmd
    .command('migrate')
    .description('bring an older database to the current schema (also done on first use)')
    .addHelpText('after', '\nExample:\n  kyodo --db old.db db migrate')
    .action((_flags: unknown, cmd: Command) => {
      const ctx = createContext(io, cmd);
      ctx.openDb('write');
      if (ctx.json) io.stdout.write(formatJson({ schema_version: LATEST_VERSION }));
      else io.stdout.write(`${ctx.say(msg(`schema version ${LATEST_VERSION}`, `スキーマ版 ${LATEST_VERSION}`))}\n`);
    });
}
