import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { InterruptedError, KyodoError, msg } from '../../errors.js';
import { parseRetireLimit } from '../options.js';
import { importRoster, type ImportResult, type RetireLimit } from '../../roster/import.js';
import { recordFailedRun } from '../../roster/runs.js';
import { sqliteProblem } from '../../db/errors.js';
import { HeaderMismatchError, loadMapping, type ColumnMapping } from '../../roster/headers.js';
import { ROSTER_KINDS, type RosterKind } from '../../roster/kind.js';
import { KIND_SPECS } from '../../roster/specs.js';
import { FORMAT_NAMES, type FormatName } from '../../roster/formats/format.js';
import { createContext, type CommandContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';
import { auditSelectionImport } from '../../selection/import-audit.js';
import { operatorName } from '../../privacy/audit.js';

interface ImportFlags {
  format: FormatName;
  encoding: 'auto' | 'utf-8' | 'shift_jis';
  mapping?: string;
  full?: boolean;
  maxRetire?: RetireLimit;
  allKinds?: boolean;
  strict?: boolean;
  dryRun?: boolean;
  rejects?: string;
}

export function registerImport(program: Command, io: Io, state: RunState): void {
  program
    .command('import')
    .description('import a roster CSV (nightly-safe: one transaction, rejects listed with line and reason)')
    .addArgument(program.createArgument('<kind>', 'what the file holds').choices(ROSTER_KINDS))
    .argument('<file>', "CSV file, or - for stdin")
    .addOption(new Option('--format <format>', 'file layout').choices(FORMAT_NAMES).default('native'))
    .addOption(new Option('--encoding <encoding>', 'file encoding').choices(['auto', 'utf-8', 'shift_jis']).default('auto'))
    .option('--mapping <yaml>', 'map other header names onto kyodo columns')
    .option('--full', 'the file is the whole roster: records missing from it are retired (never deleted)')
    .option('--max-retire <limit>', 'with --full: refuse the run if it would retire more than this share or number of the active records (default 10%; 25%, 500 or all)', parseRetireLimit)
    .option('--all-kinds', '--format houjin: take every corporation, not only non-profit legal forms')
    .option('--strict', 'roll everything back if any row is rejected (exit 3)')
    .option('--dry-run', 'validate and report; change nothing')
    .option('--rejects <path>', 'where to write the rejected rows (default: beside the database)')
    .addHelpText('after', `
Examples:
  kyodo import volunteers volunteers.csv
  kyodo import orgs 13_tokyo_all.csv --format houjin
  kyodo import facilities shisetsu.csv --format opendata --mapping shisetsu.mapping.yaml
  kyodo --json import volunteers roster.csv --full   # nightly, from cron
  kyodo import volunteers roster.csv --full --max-retire 25%   # a roster that really shrank

Exit codes: 0 done · 1 failed, nothing changed · 2 usage error · 3 done, some rows rejected · 130 cancelled (Ctrl-C)
Every run, failed ones too, is in \`kyodo imports\`.`)
    .action(async (kind: RosterKind, file: string, flags: ImportFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const spec = KIND_SPECS[kind];
      const created = !ctx.dbPath.startsWith(':') && !existsSync(ctx.dbPath);
      // An import loads every stored key of its table: damage there stops it anyway, so the check before writing skips it.
      const db = ctx.openDb('create', { readInFull: [spec.table] });
      const startedAt = new Date().toISOString();
      const cancel = new AbortController();
      const onSigint = (): void => {
        // A second Ctrl-C does not wait for the rollback.
        if (cancel.signal.aborted) process.exit(130);
        cancel.abort();
      };
      process.on('SIGINT', onSigint);
      let result: ImportResult;
      try {
        let mapping: ColumnMapping | undefined = flags.mapping ? loadMapping(flags.mapping, spec) : undefined;
        const run = () => importRoster(db, {
          kind, file, format: flags.format, encoding: flags.encoding, mapping, full: flags.full ?? false, maxRetire: flags.maxRetire,
          allKinds: flags.allKinds ?? false, strict: flags.strict ?? false, dryRun: flags.dryRun ?? false, rejectsPath: flags.rejects, dbPath: ctx.dbPath,
          onProgress: progressBar(ctx), onWarning: (m) => ctx.warn(m), signal: cancel.signal,
          // The officials' record of a selection import commits with its rows, never after them.
          beforeCommit: (r) => auditSelectionImport(db, r, null, operatorName(io.env), new Date()),
        }, ctx.lang);
        try {
          result = await run();
        } catch (err) {
          if (!(err instanceof HeaderMismatchError) || file === '-' || !(io.stdin.isTTY === true && io.stderr.isTTY === true)) throw err;
          // inquirer is loaded only when a person is there to answer (it is slow to load, and cron never needs it).
          const { askColumnMapping } = await import('../prompts.js');
          // A person is at the terminal: ask once, save the answer for the nightly job.
          const saveTo = join(dirname(file), `${basename(file).replace(/\.[^.]*$/, '')}.mapping.yaml`);
          const answer = await askColumnMapping(io, ctx.lang, err, saveTo);
          if (!answer) throw err;
          ctx.note(msg(`saved the column mapping to ${answer.path}; pass --mapping ${answer.path} next time`,
            `列の対応を ${answer.path} に保存しました。次回から --mapping ${answer.path} を指定してください`));
          mapping = loadMapping(answer.path, spec);
          result = await run();
        }
      } catch (err) {
        // Every run is in the history: a failed or cancelled one too, recorded after the rollback.
        const problem = err instanceof KyodoError ? err : sqliteProblem(err, ctx.dbPath, { waitMs: ctx.waitMs });
        if (!problem) throw err;
        if (!flags.dryRun) {
          recordFailedRun(db, ctx.dbPath, { kind, file, format: flags.format, started_at: startedAt, full: flags.full, strict: flags.strict },
            problem instanceof InterruptedError ? 'cancelled' : 'failed', problem);
        }
        throw problem;
      } finally {
        process.off('SIGINT', onSigint);
      }
      printResult(ctx, result, created);
      if (result.rejected > 0) state.exitCode = 3;
    });
}

function progressBar(ctx: CommandContext): ((read: number, total: number | undefined) => void) | undefined {
  if (ctx.quiet || ctx.io.stderr.isTTY !== true) return undefined;
  const bar = new cliProgress.SingleBar({
    stream: ctx.io.stderr.stream ?? (ctx.io.stderr as unknown as NodeJS.WritableStream),
    format: ' {bar} {percentage}% | {value}/{total} MB',
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return (read, total) => {
    if (total === undefined) return;
    const mb = (n: number) => Math.round(n / 1e5) / 10;
    if (!started) {
      bar.start(mb(total), 0);
      started = true;
    }
    bar.update(mb(read));
    if (read >= total) bar.stop();
  };
}

/** The run's counts; `createdDb`: this import created the database (a mistyped --db shows here, and in JSON). */
function printResult(ctx: CommandContext, r: ImportResult, createdDb: boolean): void {
  const { io } = ctx;
  if (ctx.json) {
    io.stdout.write(formatJson({
      run_id: r.run_id, kind: r.kind, file: r.file, format: r.format, encoding: r.encoding, rows: r.rows, inserted: r.inserted,
      updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, retired: r.retired, skipped: r.skipped,
      skipped_not_nonprofit: r.skipped_not_nonprofit, suppressed: r.suppressed, dry_run: r.dry_run, rolled_back: r.rolled_back, rejects_file: r.rejects_file,
      unknown_columns: r.unknown_columns, rejects: r.rejects, ...(createdDb ? { created_database: ctx.dbPath } : {}),
    }));
    return;
  }
  const ja = ctx.lang === 'ja';
  const head = r.dry_run ? (ja ? '（試行: 何も変更していません）' : '(dry run: nothing was changed)')
    : r.rolled_back ? (ja ? '（--strict: 不備があったため全件取り消しました）' : '(--strict: rows were rejected, so everything was rolled back)') : '';
  const run = r.run_id === null ? '' : ` #${r.run_id}`;
  const counts = ja
    ? `取込${run} ${r.kind} ${r.file} [${r.format}, ${r.encoding}] ${r.rows}行: 追加 ${r.inserted}・更新 ${r.updated}・変更なし ${r.unchanged}・除外 ${r.rejected}・退会/廃止扱い ${r.retired}`
    : `import${run} ${r.kind} ${r.file} [${r.format}, ${r.encoding}] ${r.rows} rows: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected, ${r.retired} retired`;
  const superseded = r.skipped - r.skipped_not_nonprofit;
  const extra = [superseded ? (ja ? `履歴行スキップ ${superseded}` : `${superseded} superseded rows skipped`) : '',
    r.skipped_not_nonprofit ? (ja ? `非営利の法人格でない法人 ${r.skipped_not_nonprofit}件は対象外（全件は --all-kinds）`
      : `${r.skipped_not_nonprofit} corporations of other legal forms skipped (--all-kinds takes them)`) : '',
    r.suppressed ? (ja ? `削除済みの人 ${r.suppressed}（取り込みません）` : `${r.suppressed} suppressed (erased people, not re-imported)`) : ''].filter(Boolean).join(', ');
  io.stdout.write(`${counts}${extra ? `, ${extra}` : ''} ${head}\n`);
  if (createdDb) io.stdout.write(ja ? `新しいデータベース ${ctx.dbPath} を作成しました（別のものを指定するつもりなら --db / KYODO_DB を確かめてください）\n`
    : `created a new database ${ctx.dbPath} (check --db / KYODO_DB if you meant another one)\n`);
  if (r.rejected > 0) {
    io.stdout.write(renderRows(r.rejects.slice(0, 20) as unknown as Record<string, unknown>[], [
      { key: 'line', label: ja ? '行' : 'line' }, { key: 'column', label: ja ? '列' : 'column' }, { key: 'value', label: ja ? '値' : 'value' },
      { key: 'code', label: 'code' }, { key: 'reason', label: ja ? '理由' : 'reason' },
    ], 'table', { color: false }));
    if (r.rejected > 20) io.stdout.write(ja ? `…ほか ${r.rejected - 20} 件\n` : `… and ${r.rejected - 20} more\n`);
    io.stdout.write(ja ? `除外した行は ${r.rejects_file} にあります。直して再取込してください。\n` : `Rejected rows are in ${r.rejects_file}: fix them there and re-import that file.\n`);
  }
}

