import { Option, type Command } from 'commander';
import { UsageError, msg } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { renderTemplate } from '../../io/template.js';
import { formatFiscalYear, parseFiscalYear } from '../../jp/fiscal-year.js';
import { computeKpiReport, loadKpiSets, type KpiReport } from '../../reports/kpi.js';
import { computeSunsetReport, type SunsetReport } from '../../reports/sunset.js';
import { kpiCsv, kpiSheets, sunsetCsv, sunsetSheets } from '../../reports/render.js';
import { formatNumber, formatPercent, kpiView, levelLabel, sunsetView } from '../../reports/view.js';
import { createContext, type CommandContext } from '../context.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';

type Format = 'table' | 'csv' | 'md' | 'html' | 'xlsx' | 'json';
const FORMATS: Format[] = ['table', 'csv', 'md', 'html', 'xlsx', 'json'];

interface ReportFlags {
  fy: string;
  targets?: string;
  format: Format;
  out?: string;
  force?: boolean;
  templateDir?: string;
}

/** `--fy`: 2025, R7, 令和7年度, 2025年度. */
export function parseFyOption(value: string): number {
  const p = parseFiscalYear(value);
  if (!p.ok) throw new UsageError('invalid_fiscal_year', msg(`--fy "${value}": ${p.reason.en}`, `--fy「${value}」: ${p.reason.ja}`));
  return p.value;
}

function commonOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--fy <year>', 'fiscal year: 2025, R7 or 令和7年度 (2025 = 2025-04-01 .. 2026-03-31)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--out <path>', 'write to this file (atomically) instead of stdout; xlsx needs it')
    .option('--force', 'overwrite an existing --out file')
    .option('--template-dir <dir>', 'md/html templates searched before the built-in templates/reports/');
}

/** Writes a text document to --out (atomic, no overwrite without --force) or stdout. */
function emit(ctx: CommandContext, text: string, flags: ReportFlags): void {
  if (flags.out) writeFileAtomic(flags.out, text, { force: flags.force ?? false });
  else ctx.io.stdout.write(text);
}

function formatOf(ctx: CommandContext, flags: ReportFlags): Format {
  const format: Format = ctx.json ? 'json' : flags.format;
  if (format === 'xlsx' && !flags.out) throw new UsageError('out_required', msg('--format xlsx needs --out PATH', '--format xlsx には --out PATH が必要です'));
  return format;
}

export function registerReport(program: Command, io: Io, _state: RunState): void {
  const report = program.command('report').description('yearly reports for officials: KPI attainment and sunset subsidies (Japanese documents)');

  commonOptions(report.command('kpi').description('each indicator\'s target, actual, attainment and status for a fiscal year, with the years before'))
    .option('--targets <path>', 'KPI definitions: a YAML file or a directory of them (default: templates/kpi/)')
    .addHelpText('after', `
Examples:
  kyodo report kpi --fy 2025
  kyodo report kpi --fy R7 --format html --out kpi-r7.html
  kyodo report kpi --fy 令和7年度 --targets my-kpi.yaml --format xlsx --out kpi.xlsx
  kyodo --json report kpi --fy 2025`)
    .action(async (flags: ReportFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const fy = parseFyOption(flags.fy);
      const format = formatOf(ctx, flags);
      const sets = loadKpiSets(flags.targets);
      const db = ctx.openDb('read');
      const r = computeKpiReport(db, sets, fy);
      await writeKpi(ctx, r, format, flags);
      const counts = { ok: 0, ng: 0 };
      for (const i of r.indicators) if (i.status === '達成') counts.ok++; else if (i.status === '未達') counts.ng++;
      ctx.note(msg(`${r.indicators.length} indicators for FY${fy}: ${counts.ok} attained, ${counts.ng} not attained`,
        `${formatFiscalYear(fy)}: 指標 ${r.indicators.length} 件（達成 ${counts.ok}、未達 ${counts.ng}）`));
    });

  commonOptions(report.command('sunset').description('subsidy programs against their sunset clause: status, budget and grants by year, long-funded recipients, PFS payouts'))
    .addHelpText('after', `
Examples:
  kyodo report sunset --fy 2025
  kyodo report sunset --fy R7 --format md --out sunset-r7.md
  kyodo --json report sunset --fy 2025`)
    .action(async (flags: ReportFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const fy = parseFyOption(flags.fy);
      const format = formatOf(ctx, flags);
      const db = ctx.openDb('read');
      const r = computeSunsetReport(db, fy);
      await writeSunset(ctx, r, format, flags);
      const violations = r.programs.filter((p) => p.status === 'violation').length;
      const finals = r.programs.filter((p) => p.status === 'final_year').length;
      ctx.note(msg(`${r.programs.length} programs for FY${fy}: ${finals} in their final year, ${violations} paying after their sunset; ${r.recipients.length} recipients funded longer than allowed`,
        `${formatFiscalYear(fy)}: 制度 ${r.programs.length} 件（最終年度 ${finals}、終期後の交付 ${violations}）、存続年数超えの連続交付 ${r.recipients.length} 件`));
      if (r.orphan_grants.length) {
        ctx.warn(msg(`${r.orphan_grants.length} grant(s) name a program that is not in the database (listed in the report)`, `制度が登録されていない交付が ${r.orphan_grants.length} 件あります（報告書に記載）`));
      }
    });
}

async function writeKpi(ctx: CommandContext, r: KpiReport, format: Format, flags: ReportFlags): Promise<void> {
  switch (format) {
    case 'json':
      return emit(ctx, formatJson(r), flags);
    case 'csv':
      return emit(ctx, kpiCsv(r, { suppress: true }), flags);
    case 'md':
    case 'html':
      return emit(ctx, renderTemplate(`kpi.${format}.eta`, kpiView(r, { suppress: true }), { format, templateDir: flags.templateDir }), flags);
    case 'xlsx': {
      const { writeXlsx } = await import('../../io/xlsx.js');
      return writeXlsx(flags.out!, kpiSheets(r, { suppress: true }), { force: flags.force ?? false });
    }
    case 'table': {
      // The official's own screen: not published, so nothing is withheld (like json).
      const years = [...(r.indicators[0]?.history.map((h) => h.fy) ?? [])];
      const rows = r.indicators.map((i) => {
        const row: Record<string, unknown> = {
          level: levelLabel(i.level), name: i.name, unit: i.unit, target: formatNumber(i.target), actual: formatNumber(i.actual),
          attainment: formatPercent(i.attainment), status: i.status,
        };
        for (const h of i.history) row[`a${h.fy}`] = formatNumber(h.actual);
        return row;
      });
      const cols = [{ key: 'level', label: '区分' }, { key: 'name', label: '指標' }, { key: 'unit', label: '単位' },
        ...years.map((fy) => ({ key: `a${fy}`, label: `${fy}実績`, align: 'right' as const })),
        { key: 'target', label: `${r.fy}目標`, align: 'right' as const }, { key: 'actual', label: `${r.fy}実績`, align: 'right' as const },
        { key: 'attainment', label: '達成率', align: 'right' as const }, { key: 'status', label: '状況' }];
      return emit(ctx, `${formatFiscalYear(r.fy)}（${r.fy}年度） KPI\n${renderRows(rows, cols, 'table', { maxCellWidth: 36 })}`, flags);
    }
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

async function writeSunset(ctx: CommandContext, r: SunsetReport, format: Format, flags: ReportFlags): Promise<void> {
  switch (format) {
    case 'json':
      return emit(ctx, formatJson(r), flags);
    case 'csv':
      return emit(ctx, sunsetCsv(r), flags);
    case 'md':
    case 'html':
      return emit(ctx, renderTemplate(`sunset.${format}.eta`, sunsetView(r), { format, templateDir: flags.templateDir }), flags);
    case 'xlsx': {
      const { writeXlsx } = await import('../../io/xlsx.js');
      return writeXlsx(flags.out!, sunsetSheets(r), { force: flags.force ?? false });
    }
    case 'table': {
      const rows = r.programs.map((p) => ({ ...p, status: p.status_label, annual_budget: formatNumber(p.annual_budget), granted_in_fy: formatNumber(p.granted_in_fy) }));
      const cols = [{ key: 'program_id', label: '制度ID' }, { key: 'name', label: '制度名' }, { key: 'start_fy', label: '開始' }, { key: 'sunset_fy', label: '終期' },
        { key: 'years_remaining', label: '残り' }, { key: 'status', label: '状況' }, { key: 'annual_budget', label: '年間予算', align: 'right' as const }, { key: 'granted_in_fy', label: `${r.fy}交付`, align: 'right' as const }];
      let text = `${formatFiscalYear(r.fy)}（${r.fy}年度） サンセット点検\n${renderRows(rows, cols, 'table', { maxCellWidth: 36 })}`;
      if (r.recipients.length) {
        text += `存続年数を超えた連続交付\n${renderRows(r.recipients as unknown as Record<string, unknown>[], [{ key: 'program_id', label: '制度ID' }, { key: 'org_id', label: '団体ID' },
          { key: 'org_name', label: '団体名' }, { key: 'first_fy', label: '初年度' }, { key: 'last_fy', label: '最終年度' }, { key: 'consecutive_years', label: '連続年数' }, { key: 'limit', label: '存続年数' }], 'table')}`;
      }
      if (r.pfs.length) {
        const pfs = r.pfs.map((g) => ({ ...g, amount: formatNumber(g.amount), payout: formatNumber(g.payout) }));
        text += `成果連動型補助金\n${renderRows(pfs, [{ key: 'grant_id', label: '交付ID' }, { key: 'org_name', label: '団体名' },
          { key: 'amount', label: '交付額', align: 'right' as const }, { key: 'payout', label: '支払額', align: 'right' as const }, { key: 'explanation', label: '算定' }], 'table', { maxCellWidth: 70 })}`;
      }
      return emit(ctx, text, flags);
    }
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}
