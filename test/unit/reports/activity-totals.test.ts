import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportsDb } from './db.js';

/** What the triggers must keep in activity_years, recomputed from the live activity records. */
const RECOMPUTE = `SELECT fy, count(*) AS records, total(hours) AS hours, count(DISTINCT volunteer_id) AS volunteers
  FROM (SELECT CAST(substr(date, 1, 4) AS INTEGER) - (substr(date, 6, 2) < '04') AS fy, volunteer_id, hours FROM activities WHERE retired_run IS NULL)
  GROUP BY fy ORDER BY fy`;

const op = fc.record({
  kind: fc.constantFrom('upsert', 'upsert', 'upsert', 'retire', 'revive', 'delete'),
  id: fc.integer({ min: 1, max: 12 }),
  date: fc.constantFrom('2025-03-31', '2025-04-01', '2026-03-31', '2026-04-01', '2025-10-10'),
  volunteer: fc.constantFrom(null, 'V1', 'V2', 'V3'),
  hours: fc.constantFrom(null, 0.5, 1, 2, 3.5),
});

describe('activity_years is kept by triggers through inserts, updates, retirement, revival and deletes', () => {
  it('always equals a recomputation from the live records', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const db = reportsDb();
      const upsert = db.prepare(`INSERT INTO activities (activity_id, org_id, volunteer_id, date, hours, created_run, updated_run) VALUES (?, 'O1', ?, ?, ?, 1, 1)
        ON CONFLICT (activity_id) DO UPDATE SET volunteer_id = excluded.volunteer_id, date = excluded.date, hours = excluded.hours, retired_run = NULL`);
      for (const o of ops) {
        const id = `A${o.id}`;
        if (o.kind === 'upsert') upsert.run(id, o.volunteer, o.date, o.hours);
        else if (o.kind === 'retire') db.prepare('UPDATE activities SET retired_run = 2 WHERE activity_id = ?').run(id);
        else if (o.kind === 'revive') db.prepare('UPDATE activities SET retired_run = NULL WHERE activity_id = ?').run(id);
        else db.prepare('DELETE FROM activities WHERE activity_id = ?').run(id);
      }
      const kept = db.prepare('SELECT fy, records, hours, volunteers FROM activity_years WHERE records > 0 ORDER BY fy').all();
      expect(kept).toEqual(db.prepare(RECOMPUTE).all());
      const perVolunteer = db.prepare('SELECT count(*) FROM activity_year_volunteers WHERE records <= 0').pluck().get();
      expect(perVolunteer).toBe(0);
      db.close();
    }), { numRuns: 200 });
  });
});
