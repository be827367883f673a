import { describe, expect, it } from 'vitest';
import { computeSunsetReport, sunsetFy, sunsetStatus } from '../../../src/reports/sunset.js';
import { insert, org, reportsDb } from './db.js';

describe('sunset subsidies', () => {
  it('sunset_fy = start_fy + years − 1, or end_fy', () => {
    expect(sunsetFy({ start_fy: 2023, years: 3, end_fy: null })).toBe(2025);
    expect(sunsetFy({ start_fy: 2023, years: null, end_fy: 2027 })).toBe(2027);
  });

  it('status at each boundary: active before the sunset, final_year on it, then expired or violation', () => {
    expect(sunsetStatus(2024, 2025, true)).toBe('active');
    expect(sunsetStatus(2025, 2025, true)).toBe('final_year');
    expect(sunsetStatus(2025, 2025, false)).toBe('final_year');
    expect(sunsetStatus(2026, 2025, false)).toBe('expired');
    expect(sunsetStatus(2026, 2025, true)).toBe('violation');
  });

  it('report: statuses, budget and granted by year, long-funded recipients, PFS payouts', () => {
    const db = reportsDb();
    insert(db, 'organizations', [org('O1'), org('O2', { name: '<script>alert(1)</script>' })]);
    insert(db, 'programs', [
      { program_id: 'A', name: '継続', start_fy: 2024, years: 3, annual_budget: 1000 },
      { program_id: 'F', name: '最終', start_fy: 2023, years: 3, annual_budget: 2000, pfs_rule: 'linear: cap=1.2' },
      { program_id: 'E', name: '終了', start_fy: 2021, end_fy: 2023, annual_budget: 3000 },
      { program_id: 'V', name: '違反', start_fy: 2021, years: 3, annual_budget: 4000, pfs_rule: 'tiers: 0.5:50%, 1:100%' },
    ]);
    insert(db, 'grants', [
      { grant_id: 'g1', program_id: 'A', org_id: 'O1', fy: 2025, amount: 500 },
      { grant_id: 'g2', program_id: 'F', org_id: 'O1', fy: 2025, amount: 1000, kpi_target: 10, kpi_actual: 11 },
      { grant_id: 'g3', program_id: 'E', org_id: 'O1', fy: 2023, amount: 3000 },
      { grant_id: 'g4', program_id: 'E', org_id: 'O1', fy: 2025, amount: 0 }, // a zero amount is not a payment
      ...[2021, 2022, 2023, 2024].map((fy) => ({ grant_id: `v${fy}`, program_id: 'V', org_id: 'O2', fy, amount: 4000 })),
      { grant_id: 'v2025', program_id: 'V', org_id: 'O2', fy: 2025, amount: 4000, kpi_target: 100, kpi_actual: 60 },
      { grant_id: 'x1', program_id: 'NOPE', org_id: 'O1', fy: 2025, amount: 1 },
    ]);
    const r = computeSunsetReport(db, 2025);
    const byId = new Map(r.programs.map((p) => [p.program_id, p]));
    expect(byId.get('A')).toMatchObject({ status: 'active', sunset_fy: 2026, years_remaining: 1, granted_in_fy: 500 });
    expect(byId.get('F')).toMatchObject({ status: 'final_year', sunset_fy: 2025, years_remaining: 0 });
    expect(byId.get('E')).toMatchObject({ status: 'expired', sunset_fy: 2023, granted_in_fy: 0, granted_total: 3000 });
    expect(byId.get('V')).toMatchObject({ status: 'violation', sunset_fy: 2023, granted_total: 20000 });
    expect(r.years).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(byId.get('V')!.by_year.map((y) => y.budget)).toEqual([4000, 4000, 4000, null, null]);
    expect(byId.get('V')!.by_year.map((y) => y.granted)).toEqual([4000, 4000, 4000, 4000, 4000]);
    expect(r.recipients).toEqual([{
      program_id: 'V', program_name: '違反', org_id: 'O2', org_name: '<script>alert(1)</script>',
      first_fy: 2021, last_fy: 2025, consecutive_years: 5, limit: 3, total_amount: 20000,
    }]);
    expect(r.pfs.map((g) => [g.grant_id, g.payout])).toEqual([['g2', 1100], ['v2025', 2000]]);
    expect(r.orphan_grants.map((g) => g.grant_id)).toEqual(['x1']);
    // Earlier years see the same programs differently.
    expect(computeSunsetReport(db, 2023).programs.find((p) => p.program_id === 'V')!.status).toBe('final_year');
  });
});
