import { Option, type Command } from 'commander';
import { UsageError, msg } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { toCsv } from '../../io/csv-out.js';
import { listMatches, transitionMatches, type MatchStatus } from '../../matching/store.js';
import { operatorName } from '../../privacy/audit.js';
import { buildOrgList, recordOrgExport } from '../../privacy/org-export.js';
import { createContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';

const STATUSES: MatchStatus[] = ['proposed', 'accepted', 'declined', 'completed', 'superseded'];

function parseIds(ids: string[]): number[] {
  return ids.map((s) => {
    const n = Number(s.replace(/^#/, ''));
    if (!Number.isInteger(n) || n < 1) throw new UsageError('invalid_match_id', msg(`"${s}" is not a match ID (see kyodo matches list)`, `「${s}」はマッチIDではありません（kyodo matches list で確認）`));
    return n;
  });
}

export function registerMatches(program: Command, io: Io, _state: RunState): void {
  const matches = program.command('matches').description('the life of proposed matches: list, accept, decline, complete, export for an NPO');
  matches
    .command('list')
    .description('list matches')
    .addOption(new Option('--status <status>', 'only this status').choices(STATUSES))
    .option('--org <id>', 'only this organization')
    .option('--volunteer <id>', 'only this volunteer')
    .option('--run <n>', 'only this match run', (v) => parseIds([v])[0]!)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  kyodo matches list --status proposed\n  kyodo --json matches list --org ORG003')
    .action((flags: { status?: MatchStatus; org?: string; volunteer?: string; run?: number; format: 'table' | 'csv' | 'json' }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const rows = listMatches(ctx.openDb(), flags);
      if (ctx.json || flags.format === 'json') return void io.stdout.write(formatJson({ matches: rows }));
      const cols = ['match_id', 'run_id', 'opening_id', 'org_id', 'volunteer_id', 'score', 'status', 'hours'].map((key) => ({ key }));
      io.stdout.write(renderRows(rows as unknown as Record<string, unknown>[], flags.format === 'csv' ? [...cols, { key: 'reasons' }] : cols, flags.format));
    });
  for (const [verb, to, ja] of [['accept', 'accepted', '受入決定'], ['decline', 'declined', '辞退']] as const) {
    matches
      .command(verb)
      .description(`mark proposed matches as ${to} (${ja})`)
      .argument('<ids...>', 'match IDs')
      .option('--note <text>', 'a note kept with the match')
      .addHelpText('after', `\nExample:\n  kyodo matches ${verb} 12 13`)
      .action((ids: string[], flags: { note?: string }, cmd: Command) => {
        const ctx = createContext(io, cmd);
        const rows = transitionMatches(ctx.openDb(), parseIds(ids), to, new Date(), { note: flags.note });
        if (ctx.json) return void io.stdout.write(formatJson({ matches: rows }));
        io.stdout.write(`${ctx.say(msg(`${rows.length} match(es) ${to}`, `${rows.length}件を${ja}にしました`))}\n`);
      });
  }
  matches
    .command('complete')
    .description('mark accepted matches as completed, with the hours worked (counted in the KPI report)')
    .argument('<ids...>', 'match IDs')
    .requiredOption('--hours <h>', 'hours worked', (v) => Number(v))
    .option('--note <text>', 'a note kept with the match')
    .addHelpText('after', '\nExample:\n  kyodo matches complete 12 --hours 3.5')
    .action((ids: string[], flags: { hours: number; note?: string }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const rows = transitionMatches(ctx.openDb(), parseIds(ids), 'completed', new Date(), { hours: flags.hours, note: flags.note });
      if (ctx.json) return void io.stdout.write(formatJson({ matches: rows }));
      io.stdout.write(`${ctx.say(msg(`${rows.length} match(es) completed`, `${rows.length}件を完了にしました`))}\n`);
    });
  matches
    .command('export')
    .description('the list one NPO receives: contact details only for volunteers who consented; every export is recorded')
    .requiredOption('--org <id>', 'the organization')
    .option('--out <path>', 'file to write (mode 0600); default stdout')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'json']).default('csv'))
    .option('--force', 'overwrite --out')
    .addHelpText('after', '\nExamples:\n  kyodo matches export --org ORG003 --out ORG003-紹介リスト.csv\n  kyodo audit            # what went to whom')
    .action(async (flags: { org: string; out?: string; format: 'csv' | 'xlsx' | 'json'; force?: boolean }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      if (flags.format === 'xlsx' && !flags.out) throw new UsageError('out_required', msg('--format xlsx needs --out PATH', '--format xlsx には --out PATH が必要です'));
      const db = ctx.openDb();
      const rows = buildOrgList(db, flags.org);
      const columns = [
        { key: 'match_id', label: 'マッチID', type: 'number' as const }, { key: 'opening_id', label: '募集ID', type: 'text' as const },
        { key: 'title', label: '件名', type: 'text' as const }, { key: 'volunteer_id', label: 'ボランティアID', type: 'text' as const },
        { key: 'name', label: '氏名', type: 'text' as const }, { key: 'phone', label: '電話番号', type: 'text' as const },
        { key: 'email', label: 'メール', type: 'text' as const }, { key: 'consent', label: '情報提供同意', type: 'text' as const },
        { key: 'status', label: '状態', type: 'text' as const }, { key: 'score', label: '点数', type: 'number' as const },
        { key: 'reasons', label: '理由', type: 'text' as const },
      ];
      const bytes: Uint8Array | string = flags.format === 'xlsx'
        ? await (await import('../../io/xlsx.js')).xlsxBuffer([{ name: `${flags.org} 紹介リスト`, columns, rows: rows as unknown as Record<string, unknown>[] }])
        : flags.format === 'json' || ctx.json ? formatJson({ org_id: flags.org, matches: rows })
          : toCsv(rows as unknown as Record<string, unknown>[], { columns: columns.map((c) => ({ key: c.key, label: c.label })) });
      if (flags.out) writeFileAtomic(flags.out, bytes, { force: flags.force ?? false, mode: 0o600 });
      else io.stdout.write(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('binary'));
      const auditId = recordOrgExport(db, flags.org, rows, bytes, flags.out ?? null, operatorName(io.env), new Date());
      ctx.note(msg(`${rows.length} matches exported for ${flags.org}; recorded as audit #${auditId}`, `${flags.org} 向けに ${rows.length}件を書き出し、提供記録 #${auditId} に記録しました`));
    });
}
