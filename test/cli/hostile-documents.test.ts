import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from '../../src/io/escape.js';
import { ROOT, kyodo, tempDir } from '../helpers/cli.js';

// issue 9 point 23: one escaper per output format, used by every document. The Markdown disclosure
// put the tie-break item labels into a sentence unescaped, so `<img onerror>` passed through.
// Here every name a center or an applicant writes carries HTML and Markdown specials, end to end.

const H = '<img src=x onerror=alert(1)>|*_[]()#';
const H_MD = '\\<img src=x onerror=alert(1)\\>\\|\\*\\_\\[\\]()\\#';
const H_HTML = '&lt;img src=x onerror=alert(1)&gt;|*_[]()#';

let dir: string;
let db: string;
const k = (...args: string[]) => kyodo(['--db', db, '--lang', 'ja', ...args], { env: { KYODO_OPERATOR: 'tester' } });
const docs: Record<'md' | 'html' | 'csv', string> = { md: '', html: '', csv: '' };

/** Reads a sample file, applies `edit`, writes it into the test directory. */
function sample(rel: string, name: string, edit: (text: string) => string): string {
  const out = join(dir, name);
  writeFileSync(out, edit(readFileSync(join(ROOT, rel), 'utf8')));
  return out;
}

beforeAll(() => {
  dir = tempDir();
  db = join(dir, 'kyodo.db');
  expect(k('init').code).toBe(0);
  // Every organization's name ends in the hostile text (団体名 is the second column).
  const orgs = sample('data/sample/orgs.csv', 'orgs.csv', (t) => t.split('\n').map((l, i) => (i === 0 || l === '' ? l : l.replace(/^([^,]*),([^,]*),/, `$1,$2${H},`))).join('\n'));
  // The criteria: title, a tie-break item, an eligibility label and a descriptor.
  const criteria = sample('templates/criteria/proposal-collaboration.yaml', 'criteria.yaml', (t) => t
    .replace('title: 令和7年度 提案型協働事業 協働パートナー募集', `title: "協働${H}"`)
    .replace('label: 実現可能性（体制・実績）', `label: "実現可能性${H}"`)
    .replace('label: 事業参加者のための保険に加入している、または加入予定であること', `label: "保険${H}"`)
    .replace('5: 積算根拠が明確で、費用対効果が高い', `5: "積算${H}"`));
  const apps = sample('data/sample/selection/applications.csv', 'applications.csv', (t) => t.replace('まち歩きで学ぶ地域の歴史講座', `まち歩き${H}`));
  expect(k('import', 'orgs', orgs).code).toBe(0);
  expect(k('select', 'open', '--criteria', criteria, '--call', 'C2025-01').code).toBe(0);
  expect(k('import', 'applications', apps).code).toBe(0);
  expect(k('select', 'conflict', 'C2025-01', '--reviewer', '委員C', '--org', 'ORG004').code).toBe(0);
  expect(k('import', 'scores', 'data/sample/selection/scores.csv', '--rejects', join(dir, 'rejects.csv')).code).toBe(3);
  // Not the top-ranked applicant, so the disclosure names the one passed over; the reason is hostile too.
  const ranked = (k('--json', 'select', 'check', 'C2025-01').json().applicants as { org_id: string; rank: number | null; above_threshold: boolean }[])
    .filter((a) => a.rank !== null && a.above_threshold).sort((a, b) => a.rank! - b.rank!);
  expect(k('select', 'decide', 'C2025-01', '--org', ranked[1]!.org_id, '--reason', `=1+1 理由${H}`).code).toBe(0);
  for (const f of ['md', 'html', 'csv'] as const) {
    const r = k('select', 'disclose', 'C2025-01', '--format', f);
    expect(r.code).toBe(0);
    docs[f] = r.stdout;
  }
});

describe('the selection disclosure with hostile names, in every format', () => {
  it('Markdown: the tie-break sentence escapes the item label (the reported bug)', () => {
    expect(docs.md).toContain(`同点の場合の順位: 実現可能性${H_MD}、公益性・必要性 の集計評点が高い順`);
  });

  it('Markdown: every hostile value is escaped, no raw HTML but the template\'s own <br>, table rows keep their cells', () => {
    expect(docs.md.replace(/<br>/g, '')).not.toMatch(/(?<!\\)</);
    expect(docs.md).toContain(`# 協働${H_MD} 選定結果`);
    expect(docs.md).toContain(`5: 積算${H_MD}<br>`); // a descriptor
    expect(docs.md).toContain(`保険${H_MD}`);
    expect(docs.md).toContain(`まち歩き${H_MD}`);
    expect(docs.md).toContain(`理由${H_MD}`);
    expect(docs.md).toMatch(new RegExp(`上位で選定されなかった応募者: [^\\n]*${H_MD.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // Cells: every row of a table has as many unescaped | as its header.
    for (const table of docs.md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const lines = table.split('\n');
      const cells = (l: string) => l.split(/(?<!\\)\|/).length;
      for (const l of lines) expect(cells(l), l).toBe(cells(lines[0]!));
    }
    // Markup outside the values is only the template's: headings, list items, bold names, tables.
    const withoutValues = docs.md.split(H_MD).join('');
    expect(withoutValues).not.toMatch(/(?<!\\)[[\]_]/);
  });

  it('HTML: every value is entities, no element but the template\'s', () => {
    expect(docs.html).not.toContain('<img');
    for (const where of [`<title>協働${H_HTML} 選定結果</title>`, `<h1>協働${H_HTML} 選定結果</h1>`, `同点の場合の順位: 実現可能性${H_HTML}、公益性・必要性`,
      `<th>実現可能性${H_HTML}</th>`, `<li>保険${H_HTML}</li>`, `5: 積算${H_HTML}<br>`, `まち歩き${H_HTML}`, `理由${H_HTML}`]) {
      expect(docs.html).toContain(where);
    }
    const tags = new Set([...docs.html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].sort()).toEqual(['!doctype', 'body', 'br', 'code', 'dd', 'dl', 'dt', 'h1', 'h2', 'h3', 'head', 'html', 'li', 'meta', 'p', 'small', 'strong', 'style', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul']);
  });

  it('a center\'s own template (--template-dir) gets the same escaping', () => {
    const own = join(dir, 'templates');
    mkdirSync(own);
    writeFileSync(join(own, 'disclosure.md.eta'), '<%= it.title %> / <%= it.tie_break.join("、") %>\n');
    const r = k('select', 'disclose', 'C2025-01', '--template-dir', own);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`協働${H_MD} / 実現可能性${H_MD}、公益性・必要性\n`);
    expect(k('select', 'disclose', 'C2025-01', '--format', 'html', '--template-dir', own).stdout).toBe(docs.html); // no own html: the built-in one
  });

  it('CSV: values as text, formula-like cells neutralised', () => {
    expect(docs.csv.startsWith('\uFEFF')).toBe(true);
    expect(docs.csv).toContain(`'=1+1 理由${H}`);
    expect(docs.csv).not.toMatch(/(^|,)"?=1\+1/m);
  });
});

describe('the same escapers serve the reports', () => {
  it('KPI report md and html with a hostile indicator name (--targets)', () => {
    const targets = join(dir, 'kpi.yaml');
    writeFileSync(targets, `title: "指標${H}"\nindicators:\n  - {id: x, name: "活動${H}", unit: "人${H}", metric: orgs_active, targets: {2025: 5}}\n`);
    const md = k('report', 'kpi', '--fy', '2025', '--targets', targets, '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.stdout).not.toMatch(/(?<!\\)</);
    expect(md.stdout).toContain(`活動${H_MD}`);
    const html = k('report', 'kpi', '--fy', '2025', '--targets', targets, '--format', 'html');
    expect(html.stdout).not.toContain('<img');
    expect(html.stdout).toContain(`活動${H_HTML}`);
  });

  it('one escaper per format: what the documents use', () => {
    expect(escapeHtml(H)).toBe(H_HTML);
    expect(escapeMarkdown(H)).toBe(H_MD);
    expect(escapeMarkdown('a\r\nb\nc')).toBe('a b c');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});
