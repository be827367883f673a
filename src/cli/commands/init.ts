import type { Command } from 'commander';
import { msg } from '../../errors.js';
import { LATEST_VERSION } from '../../db/migrate.js';
import { loadSampleRosters } from '../../roster/samples.js';
import { createContext } from '../context.js';
import { formatJson, type Io } from '../output.js';
import type { RunState } from '../program.js';

export function registerInit(program: Command, io: Io, state: RunState): void {
  program
    .command('init')
    .description('create the database (or migrate an older one); --demo loads the sample rosters of data/sample')
    .option('--demo', 'also import the sample rosters (a fictional ward)')
    .addHelpText('after', `
Examples:
  kyodo init
  kyodo --db demo.db init --demo`)
    .action(async (flags: { demo?: boolean }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const db = ctx.openDb('create', { initEmpty: true });
      const imports = flags.demo ? await loadSampleRosters(db, ctx.dbPath, ctx.lang) : [];
      if (imports.some((r) => r.rejected > 0)) state.exitCode = 3;
      if (ctx.json) {
        io.stdout.write(formatJson({ db: ctx.dbPath, schema_version: LATEST_VERSION, imports }));
        return;
      }
      io.stdout.write(`${ctx.say(msg(`database ready: ${ctx.dbPath} (schema ${LATEST_VERSION})`, `データベースを用意しました: ${ctx.dbPath}（スキーマ ${LATEST_VERSION}）`))}\n`);
      for (const r of imports) {
        io.stdout.write(`  ${r.kind}: ${r.rows} rows, ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected${r.rejects_file ? ` → ${r.rejects_file}` : ''}\n`);
      }
    });
}
