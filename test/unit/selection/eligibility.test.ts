import { describe, expect, it } from 'vitest';
import { evaluateEligibility, type OrgFacts } from '../../../src/selection/eligibility.js';
import { lintCriteria } from '../../../src/selection/criteria.js';

const criteria = lintCriteria(`method: 補助
items: [{id: a, label: A, weight: 1, scale: 2, descriptors: {1: x, 2: y}}]
eligibility:
  - {id: alive, check: not_dissolved}
  - {id: rp, check: not_religious_political}
  - {id: report, check: report_submitted}
  - {id: est, check: established_years, years: 2}
  - {id: area, check: area, municipalities: ['13190']}
  - {id: cn, check: corporate_number_valid}
  - {id: nintei, check: certified}
  - {id: ins, check: manual, label: 保険に加入していること}
`, 'c').criteria!;

const org = (o: Partial<OrgFacts> = {}): OrgFacts => ({
  org_id: 'O1', name: 'n', legal_form: 'certified_npo', status: 'active', dissolved_on: null, retired_run: null, religious_political: 0,
  last_report_fy: 2024, established_on: '2023-04-01', municipality_code: '131903', corporate_number: null, certified_on: '2022-01-01',
  certification_expires_on: '2027-01-01', ...o,
});
const res = (o: Partial<OrgFacts>, answers: Record<string, number> = { ins: 1 }) => Object.fromEntries(evaluateEligibility(criteria, 2025, org(o), answers).map((e) => [e.item, e]));

describe('eligibility checks with evidence', () => {
  it('all pass, each with evidence; a missing 法人番号 passes as 任意団体等', () => {
    const r = res({});
    for (const e of Object.values(r)) expect(e.pass, e.item).toBe(true);
    expect(r.cn!.evidence).toBe('法人番号なし（任意団体等）');
    expect(r.area!.evidence).toMatch(/131903/);
  });

  it('事業報告書 for the previous fiscal year: FY2024 passes for an FY2025 call, FY2023 and none fail', () => {
    expect(res({ last_report_fy: 2025 }).report!.pass).toBe(true);
    expect(res({ last_report_fy: 2024 }).report!.evidence).toMatch(/令和6年度/);
    expect(res({ last_report_fy: 2023 }).report!).toMatchObject({ pass: false });
    expect(res({ last_report_fy: null }).report!.evidence).toMatch(/提出記録なし/);
  });

  it('established N years before the fiscal year starts: the edge day counts', () => {
    expect(res({ established_on: '2023-04-01' }).est!.pass).toBe(true);
    expect(res({ established_on: '2023-04-02' }).est!.pass).toBe(false);
    expect(res({ established_on: null }).est!.pass).toBe(false);
  });

  it('dissolved, retired, religious/political, outside the area, a bad 法人番号', () => {
    expect(res({ status: 'dissolved', dissolved_on: '2024-03-31' }).alive!).toEqual(expect.objectContaining({ pass: false, evidence: '解散（2024-03-31）' }));
    expect(res({ retired_run: 3 }).alive!.pass).toBe(false);
    expect(res({ religious_political: 1 }).rp!.pass).toBe(false);
    expect(res({ municipality_code: '131016' }).area!.pass).toBe(false);
    expect(res({ corporate_number: '1000013050238' }).cn!.pass).toBe(true);
    expect(res({ corporate_number: '2000013050238' }).cn!.pass).toBe(false);
  });

  it('認定 on the fiscal year start: expired, not yet certified, other legal forms', () => {
    expect(res({ certification_expires_on: '2025-03-31' }).nintei!.pass).toBe(false);
    expect(res({ certification_expires_on: '2025-04-01' }).nintei!.pass).toBe(true);
    expect(res({ certified_on: '2025-04-02' }).nintei!.pass).toBe(false);
    expect(res({ legal_form: 'voluntary' }).nintei!.evidence).toMatch(/任意団体/);
  });

  it('manual items come from the application: yes, no, unanswered', () => {
    expect(res({}, { ins: 0 }).ins!.pass).toBe(false);
    expect(res({}, {}).ins!.evidence).toMatch(/未確認/);
  });
});
