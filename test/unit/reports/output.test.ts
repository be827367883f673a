import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xlsxBuffer } from '../../../src/io/xlsx.js';
import { computeKpiReport, parseKpiDefinitions } from '../../../src/reports/kpi.js';
import { computeSunsetReport } from '../../../src/reports/sunset.js';
import { escapeMarkdown as mdEscape } from '../../../src/io/escape.js';
import { renderTemplate } from '../../../src/io/template.js';
import { kpiCsv, kpiSheets, sunsetCsv, sunsetSheets } from '../../../src/reports/render.js';
import { kpiView, sunsetView } from '../../../src/reports/view.js';
import { activity, insert, org, reportsDb } from './db.js';

const HOSTILE = ['<script>alert(1)</script>', '=HYPERLINK("http://evil.example/","x")', '＝１＋１', '@SUM(A1)', '-2+3', '+1', '|a|b|', '"q" & \'s\''];

function hostileDb() {
  const db = reportsDb();
  insert(db, 'organizations', HOSTILE.map((name, i) => org(`O${i}`, { name, registered_on: '2020-01-01' })));
  insert(db, 'programs', [{ program_id: 'P<1>', name: '<b>制度</b>', department: '=cmd|x', start_fy: 2020, years: 3, annual_budget: 1000, pfs_rule: 'tiers: 0.5:50%, 1:100%' }]);
  insert(db, 'grants', HOSTILE.flatMap((_, i) => [2021, 2022, 2023, 2024, 2025].map((fy) => ({
    grant_id: `G${i}-${fy}`, program_id: 'P<1>', org_id: `O${i}`, fy, amount: 100, kpi_target: 10, kpi_actual: 7,
  }))));
  insert(db, 'activities', [activity({ org_id: 'O0', volunteer_id: 'V1', date: '2025-06-01', hours: 3 })]);
  return db;
}

const KPI = parseKpiDefinitions(`title: "<i>set</i>"
indicators:
  - {id: x, name: "<img src=x onerror=alert(1)>", metric: volunteers_active, targets: {2025: 10}}
  - {id: y, name: "=1+1", metric: volunteer_hours, targets: {2025: 10}}
  - {id: z, name: 団体数, metric: orgs_active, targets: {2025: 5}}
`, 'hostile.yaml');

describe('published outputs are safe with hostile names', () => {
  it('HTML: every value escaped, no script, no external fetch; charts inline', () => {
    const db = hostileDb();
    const html = renderTemplate('sunset.html.eta', sunsetView(computeSunsetReport(db, 2025)), { format: 'html' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;制度&lt;/b&gt;');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).toContain('<svg');
    const kpi = renderTemplate('kpi.html.eta', kpiView(computeKpiReport(db, [KPI], 2025), { suppress: true }), { format: 'html' });
    expect(kpi).not.toContain('<img');
    expect(kpi).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(kpi).not.toContain('<i>set</i>');
    expect(kpi).not.toMatch(/(src|href)=["']?https?:/);
    expect((kpi.match(/<svg/g) ?? []).length).toBe(4); // 3 trends + the field chart
  });

  it('Markdown: markup characters escaped, so names stay text and table cells stay cells', () => {
    expect(mdEscape('|a|b|')).toBe('\\|a\\|b\\|');
    expect(mdEscape('<script>x</script>\nnext')).toBe('\\<script\\>x\\</script\\> next');
    const md = renderTemplate('sunset.md.eta', sunsetView(computeSunsetReport(hostileDb(), 2025)), { format: 'md' });
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\|a\\|b\\|');
    for (const line of md.split('\n').filter((l) => l.startsWith('| G'))) expect(line.split(/(?<!\\)\|/).length).toBe(12);
  });

  it('CSV: BOM, and every formula-like string neutralised (= + - @ and full-width ＝)', () => {
    const csv = sunsetCsv(computeSunsetReport(hostileDb(), 2025));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/"",""x"")"`);
    expect(csv).toContain("'＝１＋１");
    expect(csv).toContain("'@SUM(A1)");
    expect(csv).toContain("'-2+3");
    expect(csv).toContain("'=cmd|x");
    for (const cell of csv.split(/[,\r\n]/)) expect(cell).not.toMatch(/^[=+@＝＋＠]/);
    const kcsv = kpiCsv(computeKpiReport(hostileDb(), [KPI], 2025), { suppress: true });
    expect(kcsv).toContain("'=1+1");
  });

  it('small cells: withheld in published formats (＊), kept in json', () => {
    const r = computeKpiReport(hostileDb(), [KPI], 2025);
    expect(r.indicators[0]).toMatchObject({ actual: 1, suppressed: true }); // one volunteer
    expect(r.indicators[1]).toMatchObject({ actual: 3, suppressed: true }); // their hours
    expect(r.indicators[2]).toMatchObject({ actual: 8, suppressed: false }); // organizations, not people
    const csv = kpiCsv(r, { suppress: true });
    const xRow = csv.split('\r\n').find((l) => l.includes(',x,'))!;
    expect(xRow).toContain('＊');
    expect(xRow).not.toMatch(/,1,/);
    const view = kpiView(r, { suppress: true });
    expect(view.sets[0]!.rows[0]).toMatchObject({ actual: '＊', attainment: '＊' });
    expect(view.suppressionNote).toMatch(/5人未満/);
    expect(kpiView(r, { suppress: false }).sets[0]!.rows[0]!.actual).toBe('1');
  });

  it('xlsx read back with exceljs: numbers are numbers, IDs and names text, no formulas', async () => {
    const db = hostileDb();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsxBuffer(sunsetSheets(computeSunsetReport(db, 2025)))) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['制度', '長期交付先', '成果連動']);
    const recipients = wb.getWorksheet('長期交付先')!;
    const header = (recipients.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['制度ID', '制度名', '団体ID', '団体名', '初年度', '最終年度', '連続年数', '存続年数', '交付額計(円)']);
    const names: unknown[] = [];
    recipients.eachRow((row, n) => {
      if (n === 1) return;
      expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(7).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(9).value).toBe(500);
      names.push(row.getCell(4).value);
    });
    expect(names).toContain('=HYPERLINK("http://evil.example/","x")');
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    const kwb = new ExcelJS.Workbook();
    await kwb.xlsx.load(Buffer.from(await xlsxBuffer(kpiSheets(computeKpiReport(db, [KPI], 2025), { suppress: true }))) as never);
    expect(kwb.worksheets.map((w) => w.name)).toEqual(['指標', '推移', '分野別団体数']);
    const trend = kwb.getWorksheet('推移')!;
    const zRow = trend.getRows(2, trend.rowCount - 1)!.find((r) => r.getCell(1).value === 'z' && r.getCell(3).value === 2025)!;
    expect(zRow.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(zRow.getCell(6).value).toBe(8);
    expect(zRow.getCell(7).value).toBe(160);
  });

  it('--template-dir is searched before the built-in templates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpl-'));
    writeFileSync(join(dir, 'sunset.md.eta'), 'OWN <%= it.fyLabel %> <%= it.programs[0].name %>\n');
    const view = sunsetView(computeSunsetReport(hostileDb(), 2025));
    expect(renderTemplate('sunset.md.eta', view, { format: 'md', templateDir: dir })).toBe('OWN 令和7年度（2025年度） \\<b\\>制度\\</b\\>\n');
    expect(renderTemplate('sunset.html.eta', view, { format: 'html', templateDir: dir })).toContain('<!DOCTYPE html>');
  });
});
