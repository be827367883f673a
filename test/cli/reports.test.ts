import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sampleWard } from '../helpers/cli.js';

const KINDS = ['activities', 'financials', 'programs', 'grants', 'projects', 'events', 'indicators'];
describe('kyodo report kpi / sunset on the sample ward with five fiscal years of history', () => {
  let ward: ReturnType<typeof sampleWard>;
  const run = (args: string[]) => ward.run(args);
  beforeAll(() => {
    ward = sampleWard();
    expect(ward.init.code).toBe(3);
    for (const k of KINDS) {
      const r = run(['import', k, join(ROOT, 'data/sample/reports', `${k}.csv`)]);
      expect(r.code, `${k}: ${r.stderr}`).toBe(0);
    }
  });

  it('--json report kpi has the shape of cli.md; --fy 2025, R7 and 令和7年度 are the same year', () => {
    const a = run(['--json', 'report', 'kpi', '--fy', '2025']);
    expect(a.code).toBe(0);
    const doc = a.json();
    expect(doc.fy).toBe(2025);
    expect(doc.indicators.length).toBe(15);
    for (const i of doc.indicators) {
      expect(Object.keys(i)).toEqual(expect.arrayContaining(['id', 'name', 'level', 'unit', 'target', 'actual', 'attainment', 'history', 'status']));
      expect(['達成', '未達', '目標なし', '実績なし']).toContain(i.status);
      expect(i.history.map((h: { fy: number }) => h.fy)).toEqual([2021, 2022, 2023, 2024]);
    }
    const hours = doc.indicators.find((i: { id: string }) => i.id === 'volunteer_hours');
    expect(hours.attainment).toBeCloseTo(hours.actual / hours.target, 4);
    expect(run(['--json', 'report', 'kpi', '--fy', 'R7']).stdout).toBe(a.stdout);
    expect(run(['--json', 'report', 'kpi', '--fy', '令和7年度']).stdout).toBe(a.stdout);
  });

  it('a user KPI file in the form of cli.md; the fiscal-year edge of the sample (2026-03-31 vs 2026-04-01)', () => {
    const file = join(ward.dir, 'mine.yaml');
    writeFileSync(file, 'indicators:\n  - {id: n, name: 活動記録, level: activity, unit: 件, direction: up, metric: activities, targets: {2026: 1}}\n');
    const r = run(['--json', 'report', 'kpi', '--fy', '2026', '--targets', file]).json();
    expect(r.indicators[0]).toMatchObject({ id: 'n', actual: 1, target: 1, attainment: 1, status: '達成' }); // only the 2026-04-01 record
    const bad = join(ward.dir, 'bad.yaml');
    writeFileSync(bad, 'indicators:\n  - {id: n, name: x, metric: nope}\n');
    const e = run(['report', 'kpi', '--fy', '2025', '--targets', bad]);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/metric "nope" is not a built-in metric/);
  });

  it('--json report sunset: one program per status, recipients funded longer than allowed, PFS payouts', () => {
    const doc = run(['--json', 'report', 'sunset', '--fy', '2025']).json();
    expect(doc.fy).toBe(2025);
    expect(Object.fromEntries(doc.programs.map((p: { program_id: string; status: string }) => [p.program_id, p.status]))).toEqual({
      'SUB-01': 'active', 'SUB-02': 'final_year', 'SUB-03': 'expired', 'SUB-04': 'violation', 'SUB-05': 'active',
    });
    expect(doc.programs[0]).toMatchObject({ start_fy: 2025, sunset_fy: 2027 });
    expect(doc.recipients.length).toBe(2);
    for (const x of doc.recipients) expect(x).toMatchObject({ program_id: 'SUB-04', consecutive_years: 5, limit: 3 });
    expect(doc.pfs.length).toBe(11);
    for (const g of doc.pfs) expect(g.payout).toBeLessThanOrEqual(g.amount * 1.2);
  });

  it('csv (BOM), md, html (self-contained, with charts) and xlsx files; no overwrite without --force', async () => {
    const out = (name: string) => join(ward.dir, name);
    for (const report of ['kpi', 'sunset']) {
      for (const format of ['csv', 'md', 'html', 'xlsx']) {
        const r = run(['report', report, '--fy', '2025', '--format', format, '--out', out(`${report}.${format}`)]);
        expect(r.code, r.stderr).toBe(0);
      }
    }
    expect(readFileSync(out('kpi.csv'), 'utf8').startsWith('\uFEFF令和7年度 成果指標')).toBe(true);
    const html = readFileSync(out('kpi.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect((html.match(/<svg /g) ?? []).length).toBe(16); // a trend per indicator + NPO count by field
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/);
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(readFileSync(out('sunset.md'), 'utf8')).toContain('| SUB-04 | 地域防災活動補助金 | 危機管理課 | 令和3年度 | 令和5年度 | 0年 | 終期後の交付（違反） |');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out('sunset.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['制度', '長期交付先', '成果連動']);
    const before = readFileSync(out('kpi.md'));
    const again = run(['report', 'kpi', '--fy', '2024', '--format', 'md', '--out', out('kpi.md')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(readFileSync(out('kpi.md'))).toEqual(before);
    expect(run(['report', 'kpi', '--fy', '2024', '--format', 'md', '--out', out('kpi.md'), '--force']).code).toBe(0);
    expect(readFileSync(out('kpi.md'), 'utf8')).toContain('令和6年度');
  });

  it('--template-dir overrides a template; usage errors exit 2', () => {
    const tpl = join(ward.dir, 'tpl');
    mkdirSync(tpl);
    writeFileSync(join(tpl, 'kpi.md.eta'), '<%= it.fyLabel %>: <%= it.sets.length %> sets\n');
    expect(run(['report', 'kpi', '--fy', 'R7', '--format', 'md', '--template-dir', tpl]).stdout).toBe('令和7年度（2025年度）: 2 sets\n');
    expect(run(['report', 'kpi', '--fy', 'R7', '--format', 'xlsx']).code).toBe(2);
    const bad = run(['report', 'kpi', '--fy', '令和1年度x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fy/);
    expect(run(['report', 'sunset']).code).toBe(2);
    expect(run(['help', 'report']).stdout).toMatch(/kpi/);
    expect(run(['report', 'kpi', '--help']).stdout).toMatch(/Examples:/);
  });
});
