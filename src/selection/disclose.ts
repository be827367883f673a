/**
 * 選定結果の公表: a publishable document — criteria and weights, method,
 * number of reviewers (never their names), each applicant's eligibility,
 * aggregated scores, total and rank, the decision and its reason. Built as a
 * plain view model from `checkCall`, then rendered to Markdown, HTML (one
 * self-contained file, every value escaped) or CSV. No personal data: no
 * reviewer names, no representatives, no contact data, no reviewer comments.
 */
import { toCsv } from '../io/csv-out.js';
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

/** Markdown: table cells escaped (| and line breaks), no raw HTML let through. */
export function renderMarkdown(v: DisclosureView): string {
  const e = (s: string): string => s.replace(/\\/g, '\\\\').replace(/([|*_`[\]<>#])/g, '\\$1').replace(/\r?\n|\r/g, ' ');
  const L: string[] = [];
  L.push(`# ${e(v.title)} 選定結果`, '');
  L.push(`- 公募ID: ${e(v.call_id)}`, `- 年度: ${v.fy_label}`, `- 協働の方法: ${v.method_label}`, `- 公募開始（選定基準の確定）: ${v.opened_on}`,
    `- 選定日: ${v.decided_on ?? '未選定'}`, `- 審査委員数: ${v.reviewers}人`, `- 選定基準のハッシュ値（SHA-256）: \`${v.criteria_sha256}\``, '');
  L.push('## 選定基準と方法', '');
  L.push(`満点 ${v.points}点、最低基準点 ${v.threshold}点。集計方法: ${v.aggregation}。各項目の点数 = 配点 × 集計した評点 ÷ 評点の最高段階（合計は配点の比で ${v.points}点満点に換算）。`);
  L.push(`同点の場合の順位: ${v.tie_break.length > 0 ? `${v.tie_break.join('、')} の集計評点が高い順（それでも同じ場合は同順位）` : '同順位'}。応募資格を満たさない応募者は順位をつけません。`, '');
  L.push('### 応募資格', '');
  for (const x of v.eligibility) L.push(`- ${e(x.label)}`);
  L.push('', '### 評価項目', '', '| 評価項目 | 配点 | 評点の段階 | 評価の目安 |', '| --- | ---: | --- | --- |');
  for (const i of v.items) L.push(`| ${e(i.label)} | ${i.weight} | ${i.scale} | ${i.descriptors.map((d) => `${d.level}: ${e(d.text)}`).join('<br>')} |`);
  L.push('', '## 審査結果', '', `| 順位 | 団体名 | 提案事業 | 応募資格 | ${v.items.map((i) => e(i.label)).join(' | ')} | 合計 | 基準点 | 選定 |`,
    `| ---: | --- | --- | --- | ${v.items.map(() => '---:').join(' | ')} | ---: | --- | --- |`);
  for (const a of v.applicants) {
    L.push(`| ${num(a.rank)} | ${e(a.name)} | ${e(a.proposal)} | ${a.eligible ? '適' : `不適: ${a.failed.map(e).join('; ')}`} | ${a.scores.map(num).join(' | ')} | ${num(a.total)} | ${a.eligible ? (a.above_threshold ? '以上' : '未満') : '—'} | ${a.chosen ? '選定' : ''} |`);
  }
  L.push('', '## 選定結果と理由', '');
  if (v.decisions.length === 0) L.push('まだ選定していません。');
  for (const d of v.decisions) {
    L.push(`- **${e(d.name)}**（順位 ${num(d.rank)}、合計 ${num(d.total)}点）: ${e(d.reason)}`);
    if (!d.top) L.push(`  - ⚠ 最上位の適格応募者ではない団体を選定しました（上位で選定されなかった応募者: ${d.passed_over.map(e).join('、')}）。理由は上記のとおりです。`);
  }
  L.push('', '審査委員の氏名、個々の審査委員の評点・コメント、団体の代表者・連絡先は個人情報のため掲載していません。', '');
  return L.join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** HTML: one self-contained file, no scripts, no external fetches, every value escaped. */
export function renderHtml(v: DisclosureView): string {
  const h = escapeHtml;
  const rows = v.applicants.map((a) => `<tr${a.chosen ? ' class="chosen"' : ''}><td class="n">${h(num(a.rank))}</td><td>${h(a.name)}</td><td>${h(a.proposal)}</td><td>${a.eligible ? '適' : `不適<br><small>${a.failed.map(h).join('<br>')}</small>`}</td>${a.scores.map((s) => `<td class="n">${h(num(s))}</td>`).join('')}<td class="n">${h(num(a.total))}</td><td>${a.eligible ? (a.above_threshold ? '以上' : '未満') : '—'}</td><td>${a.chosen ? '選定' : ''}</td></tr>`).join('\n');
  const decisions = v.decisions.length === 0 ? '<p>まだ選定していません。</p>' : `<ul>${v.decisions.map((d) => `<li><strong>${h(d.name)}</strong>（順位 ${h(num(d.rank))}、合計 ${h(num(d.total))}点）: ${h(d.reason)}${d.top ? '' : `<p class="flag">⚠ 最上位の適格応募者ではない団体を選定しました（上位で選定されなかった応募者: ${d.passed_over.map(h).join('、')}）。</p>`}</li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${h(v.title)} 選定結果</title>
<style>
body{font-family:sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.3rem .5rem;vertical-align:top}
th{background:#eee}td.n{text-align:right}tr.chosen{background:#eef7ee}.flag{color:#a00;font-weight:bold}code{font-size:.85em;word-break:break-all}
</style>
</head>
<body>
<h1>${h(v.title)} 選定結果</h1>
<dl>
<dt>公募ID</dt><dd>${h(v.call_id)}</dd><dt>年度</dt><dd>${h(v.fy_label)}</dd><dt>協働の方法</dt><dd>${h(v.method_label)}</dd>
<dt>公募開始（選定基準の確定）</dt><dd>${h(v.opened_on)}</dd><dt>選定日</dt><dd>${h(v.decided_on ?? '未選定')}</dd>
<dt>審査委員数</dt><dd>${v.reviewers}人</dd><dt>選定基準のハッシュ値（SHA-256）</dt><dd><code>${h(v.criteria_sha256)}</code></dd>
</dl>
<h2>選定基準と方法</h2>
<p>満点 ${h(String(v.points))}点、最低基準点 ${h(String(v.threshold))}点。集計方法: ${h(v.aggregation)}。各項目の点数 = 配点 × 集計した評点 ÷ 評点の最高段階（合計は配点の比で ${h(String(v.points))}点満点に換算）。</p>
<p>同点の場合の順位: ${v.tie_break.length > 0 ? `${v.tie_break.map(h).join('、')} の集計評点が高い順（それでも同じ場合は同順位）` : '同順位'}。応募資格を満たさない応募者は順位をつけません。</p>
<h3>応募資格</h3>
<ul>${v.eligibility.map((x) => `<li>${h(x.label)}</li>`).join('')}</ul>
<h3>評価項目</h3>
<table><thead><tr><th>評価項目</th><th>配点</th><th>評点の段階</th><th>評価の目安</th></tr></thead><tbody>
${v.items.map((i) => `<tr><td>${h(i.label)}</td><td class="n">${h(String(i.weight))}</td><td>${h(i.scale)}</td><td>${i.descriptors.map((d) => `${d.level}: ${h(d.text)}`).join('<br>')}</td></tr>`).join('\n')}
</tbody></table>
<h2>審査結果</h2>
<table><thead><tr><th>順位</th><th>団体名</th><th>提案事業</th><th>応募資格</th>${v.items.map((i) => `<th>${h(i.label)}</th>`).join('')}<th>合計</th><th>基準点</th><th>選定</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>選定結果と理由</h2>
${decisions}
<p><small>審査委員の氏名、個々の審査委員の評点・コメント、団体の代表者・連絡先は個人情報のため掲載していません。</small></p>
</body>
</html>
`;
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
