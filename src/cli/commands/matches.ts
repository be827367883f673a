import { Option, type Command } from 'commander';
import { UsageError, msg } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { toCsv } from '../../io/csv-out.js';
import { decideFacilityProposals, listFacilityProposals, type FacilityProposalStatus } from '../../matching/facilities/store.js';
import { decideResourceAllocations, listResourceAllocations, type ResourceAllocationStatus } from '../../matching/resources/store.js';
import { decisionDay, type DecisionOptions } from '../../matching/decisions.js';
import { listMatches, transitionMatches, type MatchStatus } from '../../matching/store.js';
import { operatorName } from '../../privacy/audit.js';
import { buildOrgList, recordOrgExport } from '../../privacy/org-export.js';
import { hoursNumber } from '../options.js';
import { createContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';

const STATUSES: MatchStatus[] = ['proposed', 'accepted', 'declined', 'completed', 'superseded'];

/**
 * Which proposals: volunteer matches (`matches`), room proposals (`facility_proposals`) or
 * resource allocations (`resource_allocations`). Each has its own ID sequence, hence a flag
 * rather than guessing from the ID.
 */
type Kind = 'volunteers' | 'facilities' | 'resources';
const kindOption = () => new Option('--kind <kind>', 'which proposals: volunteer matches, room proposals (facilities) or resource allocations (resources)')
  .choices(['volunteers', 'facilities', 'resources']).default('volunteers');

interface ListFlags {
  kind: Kind;
  status?: MatchStatus;
  org?: string;
  volunteer?: string;
  request?: string;
  offer?: string;
  run?: number;
  format: 'table' | 'csv' | 'json';
}

/** Filters that do not apply to the kind are usage errors, not silently empty lists. */
function checkListFlags(f: ListFlags): void {
  const bad = (flag: string, kinds: string) => new UsageError('option_not_for_kind', msg(`${flag} applies to --kind ${kinds} only`, `${flag} は --kind ${kinds} でのみ使えます`));
  if (f.volunteer !== undefined && f.kind !== 'volunteers') throw bad('--volunteer', 'volunteers');
  if (f.status === 'completed' && f.kind !== 'volunteers') throw bad('--status completed', 'volunteers');
  if (f.request !== undefined && f.kind === 'volunteers') throw bad('--request', 'facilities|resources');
  if (f.offer !== undefined && f.kind !== 'resources') throw bad('--offer', 'resources');
}

/** The operator, the decision day (`--on`, checked against today) and the note of a decision command. */
function decision(io: Io, flags: { on?: string; note?: string }, now: Date): DecisionOptions {
  return { operator: operatorName(io.env), on: flags.on === undefined ? undefined : decisionDay(flags.on, now), note: flags.note };
}

const onOption = () => new Option('--on <date>', 'the day the decision was made, when entered later (2026-03-31, 令和8年3月31日 …; default today, never a later day): counts in that fiscal year');

function parseIds(ids: string[]): number[] {
  return ids.map((s) => {
    const t = s.normalize('NFKC').trim().replace(/^#/, '');
    const n = /^[0-9]+$/.test(t) ? Number(t) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError('invalid_match_id', msg(`"${s}" is not a match ID (see kyodo matches list)`, `「${s}」はマッチIDではありません（kyodo matches list で確認）`));
    return n;
  });
}

export function registerMatches(program: Command, io: Io, _state: RunState): void {
  const matches = program.command('matches').description('the life of proposed matches (volunteers, and with --kind rooms or resources): list, accept, decline, complete, export for an NPO');
  matches
    .command('list')
    .description('list matches (--kind facilities: room proposals, --kind resources: resource allocations)')
    .addOption(kindOption())
    .addOption(new Option('--status <status>', 'only this status').choices(STATUSES))
    .option('--org <id>', 'only this organization')
    .option('--volunteer <id>', 'only this volunteer (volunteers)')
    .option('--request <id>', 'only this booking request or resource request (facilities, resources)')
    .option('--offer <id>', 'only this offer (resources)')
    .option('--run <n>', 'only this match run', (v) => parseIds([v])[0]!)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  kyodo matches list --status proposed\n  kyodo --json matches list --org ORG003\n  kyodo matches list --kind facilities --status proposed\n  kyodo matches list --kind resources --request RQ0002')
    .action((flags: ListFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      checkListFlags(flags);
      const format = ctx.json ? 'json' : flags.format;
      if (flags.kind === 'facilities') {
        const rows = listFacilityProposals(ctx.openDb('read'), { ...flags, status: flags.status as FacilityProposalStatus | undefined });
        if (format === 'json') return void io.stdout.write(formatJson({ kind: 'facilities', proposals: rows }));
        const cols = ['proposal_id', 'run_id', 'request_id', 'org_id', 'date', 'start_time', 'end_time', 'facility_id', 'facility_name', 'room', 'fee', 'score', 'status'].map((key) => ({ key }));
        return void io.stdout.write(renderRows(rows as unknown as Record<string, unknown>[], format === 'csv' ? [...cols, { key: 'reasons' }] : cols, format));
      }
      if (flags.kind === 'resources') {
        const rows = listResourceAllocations(ctx.openDb('read'), { ...flags, status: flags.status as ResourceAllocationStatus | undefined });
        if (format === 'json') return void io.stdout.write(formatJson({ kind: 'resources', allocations: rows }));
        const cols = ['allocation_id', 'run_id', 'request_id', 'org_id', 'offer_id', 'category', 'item', 'quantity', 'unit', 'score', 'status'].map((key) => ({ key }));
        return void io.stdout.write(renderRows(rows as unknown as Record<string, unknown>[], format === 'csv' ? [...cols, { key: 'reasons' }] : cols, format));
      }
      const rows = listMatches(ctx.openDb('read'), flags);
      if (format === 'json') return void io.stdout.write(formatJson({ kind: 'volunteers', matches: rows }));
      const cols = ['match_id', 'run_id', 'opening_id', 'org_id', 'volunteer_id', 'score', 'status', 'hours'].map((key) => ({ key }));
      io.stdout.write(renderRows(rows as unknown as Record<string, unknown>[], format === 'csv' ? [...cols, { key: 'reasons' }] : cols, format));
    });
  for (const [verb, to, ja] of [['accept', 'accepted', '受入決定'], ['decline', 'declined', '辞退']] as const) {
    matches
      .command(verb)
      .description(verb === 'accept'
        ? 'mark proposed matches as accepted (受入決定); --kind facilities books the room (refused if that would double-book), --kind resources takes the quantity off the offer and the request'
        : 'mark proposed or accepted matches as declined (辞退); the same pair is never proposed again (an accepted room is released, accepted units are given back)')
      .argument('<ids...>', 'match IDs (with --kind: proposal or allocation IDs, see kyodo matches list --kind …)')
      .addOption(kindOption())
      .option('--note <text>', 'a note kept with the match')
      .addOption(onOption())
      .addHelpText('after', `\nExamples:\n  kyodo matches ${verb} 12 13\n  kyodo matches ${verb} 12 --on 2026-03-31     # decided in March, entered in April\n  kyodo matches ${verb} --kind facilities 4\n  kyodo matches ${verb} --kind resources 7 8 --note "${verb === 'accept' ? '5/10 引渡し' : '団体都合'}"`)
      .action((ids: string[], flags: { kind: Kind; note?: string; on?: string }, cmd: Command) => {
        const ctx = createContext(io, cmd);
        const now = new Date();
        const d = decision(io, flags, now);
        if (flags.kind === 'facilities') {
          const rows = decideFacilityProposals(ctx.openDb('write'), parseIds(ids), to, now, d);
          if (ctx.json) return void io.stdout.write(formatJson({ kind: 'facilities', proposals: rows }));
          const lines = rows.map((p) => `  ${[`#${p.proposal_id}`, p.request_id, `(${p.org_id})`, p.facility_name, p.room, `(${p.facility_id})`, p.date,
            `${p.start_time}${ctx.lang === 'ja' ? '〜' : '–'}${p.end_time}`].filter(Boolean).join(' ')}\n`);
          return void io.stdout.write(`${ctx.say(msg(`${rows.length} room proposal(s) ${to}${to === 'accepted' ? ' (booked)' : ''}`, `部屋の提案 ${rows.length}件を${ja}にしました${to === 'accepted' ? '（予約済みにしました）' : ''}`))}\n${lines.join('')}`);
        }
        if (flags.kind === 'resources') {
          const rows = decideResourceAllocations(ctx.openDb('write'), parseIds(ids), to, now, d);
          if (ctx.json) return void io.stdout.write(formatJson({ kind: 'resources', allocations: rows }));
          const lines = rows.map((a) => `  ${[`#${a.allocation_id}`, a.offer_id, '→', a.request_id, `(${a.org_id})`, a.category, a.item, `${a.quantity}${a.unit ?? ''}`].filter(Boolean).join(' ')}\n`);
          return void io.stdout.write(`${ctx.say(msg(`${rows.length} allocation(s) ${to}`, `配分 ${rows.length}件を${ja}にしました`))}\n${lines.join('')}`);
        }
        const rows = transitionMatches(ctx.openDb('write'), parseIds(ids), to, now, d);
        if (ctx.json) return void io.stdout.write(formatJson({ kind: 'volunteers', matches: rows }));
        io.stdout.write(`${ctx.say(msg(`${rows.length} match(es) ${to}`, `${rows.length}件を${ja}にしました`))}\n`);
      });
  }
  matches
    .command('complete')
    .description('mark accepted matches as completed, with the hours worked (counted in the KPI report)')
    .argument('<ids...>', 'match IDs')
    .requiredOption('--hours <h>', 'hours worked (0 to 10000, decimals allowed)', hoursNumber)
    .option('--note <text>', 'a note kept with the match')
    .addOption(onOption())
    .addHelpText('after', '\nExamples:\n  kyodo matches complete 12 --hours 3.5\n  kyodo matches complete 12 --hours 3.5 --on 令和8年3月28日   # March work entered in April: counts in 令和7年度')
    .action((ids: string[], flags: { hours: number; note?: string; on?: string }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const now = new Date();
      const rows = transitionMatches(ctx.openDb('write'), parseIds(ids), 'completed', now, { ...decision(io, flags, now), hours: flags.hours });
      if (ctx.json) return void io.stdout.write(formatJson({ kind: 'volunteers', matches: rows }));
      io.stdout.write(`${ctx.say(msg(`${rows.length} match(es) completed`, `${rows.length}件を完了にしました`))}\n`);
    });
  matches
    .command('export')
    .description('the list one NPO receives: its accepted matches; name and contact only for volunteers who consented (the others: ID and 要同意確認); every export is recorded')
    .requiredOption('--org <id>', 'the organization')
    .option('--include-proposed', 'also list proposed matches (volunteer ID and reasons only: no name or contact before acceptance)')
    .option('--out <path>', 'file to write (mode 0600); default stdout')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'json']).default('csv'))
    .option('--force', 'overwrite --out')
    .addHelpText('after', '\nExamples:\n  kyodo matches export --org ORG003 --out ORG003-紹介リスト.csv\n  kyodo matches export --org ORG003 --include-proposed --out ORG003-候補.csv\n  kyodo audit            # what went to whom')
    .action(async (flags: { org: string; out?: string; format: 'csv' | 'xlsx' | 'json'; force?: boolean; includeProposed?: boolean }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      if (flags.format === 'xlsx' && !flags.out) throw new UsageError('out_required', msg('--format xlsx needs --out PATH', '--format xlsx には --out PATH が必要です'));
      const db = ctx.openDb('write');
      const rows = buildOrgList(db, flags.org, { includeProposed: flags.includeProposed ?? false });
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
      const auditId = recordOrgExport(db, flags.org, rows, bytes, flags.out ?? null, operatorName(io.env), new Date(), () => {
        if (flags.out) writeFileAtomic(flags.out, bytes, { force: flags.force ?? false, mode: 0o600 });
        else io.stdout.write(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('binary'));
      });
      ctx.note(msg(`${rows.length} matches exported for ${flags.org}; recorded as audit #${auditId}`, `${flags.org} 向けに ${rows.length}件を書き出し、提供記録 #${auditId} に記録しました`));
    });
}
