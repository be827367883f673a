/**
 * View models of the published report documents (md, html, csv, xlsx): display
 * strings in Japanese, small cells withheld, chart specs rendered to SVG. The
 * templates in templates/reports/ render these and nothing else; they never
 * see the database.
 */
import { fiscalYearRange, formatFiscalYear } from '../jp/fiscal-year.js';
import { renderChart } from './charts.js';
import type { KpiIndicator, KpiReport, KpiYear } from './kpi.js';
import type { SunsetReport } from './sunset.js';

/** Shown instead of a withheld value (small-cell suppression, fewer than 5 people). */
export const SUPPRESSED = '＊';
export const SUPPRESSION_NOTE = `${SUPPRESSED}：5人未満の人数に基づく値のため、個人の特定を避けて非公表としています。`;
const NONE = '－';

/** A number for a document: 1,234 / 52.35 (at most 2 decimals); null → －. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  return v.toLocaleString('ja-JP', { maximumFractionDigits: 2 });
}

export function formatYen(v: number | null | undefined): string {
  return v === null || v === undefined ? NONE : `${Math.round(v).toLocaleString('ja-JP')}円`;
}

/** Attainment 1.0525 → 105.3%. */
export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? NONE : `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}

/** 2025 → 令和7年度（2025年度）. */
export function fyLabel(fy: number): string {
  return `${formatFiscalYear(fy)}（${fy}年度）`;
}

function periodLabel(fy: number): string {
  const { start, end } = fiscalYearRange(fy);
  const d = (iso: string): string => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
  return `${d(start)}〜${d(end)}`;
}

const DIRECTION = { up: '高いほど良い', down: '低いほど良い' } as const;

/** The level as the budget sheets write it; KGI / KSI / KPI stay as they are. */
const LEVEL_LABEL: Record<string, string> = { 'KPI outcome': 'KPI（成果）', 'KPI output': 'KPI（活動量）', activity: '活動指標' };
export function levelLabel(level: string): string {
  return LEVEL_LABEL[level] ?? level;
}

export interface KpiYearView {
  fy: number;
  label: string;
  target: string;
  actual: string;
  attainment: string;
  status: string;
}

export interface KpiRowView {
  id: string;
  name: string;
  level: string;
  unit: string;
  direction: string;
  source: string;
  note: string;
  target: string;
  actual: string;
  attainment: string;
  status: string;
  /** ok (達成), ng (未達), none (目標なし / 実績なし): for styling. */
  statusClass: 'ok' | 'ng' | 'none';
  /** The history years and the report year, oldest first. */
  years: KpiYearView[];
  /** Trend of actual vs target (inline SVG). */
  chartSvg: string;
}

export interface KpiView {
  title: string;
  fy: number;
  fyLabel: string;
  period: string;
  years: { fy: number; label: string; short: string }[];
  sets: { id: string; title: string; source: string; rows: KpiRowView[] }[];
  fields: { field: number; name: string; count: string }[];
  fieldChartSvg: string;
  /** Set when some value was withheld. */
  suppressionNote: string | null;
  notes: string[];
}

/** A year's values as published: withheld when it rests on fewer than 5 people (and `suppress`). */
export function publishedYear(y: KpiYear, suppress: boolean): { actual: number | null; attainment: number | null; withheld: boolean } {
  const withheld = suppress && y.suppressed;
  return { actual: withheld ? null : y.actual, attainment: withheld ? null : y.attainment, withheld };
}

function yearView(y: KpiYear, suppress: boolean): KpiYearView {
  const p = publishedYear(y, suppress);
  return {
    fy: y.fy,
    label: formatFiscalYear(y.fy),
    target: formatNumber(y.target),
    actual: p.withheld ? SUPPRESSED : formatNumber(p.actual),
    attainment: p.withheld ? SUPPRESSED : formatPercent(p.attainment),
    status: y.status,
  };
}

function statusClass(s: string): 'ok' | 'ng' | 'none' {
  return s === '達成' ? 'ok' : s === '未達' ? 'ng' : 'none';
}

function rowView(ind: KpiIndicator, suppress: boolean): KpiRowView {
  const all = [...ind.history, ind];
  const cur = yearView(ind, suppress);
  const chartSvg = renderChart({
    type: 'line',
    title: ind.name,
    unit: ind.unit,
    categories: all.map((y) => formatFiscalYear(y.fy).replace('年度', '')),
    series: [
      { name: '実績', values: all.map((y) => publishedYear(y, suppress).actual) },
      { name: '目標', values: all.map((y) => y.target), dashed: true },
    ],
  });
  return {
    id: ind.id, name: ind.name, level: levelLabel(ind.level), unit: ind.unit, direction: DIRECTION[ind.direction],
    source: ind.source, note: ind.note ?? '',
    target: cur.target, actual: cur.actual, attainment: cur.attainment, status: ind.status, statusClass: statusClass(ind.status),
    years: all.map((y) => yearView(y, suppress)),
    chartSvg,
  };
}

/** The KPI document's view model. `suppress`: withhold small cells (published formats). */
export function kpiView(r: KpiReport, opts: { suppress: boolean }): KpiView {
  const years = [...(r.indicators[0]?.history.map((h) => h.fy) ?? []), r.fy];
  const withheld = opts.suppress && r.indicators.some((i) => i.suppressed || i.history.some((h) => h.suppressed));
  return {
    title: `${formatFiscalYear(r.fy)} 成果指標（KPI）の達成状況`,
    fy: r.fy,
    fyLabel: fyLabel(r.fy),
    period: periodLabel(r.fy),
    years: years.map((fy) => ({ fy, label: fyLabel(fy), short: formatFiscalYear(fy) })),
    sets: r.sets.map((s) => ({
      id: s.id, title: s.title, source: s.source,
      rows: r.indicators.filter((i) => i.set === s.id).map((i) => rowView(i, opts.suppress)),
    })),
    fields: r.npo_count_by_field.map((f) => ({ field: f.field, name: f.name, count: formatNumber(f.count) })),
    fieldChartSvg: renderChart({
      type: 'hbar', title: `活動分野別団体数（${formatFiscalYear(r.fy)}末）`, unit: '団体',
      bars: r.npo_count_by_field.map((f) => ({ label: `${f.field}. ${f.name}`, value: f.count })),
    }),
    suppressionNote: withheld ? SUPPRESSION_NOTE : null,
    notes: [
      `年度は4月1日から翌年3月31日まで（${fyLabel(r.fy)} = ${periodLabel(r.fy)}）。`,
      '達成率 = 実績 ÷ 目標（低いほど良い指標は 目標 ÷ 実績）。達成：実績が目標に達したもの。',
      '－：目標または実績がないもの。団体数は各年度末時点。',
    ],
  };
}

export interface SunsetView {
  title: string;
  fy: number;
  fyLabel: string;
  years: { fy: number; label: string }[];
  programs: {
    program_id: string; name: string; department: string; start: string; sunset: string; yearsRemaining: string;
    status: string; statusLabel: string; statusClass: 'ok' | 'warn' | 'ng' | 'none';
    budget: string; pfsRule: string; grantedInFy: string; grantedTotal: string;
    byYear: { label: string; budget: string; granted: string }[];
  }[];
  recipients: { program_id: string; program_name: string; org_id: string; org_name: string; period: string; years: string; limit: string; total: string }[];
  pfs: { grant_id: string; program_id: string; org_id: string; org_name: string; amount: string; target: string; actual: string; attainment: string; rule: string; payout: string; explanation: string }[];
  orphans: { grant_id: string; program_id: string; fy: string; amount: string }[];
  budgetChartSvg: string;
  notes: string[];
}

const SUNSET_CLASS = { active: 'ok', final_year: 'warn', violation: 'ng', expired: 'none' } as const;

/** The sunset document's view model (organizations and money only: no small-cell suppression). */
export function sunsetView(r: SunsetReport): SunsetView {
  return {
    title: `${formatFiscalYear(r.fy)} サンセット方式補助金の点検`,
    fy: r.fy,
    fyLabel: fyLabel(r.fy),
    years: r.years.map((fy) => ({ fy, label: formatFiscalYear(fy) })),
    programs: r.programs.map((p) => ({
      program_id: p.program_id, name: p.name, department: p.department ?? '',
      start: formatFiscalYear(p.start_fy), sunset: formatFiscalYear(p.sunset_fy), yearsRemaining: `${p.years_remaining}年`,
      status: p.status, statusLabel: p.status_label, statusClass: SUNSET_CLASS[p.status],
      budget: formatYen(p.annual_budget), pfsRule: p.pfs_rule ?? '', grantedInFy: formatYen(p.granted_in_fy), grantedTotal: formatYen(p.granted_total),
      byYear: p.by_year.map((y) => ({ label: formatFiscalYear(y.fy), budget: formatYen(y.budget), granted: formatYen(y.granted) })),
    })),
    recipients: r.recipients.map((x) => ({
      program_id: x.program_id, program_name: x.program_name, org_id: x.org_id, org_name: x.org_name ?? '',
      period: `${formatFiscalYear(x.first_fy)}〜${formatFiscalYear(x.last_fy)}`, years: `${x.consecutive_years}年`, limit: `${x.limit}年`, total: formatYen(x.total_amount),
    })),
    pfs: r.pfs.map((g) => ({
      grant_id: g.grant_id, program_id: g.program_id, org_id: g.org_id, org_name: g.org_name ?? '',
      amount: formatYen(g.amount), target: formatNumber(g.kpi_target), actual: formatNumber(g.kpi_actual), attainment: formatPercent(g.attainment),
      rule: g.rule, payout: formatYen(g.payout), explanation: g.explanation,
    })),
    orphans: r.orphan_grants.map((g) => ({ grant_id: g.grant_id, program_id: g.program_id, fy: formatFiscalYear(g.fy), amount: formatYen(g.amount) })),
    budgetChartSvg: renderChart({
      type: 'line', title: '予算額と交付額の推移（全制度計）', unit: '円',
      categories: r.years.map((fy) => formatFiscalYear(fy).replace('年度', '')),
      series: [
        { name: '交付額', values: r.years.map((_, i) => r.programs.reduce((s, p) => s + (p.by_year[i]?.granted ?? 0), 0)) },
        { name: '予算額', values: r.years.map((_, i) => r.programs.reduce((s, p) => s + (p.by_year[i]?.budget ?? 0), 0)), dashed: true },
      ],
    }),
    notes: [
      '終期年度 = 開始年度 + 存続年数 − 1（終期年度の指定があればそれ）。終期年度が補助金を交付できる最後の年度です。',
      '状況：継続中（終期前）、最終年度（見直し）、終了（終期後・交付なし）、終期後の交付（違反）。',
      '長期交付先：同じ制度から存続年数を超えて連続して交付を受けている団体。',
    ],
  };
}
