import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { attainment, computeKpiReport, kpiStatus, loadKpiSets, parseKpiDefinitions } from '../../../src/reports/kpi.js';
import { activity, insert, org, reportsDb } from './db.js';

const CLI_MD_FORM = `
indicators:
  - id: hours                 # any id
    name: ボランティア活動時間
    level: KPI                # KGI | KSI | KPI | activity
    unit: 時間
    direction: up             # up = higher is better, down = lower is better
    metric: volunteer_hours   # a built-in metric, or "manual" (from imported indicators)
    targets: {2024: 1000, 2025: 1200}
`;

describe('KPI definitions and attainment', () => {
  it('attainment = actual / target, target / actual when lower is better', () => {
    expect(attainment('up', 200, 150)).toBe(0.75);
    expect(attainment('down', 150, 200)).toBe(0.75); // wanted ≤ 150, got 200
    expect(attainment('down', 200, 100)).toBe(2);
    expect(attainment('down', 10, 0)).toBeNull();
    expect(attainment('up', null, 5)).toBeNull();
    expect(kpiStatus('down', 150, 150)).toBe('達成');
    expect(kpiStatus('down', 150, 151)).toBe('未達');
    expect(kpiStatus('up', 150, 149)).toBe('未達');
    expect(kpiStatus('up', null, 149)).toBe('目標なし');
    expect(kpiStatus('up', 10, null)).toBe('実績なし');
  });

  it('the form in cli.md works; fiscal-year keys may be 和暦', () => {
    const set = parseKpiDefinitions(CLI_MD_FORM, 'k.yaml');
    expect(set.indicators[0]).toMatchObject({ id: 'hours', level: 'KPI', direction: 'up', metric: 'volunteer_hours' });
    expect([...set.indicators[0]!.targets]).toEqual([[2024, 1000], [2025, 1200]]);
    const wareki = parseKpiDefinitions('indicators:\n  - {id: a, name: A, metric: events, targets: {R7: 3, 令和6年度: 2}}\n', 'w.yaml');
    expect([...wareki.indicators[0]!.targets]).toEqual([[2025, 3], [2024, 2]]);
  });

  it('every problem is reported at once with the file and the indicator', () => {
    const bad = `indicators:
  - {id: a, name: A, level: KXI, metric: volunteer_hourz, direction: sideways, targets: {R99x: 1}}
  - {id: a, metric: events, params: {method: 委託}}
`;
    try {
      parseKpiDefinitions(bad, 'bad.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const msgs = (err as ValidationError).problems.map((p) => p.msg.en).join('\n');
      expect(msgs).toMatch(/bad\.yaml: indicators\[0\] \(a\): level "KXI"/);
      expect(msgs).toMatch(/metric "volunteer_hourz" is not a built-in metric/);
      expect(msgs).toMatch(/direction "sideways"/);
      expect(msgs).toMatch(/"R99x" is not a fiscal year/);
      expect(msgs).toMatch(/id "a" is used twice/);
      expect(msgs).toMatch(/name is missing/);
      expect(msgs).toMatch(/params\.method is not a parameter of events/);
    }
  });

  it('the shipped templates load', () => {
    const sets = loadKpiSets();
    expect(sets.map((s) => s.id)).toEqual(['prefecture-budget', 'ward-platform']);
    expect(sets[1]!.indicators.map((i) => i.level)).toContain('KGI');
  });

  it('report: target, actual, attainment, status and history; down-is-better; per; manual; suppression of small cells', () => {
    const db = reportsDb();
    insert(db, 'organizations', [org('O1', { registered_on: '2020-01-01' }), org('O2'), org('O3'), org('O4')]);
    insert(db, 'activities', [
      activity({ volunteer_id: 'V1', date: '2025-05-01', hours: 600 }),
      activity({ volunteer_id: 'V2', date: '2026-03-31', hours: 600 }),
      activity({ volunteer_id: 'V2', date: '2024-05-01', hours: 900 }),
    ]);
    insert(db, 'indicators', [{ indicator_id: 'rate', fy: 2025, value: 18.5 }, { indicator_id: 'rate', fy: 2023, value: 17 }]);
    const dir = mkdtempSync(join(tmpdir(), 'kpi-'));
    writeFileSync(join(dir, 'k.yaml'), `title: テスト
indicators:
  - {id: hours, name: 時間, metric: volunteer_hours, targets: {2024: 1000, 2025: 1200}}
  - {id: waiting, name: 待ち日数, metric: manual, indicator: rate, direction: down, targets: {2025: 20}}
  - {id: share, name: 登録率, level: KSI, metric: orgs_registered, per: orgs_active, targets: {2025: 50}}
  - {id: nothing, name: 目標なし, metric: events}
`);
    const r = computeKpiReport(db, loadKpiSets(join(dir, 'k.yaml')), 2025);
    const [hours, waiting, share, nothing] = r.indicators;
    expect(hours).toMatchObject({ id: 'hours', target: 1200, actual: 1200, attainment: 1, status: '達成', suppressed: true, unit: '時間' });
    expect(hours!.history.map((h) => [h.fy, h.actual, h.status])).toEqual([[2021, 0, '目標なし'], [2022, 0, '目標なし'], [2023, 0, '目標なし'], [2024, 900, '未達']]);
    expect(hours!.history[3]).toMatchObject({ attainment: 0.9, suppressed: true });
    expect(waiting).toMatchObject({ actual: 18.5, target: 20, attainment: 1.0811, status: '達成', suppressed: false });
    expect(waiting!.history[2]).toMatchObject({ fy: 2023, actual: 17, status: '目標なし' });
    expect(waiting!.history[3]).toMatchObject({ fy: 2024, actual: null });
    expect(share).toMatchObject({ actual: 25, unit: '%', attainment: 0.5, status: '未達' });
    expect(nothing).toMatchObject({ actual: 0, target: null, attainment: null, status: '目標なし' });
    expect(r.npo_count_by_field).toHaveLength(20);
  });
});
