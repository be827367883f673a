import { Option, type Command } from 'commander';
import { UsageError, msg } from '../../errors.js';
import { openAtomicWriter, writeFileAtomic } from '../../io/atomic-write.js';
import { parseDate } from '../../jp/date.js';
import { loadMatchingTemplate } from '../../matching/template.js';
import { saveVolunteerRun } from '../../matching/store.js';
import { matchVolunteers, type VolunteerMatchResult } from '../../matching/volunteers/match.js';
import { createContext, type CommandContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';
import { registerMatchFacilities } from './match-facilities.js';
import { registerMatchResources } from './match-resources.js';

type Format = 'table' | 'csv' | 'json' | 'xlsx';

interface MatchFlags {
  asOf?: string;
  template?: string;
  save?: boolean;
  format: Format;
  out?: string;
  force?: boolean;
  candidates?: string;
}

/** `--as-of`: any date kyodo reads (2026-04-01, R8.4.1…); default today. */
export function resolveAsOf(value: string | undefined, now: Date): string {
  if (value === undefined) {
    const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
    return local.toISOString().slice(0, 10);
  }
  const p = parseDate(value);
  if (!p.ok) throw new UsageError('invalid_date', msg(`--as-of "${value}": ${p.reason.en}`, `--as-of「${value}」: ${p.reason.ja}`));
  return p.value;
}

export function registerMatch(program: Command, io: Io, _state: RunState): void {
  const match = program.command('match').description('propose the best assignment (an exact optimum, with reasons)');
  registerMatchFacilities(match, io, _state);
  registerMatchResources(match, io, _state);
  match
    .command('volunteers')
    .description('volunteers and pro-bono professionals → open openings: maximum total score under every capacity')
    .option('--as-of <date>', 'the day the openings must be open on (default: today)')
    .option('--template <yaml>', 'scoring template (default: templates/matching/default.yaml)')
    .option('--save', 'store the run and its proposals (then: kyodo matches accept|decline)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'xlsx']).default('table'))
    .option('--out <path>', 'write the output to a file instead of stdout (xlsx needs it)')
    .option('--force', 'overwrite --out / --candidates files')
    .option('--candidates <path>', 'also write every allowed pair with its score and remaining capacities (CSV)')
    .addHelpText('after', `
Examples:
  kyodo match volunteers --as-of 2026-04-01
  kyodo match volunteers --save --format xlsx --out 提案.xlsx
  kyodo --json match volunteers --candidates pairs.csv   # anyone can check the optimum`)
    .action(async (flags: MatchFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      if (flags.format === 'xlsx' && !flags.out) throw new UsageError('out_required', msg('--format xlsx needs --out PATH', '--format xlsx には --out PATH が必要です'));
      const template = loadMatchingTemplate(flags.template);
      const db = ctx.openDb();
      const now = new Date();
      const result = matchVolunteers(db, resolveAsOf(flags.asOf, now), template, { candidates: flags.candidates !== undefined });
      const runId = flags.save ? saveVolunteerRun(db, result, template, now) : null;
      if (flags.candidates) {
        const out = openAtomicWriter(flags.candidates, { force: flags.force ?? false });
        try {
          result.candidates.writeCsv((chunk) => out.write(chunk));
          out.commit();
        } catch (err) {
          out.abort();
          throw err;
        }
      }
      await writeMatchOutput(ctx, result, runId, flags);
      ctx.note(msg(
        `${result.pairs.length} pairs proposed (total score ${result.objective}, optimal), ${result.unfilled.length} openings not filled, ${result.unmatched_volunteers} volunteers unmatched${runId ? `; saved as run ${runId}` : ''}`,
        `提案 ${result.pairs.length}組（合計点 ${result.objective}・最適解）、充足しない募集 ${result.unfilled.length}件、未提案のボランティア ${result.unmatched_volunteers}人${runId ? `（実行 #${runId} として保存）` : ''}`,
      ));
    });
}

function jsonDocument(r: VolunteerMatchResult, runId: number | null) {
  return {
    run_id: runId, kind: 'volunteers', as_of: r.as_of, objective: r.objective,
    pairs: r.pairs, unfilled: r.unfilled, unmatched_volunteers: r.unmatched_volunteers,
    candidates: r.candidate_count,
  };
}

async function writeMatchOutput(ctx: CommandContext, r: VolunteerMatchResult, runId: number | null, flags: MatchFlags): Promise<void> {
  const format: Format = ctx.json ? 'json' : flags.format;
  const pairRows = r.pairs.map((p) => ({ ...p, reasons: p.reasons.join(' / ') }));
  const unfilledRows = r.unfilled.map((u) => ({ ...u, reasons: u.reasons.join(' / ') }));
  const pairCols = [{ key: 'opening_id', label: '募集ID' }, { key: 'org_id', label: '団体ID' }, { key: 'volunteer_id', label: 'ボランティアID' },
    { key: 'score', label: '点数' }, { key: 'reasons', label: '理由' }];
  const unfilledCols = [{ key: 'opening_id', label: '募集ID' }, { key: 'org_id', label: '団体ID' }, { key: 'missing', label: '不足人数' }, { key: 'reasons', label: '理由' }];
  if (format === 'xlsx') {
    // exceljs is heavy to load: only when a workbook is asked for.
    const { writeXlsx } = await import('../../io/xlsx.js');
    await writeXlsx(flags.out!, [
      { name: '提案', columns: pairCols.map((c) => ({ ...c, type: c.key === 'score' ? 'number' as const : 'text' as const, width: c.key === 'reasons' ? 80 : 14 })), rows: pairRows },
      { name: '充足しない募集', columns: unfilledCols.map((c) => ({ ...c, type: c.key === 'missing' ? 'number' as const : 'text' as const, width: c.key === 'reasons' ? 80 : 14 })), rows: unfilledRows },
    ], { force: flags.force ?? false });
    return;
  }
  let text: string;
  if (format === 'json') text = formatJson(jsonDocument(r, runId));
  else if (format === 'csv') text = renderRows(pairRows, pairCols, 'csv');
  else {
    text = `${ctx.lang === 'ja' ? '提案' : 'Proposed pairs'} (${r.as_of})\n${renderRows(pairRows, pairCols, 'table', { maxCellWidth: 70 })}`;
    if (r.unfilled.length) text += `${ctx.lang === 'ja' ? '充足しない募集' : 'Openings not filled'}\n${renderRows(unfilledRows, unfilledCols, 'table', { maxCellWidth: 70 })}`;
  }
  if (flags.out) writeFileAtomic(flags.out, text, { force: flags.force ?? false });
  else ctx.io.stdout.write(text);
}
