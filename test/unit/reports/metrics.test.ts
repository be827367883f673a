import { describe, expect, it } from 'vitest';
import { MetricComputer, median } from '../../../src/reports/metrics.js';
import { activity, insert, org, reportsDb, volunteer } from './db.js';

describe('metrics over exact fiscal-year boundaries (2026-03-31 is FY2025, 2026-04-01 is FY2026)', () => {
  it('activities, volunteer_hours and volunteers_active count what falls inside the year', () => {
    const db = reportsDb();
    insert(db, 'organizations', [org('O1')]);
    insert(db, 'activities', [
      activity({ volunteer_id: 'V1', date: '2025-03-31', hours: 100 }), // FY2024
      activity({ volunteer_id: 'V1', date: '2025-04-01', hours: 2 }), // FY2025 first day
      activity({ volunteer_id: 'V2', date: '2026-03-31', hours: 3.5 }), // FY2025 last day
      activity({ volunteer_id: 'V2', date: '2025-10-10', hours: 1 }),
      activity({ volunteer_id: null, date: '2025-10-10', hours: 4, participants: 12 }), // group record, no volunteer
      activity({ volunteer_id: 'V3', date: '2026-04-01', hours: 50 }), // FY2026
    ]);
    insert(db, 'activities', [{ ...activity({ volunteer_id: 'V9', date: '2025-06-01', hours: 99 }), retired_run: 2 }]);
    const m = new MetricComputer(db);
    expect(m.value('activities', 2025)).toBe(4);
    expect(m.value('volunteer_hours', 2025)).toBe(10.5);
    expect(m.value('volunteers_active', 2025)).toBe(2);
    expect(m.value('activities', 2024)).toBe(1);
    expect(m.value('volunteer_hours', 2026)).toBe(50);
    // An empty year is zero, not an error.
    expect(m.value('activities', 2019)).toBe(0);
    expect(m.value('volunteers_active', 2019)).toBe(0);
    expect(m.value('volunteer_hours', 2019)).toBe(0);
  });

  it('volunteers_active adds volunteers whose match was completed in the year (JST date) without an activity record', () => {
    const db = reportsDb();
    insert(db, 'organizations', [org('O1')]);
    insert(db, 'volunteers', [volunteer('V1'), volunteer('V2'), volunteer('V3')]);
    insert(db, 'openings', [{ opening_id: 'P1', org_id: 'O1', title: 't' }]);
    insert(db, 'activities', [activity({ volunteer_id: 'V1', date: '2025-05-01', hours: 1 })]);
    const m = (id: number, v: string, status: string, decided: string, completed: string | null, hours: number | null) =>
      db.prepare(`INSERT INTO matches (match_id, volunteer_id, opening_id, org_id, score, reasons, status, proposed_at, decided_at, completed_at, hours)
        VALUES (?, ?, 'P1', 'O1', 1, '[]', ?, '2025-01-01T00:00:00Z', ?, ?, ?)`).run(id, v, status, decided, completed, hours);
    m(1, 'V1', 'completed', '2025-04-10T00:00:00.000Z', '2025-05-01T00:00:00.000Z', 3);
    m(2, 'V2', 'completed', '2025-04-10T00:00:00.000Z', '2026-03-31T14:59:00.000Z', 2); // 23:59 JST on 3/31: FY2025
    m(3, 'V3', 'completed', '2026-03-31T15:00:00.000Z', '2026-03-31T15:30:00.000Z', 5); // 00:30 JST on 4/1: FY2026
    m(4, 'V3', 'accepted', '2025-03-31T15:00:00.000Z', null, null); // 4/1 JST: FY2025
    m(5, 'V2', 'declined', '2025-06-01T00:00:00.000Z', null, null);
    const c = new MetricComputer(db);
    expect(c.value('volunteers_active', 2025)).toBe(2); // V1 (activity), V2 (match)
    expect(c.value('matches_completed', 2025)).toBe(2);
    expect(c.value('matches_accepted', 2025)).toBe(3); // 1, 2 and 4; 3 was decided in FY2026
    expect(c.value('match_hours', 2025)).toBe(5);
    expect(c.value('matches_completed', 2026)).toBe(1);
    // volunteer_hours is activity hours only (matches are counted apart: no double counting).
    expect(c.value('volunteer_hours', 2025)).toBe(1);
  });

  it('organizations: registered, active and certified at the end of the year', () => {
    const db = reportsDb();
    insert(db, 'organizations', [
      org('O1', { registered_on: '2026-03-31', established_on: '2010-01-01' }),
      org('O2', { registered_on: '2026-04-01' }),
      org('O3', { registered_on: '2020-01-01', status: 'dissolved', dissolved_on: '2026-03-31' }), // gone on the last day
      org('O4', { registered_on: '2020-01-01', status: 'dissolved', dissolved_on: '2026-04-01' }), // still there at FY2025 end
      org('O5', { status: 'dormant', registered_on: '2020-01-01' }),
      org('O6', { established_on: '2026-04-01' }),
      org('C1', { legal_form: 'certified_npo', certified_on: '2026-03-31' }),
      org('C2', { legal_form: 'special_certified_npo', certified_on: '2023-01-01', certification_expires_on: '2026-03-31' }),
      org('C3', { legal_form: 'certified_npo', certified_on: '2020-01-01', certification_expires_on: '2026-03-30' }),
      org('C4', { legal_form: 'certified_npo', certified_on: '2026-04-01' }),
      org('C5', { legal_form: 'certified_npo', certified_on: null }),
    ]);
    insert(db, 'organizations', [{ ...org('R1', { registered_on: '2020-01-01' }), retired_run: 3 }]);
    const m = new MetricComputer(db);
    expect(m.value('orgs_registered', 2025)).toBe(2); // O1, O4
    expect(m.value('orgs_registered', 2024)).toBe(2); // O3, O4
    expect(m.value('orgs_active', 2025)).toBe(8); // O1 O2 O4 C1..C5 (not O3 dissolved, O5 dormant, O6 not yet, R1 retired)
    expect(m.value('certified_npos', 2025)).toBe(2); // C1 (certified on the last day), C2 (expires on the last day)
    expect(m.value('certified_npos', 2024)).toBe(2); // C2, C3
    expect(m.value('certified_npos', 2026)).toBe(2); // C1, C4 (C2 expired 2026-03-31 < 2027-03-31)
  });

  it('volunteers_registered counts registrations up to the end of the year, withdrawn and retired left out', () => {
    const db = reportsDb();
    insert(db, 'volunteers', [
      volunteer('V1', { registered_on: '2026-03-31' }), volunteer('V2', { registered_on: '2026-04-01' }),
      volunteer('V3', { registered_on: '2020-01-01', status: 'withdrawn' }), volunteer('V4', { registered_on: '2020-01-01', status: 'erased', name: null }),
    ]);
    const m = new MetricComputer(db);
    expect(m.value('volunteers_registered', 2025)).toBe(2);
    expect(m.value('volunteers_registered', 2026)).toBe(3);
    expect(m.value('volunteers_registered', 2018)).toBe(0);
  });

  it('events, participants, organizations using the center (optionally by kind)', () => {
    const db = reportsDb();
    insert(db, 'events', [
      { event_id: 'E1', date: '2025-04-01', kind: '講座', org_id: 'O1', participants: 20 },
      { event_id: 'E2', date: '2026-03-31', kind: '施設利用', org_id: 'O2', participants: 5 },
      { event_id: 'E3', date: '2026-03-31', kind: '施設利用', org_id: 'O2', participants: null },
      { event_id: 'E4', date: '2026-04-01', kind: '講座', org_id: 'O3', participants: 30 },
      { event_id: 'E5', date: '2025-03-31', kind: '講座', org_id: null, participants: 7 },
    ]);
    const m = new MetricComputer(db);
    expect(m.value('events', 2025)).toBe(3);
    expect(m.value('events', 2025, { kind: ['講座'] })).toBe(1);
    expect(m.value('event_participants', 2025)).toBe(25);
    expect(m.value('orgs_using_center', 2025)).toBe(2);
    expect(m.value('orgs_using_center', 2024)).toBe(0);
    expect(m.value('events', 2024)).toBe(1);
  });

  it('collaboration projects by fiscal year and method', () => {
    const db = reportsDb();
    insert(db, 'projects', [
      { project_id: 'P1', fy: 2025, title: 'a', method: '委託' },
      { project_id: 'P2', fy: 2025, title: 'b', method: '共催' },
      { project_id: 'P3', fy: 2024, title: 'c', method: '委託' },
    ]);
    const m = new MetricComputer(db);
    expect(m.value('collaboration_projects', 2025)).toBe(2);
    expect(m.value('collaboration_projects', 2025, { method: ['委託'] })).toBe(1);
    expect(m.value('collaboration_projects', 2023)).toBe(0);
  });

  it('financial metrics: donations total, median self-financing ratio, median revenue growth; null for a year without data', () => {
    const db = reportsDb();
    insert(db, 'financials', [
      { org_id: 'O1', fy: 2024, income_total: 1000, donations: 100, business_income: 200 },
      { org_id: 'O1', fy: 2025, income_total: 1100, donations: 300, business_income: 250 }, // ratio 50%, growth +10%
      { org_id: 'O2', fy: 2024, income_total: 2000, donations: 0 },
      { org_id: 'O2', fy: 2025, income_total: 1000, donations: 100, business_income: 100 }, // ratio 20%, growth −50%
      { org_id: 'O3', fy: 2025, income_total: 400, donations: 400, business_income: 0 }, // ratio 100%, no previous year
      { org_id: 'O4', fy: 2025, income_total: 0, donations: 0 }, // no income: not in the ratio
      { org_id: 'O5', fy: 2024, income_total: 500 },
      { org_id: 'O5', fy: 2025, income_total: 700 }, // ratio 0%, growth +40%
    ]);
    const m = new MetricComputer(db);
    expect(m.value('donations_total', 2025)).toBe(800);
    expect(m.value('donations_total', 2024)).toBe(100);
    expect(m.value('donations_total', 2023)).toBeNull();
    expect(m.value('self_financing_ratio_median', 2025)).toBe(35); // [0, 20, 50, 100] → (20 + 50) / 2
    expect(m.value('revenue_growth_median', 2025)).toBeCloseTo(10, 9); // [−50, 10, 40]
    expect(m.value('revenue_growth_median', 2024)).toBeNull();
    expect(m.value('self_financing_ratio_median', 2023)).toBeNull();
  });

  it('survival_rate_3y: organizations registered in F−3 still not dissolved at the end of F', () => {
    const db = reportsDb();
    insert(db, 'organizations', [
      org('O1', { registered_on: '2022-04-01' }),
      org('O2', { registered_on: '2023-03-31' }),
      org('O3', { registered_on: '2022-06-01', status: 'dissolved', dissolved_on: '2026-03-31' }),
      org('O4', { registered_on: '2022-06-01', status: 'dissolved', dissolved_on: '2026-04-01' }),
      org('O5', { registered_on: '2023-04-01', status: 'dissolved', dissolved_on: '2024-01-01' }),
      org('O6', { registered_on: '2022-03-31' }),
    ]);
    const m = new MetricComputer(db);
    expect(m.value('survival_rate_3y', 2025)).toBe(75); // O1 O2 O4 of O1..O4
    expect(m.value('survival_rate_3y', 2026)).toBe(0); // O5 only, dissolved
    expect(m.value('survival_rate_3y', 2030)).toBeNull(); // nobody registered in FY2027
  });

  it('npo_count_by_field counts each active organization in each of its fields', () => {
    const db = reportsDb();
    insert(db, 'organizations', [
      org('O1', { fields: '[1,13]', fields_mask: 1 | (1 << 12) }),
      org('O2', { fields: '[13]', fields_mask: 1 << 12 }),
      org('O3', { fields: '[13]', fields_mask: 1 << 12, status: 'dissolved', dissolved_on: '2020-01-01' }),
    ]);
    const m = new MetricComputer(db);
    const by = m.countByField(2025);
    expect(by).toHaveLength(20);
    expect(by[0]).toMatchObject({ field: 1, count: 1 });
    expect(by[12]).toMatchObject({ field: 13, count: 2, name: '子どもの健全育成' });
    expect(m.value('npo_count_by_field', 2025, { field: 13 })).toBe(2);
    expect(m.value('npo_count_by_field', 2025)).toBe(2);
  });

  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
