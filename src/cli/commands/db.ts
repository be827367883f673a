import type { Command } from 'commander';
import { msg } from '../../errors.js';
import { backupDatabase, checkDatabase, restoreDatabase } from '../../db/maintenance.js';
import { parsePositive } from '../options.js';
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
    .description('write a consistent copy of the database (VACUUM INTO), private (0600); --keep N removes older backups of the same name pattern')
    .argument('<path>', 'backup file, or a folder (the copy is then named <database>-YYYYMMDD-HHMMSS.db)')
    .option('--force', 'overwrite an existing file')
    .option('--keep <n>', 'keep only the newest N backups named like this one in that folder (kyodo databases only)', parsePositive)
    .addHelpText('after', `
Examples:
  kyodo db backup /backup/kyodo-$(date +%F).db --keep 14     # nightly, two weeks kept
  kyodo db backup /backup/ --keep 30
  kyodo db restore /backup/kyodo-2026-12-01.db`)
    .action((path: string, flags: { force?: boolean; keep?: number }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const r = backupDatabase(ctx.openDb('read', { olderSchema: true }), ctx.dbPath, path, { force: flags.force ?? false, keep: flags.keep });
      if (ctx.json) return void io.stdout.write(formatJson({ backup: r.path, removed: r.removed }));
      io.stdout.write(`${ctx.say(msg(`backup written: ${r.path}`, `バックアップを書き出しました: ${r.path}`))}\n`);
      for (const f of r.removed) io.stdout.write(`${ctx.say(msg(`  removed an older backup: ${f}`, `  古いバックアップを削除しました: ${f}`))}\n`);
    });
  dbCmd
    .command('restore')
    .description('put a backup in place of the database: the backup is checked first (integrity, schema), the current file is kept aside')
    .argument('<backup>', 'a backup written by kyodo db backup')
    .addHelpText('after', `
Example:
  kyodo db restore /backup/kyodo-2026-12-01.db
Stop the nightly jobs while restoring. The database as it was is kept as <database>.before-restore-YYYYMMDD-HHMMSS.`)
    .action((backup: string, _flags: unknown, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const r = restoreDatabase(ctx.dbPath, backup, { busyTimeoutMs: ctx.waitMs });
      // An older backup is brought to the current schema now, not by the next command that happens to write.
      ctx.openDb('write');
      if (ctx.json) return void io.stdout.write(formatJson({ db: ctx.dbPath, ...r, schema_version: LATEST_VERSION, backup_schema_version: r.schema_version }));
      io.stdout.write(`${ctx.say(msg(`restored ${ctx.dbPath} from ${r.restored_from}`, `${r.restored_from} から ${ctx.dbPath} を復元しました`))}\n`);
      if (r.previous) io.stdout.write(`${ctx.say(msg(`the database as it was is kept as ${r.previous}`, `復元前のデータベースは ${r.previous} に残しました`))}\n`);
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
