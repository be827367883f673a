/**
 * Renders the report documents: md and html through Eta templates
 * (templates/reports/*.eta, overridable with --template-dir; src/io/template.ts),
 * csv through src/io/csv-out (BOM, formula-safe), xlsx sheets for src/io/xlsx.
 */
import { toCsv } from '../io/csv-out.js';
import type { XlsxSheet } from '../io/xlsx.js';
import { formatFiscalYear } from '../jp/fiscal-year.js';
import type { KpiReport } from './kpi.js';
import { SUPPRESSED, levelLabel, publishedYear } from './view.js';
import type { SunsetReport } from './sunset.js';

const DIRECTION = { up: '高いほど良い', down: '低いほど良い' } as const;

/** Attainment as a percentage number (105.3), for csv and xlsx cells. */
function pct(ratio: number | null): number | null {
  return ratio === null ? null : Math.round(ratio * 1000) / 10;
}

/** Rows of the KPI summary (one per indicator), as published: values resting on < 5 people are ＊. */
function kpiRows(r: KpiReport, suppress: boolean): Record<string, unknown>[] {
  return r.indicators.map((i) => {
    const p = publishedYear(i, suppress);
    const row: Record<string, unknown> = {
      set: i.set, level: levelLabel(i.level), id: i.id, name: i.name, unit: i.unit, direction: DIRECTION[i.direction],
    };
    for (const y of [...i.history, i]) {
      const py = publishedYear(y, suppress);
      row[`target_${y.fy}`] = y.target;
      row[`actual_${y.fy}`] = py.withheld ? SUPPRESSED : py.actual;
    }
    row.attainment = p.withheld ? SUPPRESSED : pct(p.attainment);
    row.status = i.status;
    row.source = i.source;
    return row;
  });
}

function kpiYears(r: KpiReport): number[] {
  return [...(r.indicators[0]?.history.map((h) => h.fy) ?? []), r.fy];
}

function kpiColumns(r: KpiReport): { key: string; label: string; type: 'text' | 'number' }[] {
  const cols: { key: string; label: string; type: 'text' | 'number' }[] = [
    { key: 'set', label: '指標群', type: 'text' }, { key: 'level', label: '区分', type: 'text' }, { key: 'id', label: '指標ID', type: 'text' },
    { key: 'name', label: '指標', type: 'text' }, { key: 'unit', label: '単位', type: 'text' }, { key: 'direction', label: '方向', type: 'text' },
  ];
  for (const fy of kpiYears(r)) {
    cols.push({ key: `target_${fy}`, label: `${formatFiscalYear(fy)} 目標`, type: 'number' });
    cols.push({ key: `actual_${fy}`, label: `${formatFiscalYear(fy)} 実績`, type: 'number' });
  }
  cols.push({ key: 'attainment', label: `${formatFiscalYear(r.fy)} 達成率(%)`, type: 'number' },
    { key: 'status', label: '状況', type: 'text' }, { key: 'source', label: '算定方法', type: 'text' });
  return cols;
}

/** Sections of a CSV document: a title row, the header, the rows, a blank line between sections. */
function sectionsCsv(sections: { title: string; columns: { key: string; label: string }[]; rows: Record<string, unknown>[] }[]): string {
  const records: unknown[][] = [];
  sections.forEach((s, i) => {
    if (i > 0) records.push([]);
    records.push([s.title]);
    records.push(s.columns.map((c) => c.label));
    for (const row of s.rows) records.push(s.columns.map((c) => row[c.key] ?? null));
  });
  return toCsv(records);
}

const FIELD_COLUMNS = [
  { key: 'field', label: '分野番号', type: 'number' as const }, { key: 'name', label: '活動分野', type: 'text' as const },
  { key: 'count', label: '団体数', type: 'number' as const },
];

/** The KPI report as CSV (UTF-8 with BOM; sections: indicators, NPO count by field). */
export function kpiCsv(r: KpiReport, opts: { suppress: boolean }): string {
  return sectionsCsv([
    { title: `${formatFiscalYear(r.fy)} 成果指標（KPI）の達成状況`, columns: kpiColumns(r), rows: kpiRows(r, opts.suppress) },
    { title: `活動分野別団体数（${formatFiscalYear(r.fy)}末）`, columns: FIELD_COLUMNS, rows: r.npo_count_by_field },
  ]);
}

/** The KPI report as xlsx sheets: 指標 (summary by year), 推移 (one row per indicator and year), 分野別団体数. */
export function kpiSheets(r: KpiReport, opts: { suppress: boolean }): XlsxSheet[] {
  const history: Record<string, unknown>[] = [];
  for (const i of r.indicators) {
    for (const y of [...i.history, i]) {
      const p = publishedYear(y, opts.suppress);
      history.push({
        id: i.id, name: i.name, fy: y.fy, fy_label: formatFiscalYear(y.fy), target: y.target,
        actual: p.withheld ? SUPPRESSED : p.actual, attainment: p.withheld ? SUPPRESSED : pct(p.attainment), status: y.status,
      });
    }
  }
  return [
    { name: '指標', columns: kpiColumns(r).map((c) => ({ ...c, width: c.key === 'name' || c.key === 'source' ? 40 : 14 })), rows: kpiRows(r, opts.suppress) },
    {
      name: '推移',
      columns: [
        { key: 'id', label: '指標ID', type: 'text' }, { key: 'name', label: '指標', type: 'text', width: 40 }, { key: 'fy', label: '年度', type: 'number' },
        { key: 'fy_label', label: '和暦', type: 'text' }, { key: 'target', label: '目標', type: 'number' }, { key: 'actual', label: '実績', type: 'number' },
        { key: 'attainment', label: '達成率(%)', type: 'number' }, { key: 'status', label: '状況', type: 'text' },
      ],
      rows: history,
    },
    { name: '分野別団体数', columns: FIELD_COLUMNS, rows: r.npo_count_by_field },
  ];
}

function sunsetSections(r: SunsetReport) {
  const programCols: { key: string; label: string; type: 'text' | 'number' }[] = [
    { key: 'program_id', label: '制度ID', type: 'text' }, { key: 'name', label: '制度名', type: 'text' }, { key: 'department', label: '担当課', type: 'text' },
    { key: 'start_fy', label: '開始年度', type: 'number' }, { key: 'sunset_fy', label: '終期年度', type: 'number' },
    { key: 'years_remaining', label: '残り年数', type: 'number' }, { key: 'status', label: '状況', type: 'text' }, { key: 'status_label', label: '状況（表示）', type: 'text' },
    { key: 'annual_budget', label: '年間予算(円)', type: 'number' },
  ];
  for (const fy of r.years) {
    programCols.push({ key: `budget_${fy}`, label: `${formatFiscalYear(fy)} 予算(円)`, type: 'number' });
    programCols.push({ key: `granted_${fy}`, label: `${formatFiscalYear(fy)} 交付(円)`, type: 'number' });
  }
  programCols.push({ key: 'granted_total', label: '交付累計(円)', type: 'number' }, { key: 'pfs_rule', label: '成果連動ルール', type: 'text' });
  const programRows = r.programs.map((p) => {
    const row: Record<string, unknown> = { ...p };
    for (const y of p.by_year) {
      row[`budget_${y.fy}`] = y.budget;
      row[`granted_${y.fy}`] = y.granted;
    }
    return row;
  });
  const recipientCols: { key: string; label: string; type: 'text' | 'number' }[] = [
    { key: 'program_id', label: '制度ID', type: 'text' }, { key: 'program_name', label: '制度名', type: 'text' }, { key: 'org_id', label: '団体ID', type: 'text' },
    { key: 'org_name', label: '団体名', type: 'text' }, { key: 'first_fy', label: '初年度', type: 'number' }, { key: 'last_fy', label: '最終年度', type: 'number' },
    { key: 'consecutive_years', label: '連続年数', type: 'number' }, { key: 'limit', label: '存続年数', type: 'number' }, { key: 'total_amount', label: '交付額計(円)', type: 'number' },
  ];
  const pfsCols: { key: string; label: string; type: 'text' | 'number' }[] = [
    { key: 'grant_id', label: '交付ID', type: 'text' }, { key: 'program_id', label: '制度ID', type: 'text' }, { key: 'org_id', label: '団体ID', type: 'text' },
    { key: 'org_name', label: '団体名', type: 'text' }, { key: 'amount', label: '交付額(円)', type: 'number' }, { key: 'kpi_target', label: '成果目標', type: 'number' },
    { key: 'kpi_actual', label: '成果実績', type: 'number' }, { key: 'attainment_pct', label: '達成率(%)', type: 'number' }, { key: 'rule', label: '成果連動ルール', type: 'text' },
    { key: 'payout', label: '支払額(円)', type: 'number' }, { key: 'explanation', label: '算定', type: 'text' },
  ];
  const pfsRows = r.pfs.map((g) => ({ ...g, attainment_pct: pct(g.attainment) }));
  return [
    { title: `${formatFiscalYear(r.fy)} 補助金制度の終期点検`, sheet: '制度', columns: programCols, rows: programRows },
    { title: '存続年数を超えて連続交付を受けている団体', sheet: '長期交付先', columns: recipientCols, rows: r.recipients as unknown as Record<string, unknown>[] },
    { title: '成果連動型補助金の支払額', sheet: '成果連動', columns: pfsCols, rows: pfsRows as unknown as Record<string, unknown>[] },
  ];
}

/** The sunset report as CSV (sections: programs with budget/granted by year, long-funded recipients, PFS payouts). */
export function sunsetCsv(r: SunsetReport): string {
  return sectionsCsv(sunsetSections(r));
}

export function sunsetSheets(r: SunsetReport): XlsxSheet[] {
  return sunsetSections(r).map((s) => ({
    name: s.sheet,
    columns: s.columns.map((c) => ({ ...c, width: /name|explanation|rule/.test(c.key) ? 36 : 14 })),
    rows: s.rows,
  }));
}
