import { Option, type Command } from 'commander';
import { UsageError, msg } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { matchResources, type ResourceMatchResult } from '../../matching/resources/match.js';
import { saveResourceRun } from '../../matching/resources/store.js';
import { createContext, type CommandContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';
import { resolveAsOf } from './match.js';

type Format = 'table' | 'csv' | 'json' | 'xlsx';

interface MatchResourcesFlags {
  asOf?: string;
  save?: boolean;
  format: Format;
  out?: string;
  force?: boolean;
}

/** Adds `match resources` to the `match` command. */
export function registerMatchResources(match: Command, io: Io, _state: RunState): void {
  match
    .command('resources')
    .description('goods and spaces offered → organizations\' requests: maximum urgency- and distance-weighted quantity (quantities may split)')
    .option('--as-of <date>', 'the day offers must still be available on (default: today)')
    .option('--save', 'store the run and its allocations (status proposed)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'xlsx']).default('table'))
    .option('--out <path>', 'write the output to a file instead of stdout (xlsx needs it)')
    .option('--force', 'overwrite --out')
    .addHelpText('after', `
Examples:
  kyodo match resources --as-of 2026-04-01
  kyodo match resources --save --format xlsx --out 資源配分.xlsx
  kyodo --json match resources --as-of 2026-04-01`)
    .action(async (flags: MatchResourcesFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      if (flags.format === 'xlsx' && !flags.out) throw new UsageError('out_required', msg('--format xlsx needs --out PATH', '--format xlsx には --out PATH が必要です'));
      const db = ctx.openDb();
      const now = new Date();
      const result = matchResources(db, resolveAsOf(flags.asOf, now));
      const runId = flags.save ? saveResourceRun(db, result, now) : null;
      await writeOutput(ctx, result, runId, flags);
      const units = result.allocations.reduce((n, a) => n + a.quantity, 0);
      ctx.note(msg(
        `${result.allocations.length} allocations (${units} units, total score ${result.objective}, optimal), ${result.unfulfilled.length} requests not fully met, ${result.leftover_offers.length} offers with units left${runId ? `; saved as run ${runId}` : ''}`,
        `配分 ${result.allocations.length}件（${units}単位・合計点 ${result.objective}・最適解）、充足しない要望 ${result.unfulfilled.length}件、残りのある提供 ${result.leftover_offers.length}件${runId ? `（実行 #${runId} として保存）` : ''}`,
      ));
    });
}

/** The documented `--json` document (stable order: request_id then offer_id; request_id; offer_id). */
export function resourcesJsonDocument(r: ResourceMatchResult, runId: number | null) {
  return {
    run_id: runId, kind: 'resources', as_of: r.as_of, objective: r.objective,
    allocations: r.allocations, unfulfilled: r.unfulfilled, leftover_offers: r.leftover_offers,
    candidates: r.candidate_count,
  };
}

async function writeOutput(ctx: CommandContext, r: ResourceMatchResult, runId: number | null, flags: MatchResourcesFlags): Promise<void> {
  const format: Format = ctx.json ? 'json' : flags.format;
  const join = <T extends { reasons: string[] }>(rows: T[]): Record<string, unknown>[] => rows.map((x) => ({ ...x, reasons: x.reasons.join(' / ') }));
  const allocationRows = join(r.allocations);
  const unfulfilledRows = join(r.unfulfilled);
  const leftoverRows = join(r.leftover_offers);
  const allocationCols = [{ key: 'request_id', label: '要望ID' }, { key: 'org_id', label: '団体ID' }, { key: 'offer_id', label: '提供ID' },
    { key: 'category', label: '分類' }, { key: 'item', label: '品名' }, { key: 'quantity', label: '数量' }, { key: 'unit', label: '単位' },
    { key: 'score', label: '点数/単位' }, { key: 'reasons', label: '理由' }];
  const unfulfilledCols = [{ key: 'request_id', label: '要望ID' }, { key: 'org_id', label: '団体ID' }, { key: 'category', label: '分類' },
    { key: 'item', label: '品名' }, { key: 'missing', label: '不足数量' }, { key: 'unit', label: '単位' }, { key: 'reasons', label: '理由' }];
  const leftoverCols = [{ key: 'offer_id', label: '提供ID' }, { key: 'category', label: '分類' }, { key: 'item', label: '品名' },
    { key: 'quantity', label: '残り数量' }, { key: 'unit', label: '単位' }, { key: 'reasons', label: '理由' }];
  if (format === 'xlsx') {
    // exceljs is heavy to load: only when a workbook is asked for.
    const { writeXlsx } = await import('../../io/xlsx.js');
    const numeric = new Set(['quantity', 'missing', 'score']);
    const sheet = (name: string, cols: { key: string; label: string }[], rows: Record<string, unknown>[]) => ({
      name, rows,
      columns: cols.map((c) => ({ ...c, type: numeric.has(c.key) ? 'number' as const : 'text' as const, width: c.key === 'reasons' ? 80 : 14 })),
    });
    await writeXlsx(flags.out!, [
      sheet('配分', allocationCols, allocationRows),
      sheet('充足しない要望', unfulfilledCols, unfulfilledRows),
      sheet('残りのある提供', leftoverCols, leftoverRows),
    ], { force: flags.force ?? false });
    return;
  }
  let text: string;
  if (format === 'json') text = formatJson(resourcesJsonDocument(r, runId));
  else if (format === 'csv') text = renderRows(allocationRows, allocationCols, 'csv');
  else {
    const ja = ctx.lang === 'ja';
    text = `${ja ? '配分' : 'Allocations'} (${r.as_of})\n${renderRows(allocationRows, allocationCols, 'table', { maxCellWidth: 70 })}`;
    if (r.unfulfilled.length) text += `${ja ? '充足しない要望' : 'Requests not fully met'}\n${renderRows(unfulfilledRows, unfulfilledCols, 'table', { maxCellWidth: 70 })}`;
    if (r.leftover_offers.length) text += `${ja ? '残りのある提供' : 'Offers with units left'}\n${renderRows(leftoverRows, leftoverCols, 'table', { maxCellWidth: 70 })}`;
  }
  if (flags.out) writeFileAtomic(flags.out, text, { force: flags.force ?? false });
  else ctx.io.stdout.write(text);
}
