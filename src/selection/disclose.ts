/**
 * 選定結果の公表: a publishable document — criteria and weights, method,
 * number of reviewers (never their names), each applicant's eligibility,
 * aggregated scores, total and rank, the decision and its reason. Built as a
 * plain view model from `checkCall`, then rendered to Markdown or HTML through
 * the Eta templates (every value escaped by the one escaper of its format;
 * `--template-dir` overrides them like the reports') or to CSV. No personal
 * data: no reviewer names, no representatives, no contact data, no reviewer comments.
 */
import { toCsv } from '../io/csv-out.js';
import { renderTemplate } from '../io/template.js';
import { formatFiscalYear } from '../jp/fiscal-year.js';
import { METHOD_LABELS } from './criteria.js';
import type { CheckResult } from './check.js';

const AGGREGATION_TEXT = {
  mean: '各項目について審査委員の評点の平均',
  trimmed_mean: '各項目について審査委員の評点の上下それぞれ一定割合を除いた平均（トリム平均）',
  drop_high_low: '各項目について審査委員の評点の最高点と最低点を1つずつ除いた平均（審査委員が3人未満の項目は単純平均）',
} as const;

export interface DisclosureView {
  title: string;
  call_id: string;
  fy_label: string;
  method_label: string;
  criteria_sha256: string;
  opened_on: string;
  decided_on: string | null;
  points: number;
  threshold: number;
  aggregation: string;
  tie_break: string[];
  reviewers: number;
  eligibility: { label: string }[];
  items: { id: string; label: string; weight: number; scale: string; descriptors: { level: number; text: string }[] }[];
  applicants: {
    name: string;
    proposal: string;
    eligible: boolean;
    failed: string[];
    scores: (number | null)[];
    total: number | null;
    rank: number | null;
    above_threshold: boolean;
    chosen: boolean;
  }[];
  decisions: { name: string; rank: number | null; total: number | null; reason: string; top: boolean; passed_over: string[] }[];
}

/** The view model of the disclosure (public facts only). */
export function disclosureView(r: CheckResult): DisclosureView {
  const c = r.call.criteria;
  const nameOf = new Map(r.applicants.map((a) => [a.org_id, a.name]));
  const chosen = new Set(r.decisions.map((d) => d.org_id));
  const labelOf = (id: string): string => c.items.find((i) => i.id === id)?.label ?? id;
  return {
    title: r.call.title,
    call_id: r.call.call_id,
    fy_label: formatFiscalYear(r.call.fy, 'both'),
    method_label: METHOD_LABELS[r.call.method],
    criteria_sha256: r.call.criteria_sha256,
    opened_on: r.call.opened_at.slice(0, 10),
    decided_on: r.call.decided_at?.slice(0, 10) ?? null,
    points: c.points,
    threshold: c.threshold,
    aggregation: `${AGGREGATION_TEXT[c.aggregation]}${c.aggregation === 'trimmed_mean' ? `（上下各 ${Math.round(c.trim * 100)}%）` : ''}`,
    tie_break: c.tieBreak.map(labelOf),
    reviewers: r.reviewer_count,
    eligibility: c.eligibility.map((e) => ({ label: e.label })),
    items: c.items.map((i) => ({
      id: i.id, label: i.label, weight: i.weight, scale: `${i.min}〜${i.max}`,
      descriptors: Object.entries(i.descriptors).map(([l, t]) => ({ level: Number(l), text: t })).sort((a, b) => b.level - a.level),
    })),
    applicants: r.applicants.map((a) => ({
      name: a.name,
      proposal: a.title ?? '',
      eligible: a.eligible,
      failed: a.eligibility.filter((e) => !e.pass).map((e) => `${e.label}（${e.evidence}）`),
      scores: c.items.map((i) => a.scores[i.id] ?? null),
      total: a.total,
      rank: a.rank,
      above_threshold: a.above_threshold,
      chosen: chosen.has(a.org_id),
    })),
    decisions: r.decisions.map((d) => {
      const me = r.applicants.find((a) => a.org_id === d.org_id);
      const passed = d.is_top_ranked === 1 ? [] : r.applicants.filter((a) => a.rank !== null && me?.rank != null && a.rank < me.rank && a.above_threshold && !chosen.has(a.org_id)).map((a) => a.name);
      return { name: nameOf.get(d.org_id) ?? d.org_id, rank: d.rank, total: d.total, reason: d.reason, top: d.is_top_ranked === 1, passed_over: passed };
    }),
  };
}

const num = (x: number | null): string => (x === null ? '—' : String(x));

/** What the templates get as `it`: the view model and the one number format of the document (null → —). */
function templateData(v: DisclosureView): DisclosureView & { num: (x: number | null) => string } {
  return { ...v, num };
}

/**
 * Markdown (templates/reports/disclosure.md.eta, or the one in `templateDir`): every value through
 * the one Markdown escaper, so a label or a name cannot make markup or raw HTML.
 */
export function renderMarkdown(v: DisclosureView, opts: { templateDir?: string } = {}): string {
  return renderTemplate('disclosure.md.eta', templateData(v), { format: 'md', templateDir: opts.templateDir });
}

/** HTML (templates/reports/disclosure.html.eta): one self-contained file, no scripts, no external fetches, every value escaped. */
export function renderHtml(v: DisclosureView, opts: { templateDir?: string } = {}): string {
  return renderTemplate('disclosure.html.eta', templateData(v), { format: 'html', templateDir: opts.templateDir });
}

/** CSV of the results table (UTF-8 with BOM, formula-like cells neutralised). */
export function renderCsv(v: DisclosureView): string {
  const columns = [
    { key: 'rank', label: '順位' }, { key: 'name', label: '団体名' }, { key: 'proposal', label: '提案事業' }, { key: 'eligible', label: '応募資格' },
    ...v.items.map((i, k) => ({ key: `s${k}`, label: `${i.label}（配点${i.weight}）` })),
    { key: 'total', label: `合計（${v.points}点満点）` }, { key: 'threshold', label: `最低基準点${v.threshold}` }, { key: 'chosen', label: '選定' }, { key: 'reason', label: '選定理由' },
  ];
  const reasonOf = new Map(v.decisions.map((d) => [d.name, `${d.reason}${d.top ? '' : '（最上位の適格応募者ではない団体を選定）'}`]));
  const rows = v.applicants.map((a) => ({
    rank: a.rank, name: a.name, proposal: a.proposal, eligible: a.eligible ? '適' : `不適: ${a.failed.join('; ')}`,
    ...Object.fromEntries(a.scores.map((s, k) => [`s${k}`, s])),
    total: a.total, threshold: a.eligible ? (a.above_threshold ? '以上' : '未満') : '', chosen: a.chosen ? '選定' : '', reason: a.chosen ? (reasonOf.get(a.name) ?? '') : '',
  }));
  return toCsv(rows, { columns });
}
