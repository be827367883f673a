import { Option, type Command } from 'commander';
import { UsageError, msg } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { matchFacilities, type FacilityMatchResult } from '../../matching/facilities/match.js';
import { saveFacilityRun } from '../../matching/facilities/store.js';
import { createContext, type CommandContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';
import { resolveAsOf } from './match.js';

type Format = 'table' | 'csv' | 'json' | 'xlsx';

interface MatchFacilitiesFlags {
  asOf?: string;
  save?: boolean;
  format: Format;
  out?: string;
  force?: boolean;
}

/** Adds `match facilities` to the `match` command. */
export function registerMatchFacilities(match: Command, io: Io, _state: RunState): void {
  match
    .command('facilities')
    .description('rooms → booking requests: the most requests satisfied without double booking, then the best total score (exact)')
    .option('--as-of <date>', 'requests dated on or after this day are matched (default: today)')
    .option('--save', 'store the run and its proposals (status proposed)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'xlsx']).default('table'))
    .option('--out <path>', 'write the output to a file instead of stdout (xlsx needs it)')
    .option('--force', 'overwrite --out')
    .addHelpText('after', `
Examples:
  kyodo match facilities --as-of 2026-04-01
  kyodo match facilities --save --format xlsx --out 施設提案.xlsx
  kyodo --json match facilities --as-of 2026-04-01`)
    .action(async (flags: MatchFacilitiesFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      if (flags.format === 'xlsx' && !flags.out) throw new UsageError('out_required', msg('--format xlsx needs --out PATH', '--format xlsx には --out PATH が必要です'));
      const db = ctx.openDb();
      const now = new Date();
      const result = await matchFacilities(db, resolveAsOf(flags.asOf, now));
      const runId = flags.save ? saveFacilityRun(db, result, now) : null;
      await writeOutput(ctx, result, runId, flags);
      ctx.note(msg(
        `${result.satisfied} of ${result.requests_considered} requests get a room (total score ${result.objective}; optimal: most requests first, then score), ${result.unsatisfied.length} without${runId ? `; saved as run ${runId}` : ''}`,
        `申込 ${result.requests_considered}件中 ${result.satisfied}件に部屋を提案（合計点 ${result.objective}・件数優先の最適解）、提案なし ${result.unsatisfied.length}件${runId ? `（実行 #${runId} として保存）` : ''}`,
      ));
    });
}

/** The documented `--json` document (stable order: request_id). */
export function facilitiesJsonDocument(r: FacilityMatchResult, runId: number | null) {
  return {
    run_id: runId, kind: 'facilities', as_of: r.as_of, satisfied: r.satisfied, objective: r.objective,
    proposals: r.proposals.map((p) => ({
      request_id: p.request_id, org_id: p.org_id, facility_id: p.facility_id, room: p.room, facility_name: p.facility_name,
      date: p.date, start_time: p.start_time, end_time: p.end_time, fee: p.fee, score: p.score, reasons: p.reasons,
    })),
    unsatisfied: r.unsatisfied.map((u) => ({ request_id: u.request_id, org_id: u.org_id, date: u.date, start_time: u.start_time, end_time: u.end_time, reasons: u.reasons })),
    candidates: r.candidate_count,
  };
}

async function writeOutput(ctx: CommandContext, r: FacilityMatchResult, runId: number | null, flags: MatchFacilitiesFlags): Promise<void> {
  const format: Format = ctx.json ? 'json' : flags.format;
  const join = <T extends { reasons: string[] }>(rows: T[]): Record<string, unknown>[] => rows.map((x) => ({ ...x, reasons: x.reasons.join(' / ') }));
  const proposalRows = join(r.proposals);
  const unsatisfiedRows = join(r.unsatisfied);
  const proposalCols = [{ key: 'request_id', label: '申込ID' }, { key: 'org_id', label: '団体ID' }, { key: 'date', label: '利用日' },
    { key: 'start_time', label: '開始' }, { key: 'end_time', label: '終了' }, { key: 'facility_id', label: '施設ID' }, { key: 'facility_name', label: '施設名' },
    { key: 'room', label: '部屋名' }, { key: 'fee', label: '料金' }, { key: 'score', label: '点数' }, { key: 'reasons', label: '理由' }];
  const unsatisfiedCols = [{ key: 'request_id', label: '申込ID' }, { key: 'org_id', label: '団体ID' }, { key: 'date', label: '利用日' },
    { key: 'start_time', label: '開始' }, { key: 'end_time', label: '終了' }, { key: 'reasons', label: '理由' }];
  if (format === 'xlsx') {
    // exceljs is heavy to load: only when a workbook is asked for.
    const { writeXlsx } = await import('../../io/xlsx.js');
    const numeric = new Set(['fee', 'score']);
    const sheet = (name: string, cols: { key: string; label: string }[], rows: Record<string, unknown>[]) => ({
      name, rows,
      columns: cols.map((c) => ({ ...c, type: numeric.has(c.key) ? 'number' as const : 'text' as const, width: c.key === 'reasons' ? 80 : 14 })),
    });
    await writeXlsx(flags.out!, [sheet('提案', proposalCols, proposalRows), sheet('提案できない申込', unsatisfiedCols, unsatisfiedRows)], { force: flags.force ?? false });
    return;
  }
  let text: string;
  if (format === 'json') text = formatJson(facilitiesJsonDocument(r, runId));
  else if (format === 'csv') text = renderRows(proposalRows, proposalCols, 'csv');
  else {
    const ja = ctx.lang === 'ja';
    text = `${ja ? '施設の提案' : 'Proposed rooms'} (${r.as_of})\n${renderRows(proposalRows, proposalCols, 'table', { maxCellWidth: 60 })}`;
    if (r.unsatisfied.length) text += `${ja ? '提案できない申込' : 'Requests without a room'}\n${renderRows(unsatisfiedRows, unsatisfiedCols, 'table', { maxCellWidth: 70 })}`;
  }
  if (flags.out) writeFileAtomic(flags.out, text, { force: flags.force ?? false });
  else ctx.io.stdout.write(text);
}
