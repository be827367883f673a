import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { decideFacilityProposals } from '../../src/matching/facilities/store.js';
import { kyodo as kyodoCli, tempDir } from '../helpers/cli.js';

const SAMPLE = new URL('../../data/sample/', import.meta.url).pathname;
const kyodo = (args: string[]) => kyodoCli(args, { env: { KYODO_OPERATOR: 'tester' } });

describe('kyodo match facilities on the sample ward', () => {
  const dir = tempDir('kyodo-fac-');
  const db = join(dir, 'kyodo.db');
  const run = (args: string[]) => kyodo(['--db', db, ...args]);

  it('imports the sample booking requests and bookings, and lists them', async () => {
    expect((await run(['import', 'orgs', join(SAMPLE, 'orgs.csv')])).code).toBe(0);
    expect((await run(['import', 'facilities', join(SAMPLE, 'facilities.csv')])).code).toBe(0);
    const reqs = await run(['--json', 'import', 'booking_requests', join(SAMPLE, 'booking_requests.csv')]);
    expect(reqs.json()).toMatchObject({ kind: 'booking_requests', rows: 60, inserted: 60, rejected: 0 });
    const bookings = await run(['--json', 'import', 'bookings', join(SAMPLE, 'bookings.csv')]);
    expect(bookings.json()).toMatchObject({ kind: 'bookings', rows: 20, inserted: 20, rejected: 0 });
    const list = (await run(['--json', 'list', 'booking_requests'])).json();
    expect(list.rows).toHaveLength(60);
    for (const r of list.rows) {
      expect(r.date).toMatch(/^2026-04-\d\d$/);
      expect(r.start_time < r.end_time).toBe(true);
      expect(Array.isArray(r.equipment)).toBe(true);
    }
    expect((await run(['--json', 'list', 'bookings'])).json().rows[0]).toMatchObject({ status: 'booked', source: 'imported' });
    // Re-import changes nothing (the key holds the canonical date and time).
    expect((await run(['--json', 'import', 'bookings', join(SAMPLE, 'bookings.csv')])).json()).toMatchObject({ unchanged: 20, inserted: 0 });
  });

  it('rejects a booking of an unknown room and a request that ends before it starts', async () => {
    const bad = join(dir, 'bad.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, '施設ID,部屋名,利用日,開始時間,終了時間\n131903-0001,屋上,2026-04-10,10:00,12:00\n131903-0001,会議室A,2026-04-10,12:00,10:00\n');
    const r = await run(['--json', 'import', 'bookings', bad]);
    expect(r.code).toBe(3);
    expect(r.json().rejects.map((x: any) => x.code)).toEqual(['unknown_room', 'time_order']);
  });

  it('same input, same bytes; no room is double-booked; every request is proposed or explained', async () => {
    const a = await run(['--json', 'match', 'facilities', '--as-of', '2026-04-01']);
    const b = await run(['--json', 'match', 'facilities', '--as-of', '2026-04-01']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const doc = a.json();
    expect(doc).toMatchObject({ run_id: null, kind: 'facilities', as_of: '2026-04-01' });
    expect(doc.satisfied).toBe(doc.proposals.length);
    expect(doc.proposals.length + doc.unsatisfied.length).toBe(60);
    expect(doc.proposals.length).toBeGreaterThan(40);
    expect(doc.objective).toBeCloseTo(doc.proposals.reduce((s: number, p: any) => s + p.score, 0), 4);
    const ids = doc.proposals.map((p: any) => p.request_id);
    expect(ids).toEqual([...ids].sort());
    const sqlite = openDatabase(db);
    const taken = sqlite.prepare(`SELECT facility_id, room, date, start_time, end_time FROM bookings`).all() as any[];
    const all = [...taken, ...doc.proposals];
    for (const p of doc.proposals) {
      expect(p.reasons.length).toBeGreaterThan(0);
      for (const o of all) {
        if (o === p || o.facility_id !== p.facility_id || o.room !== p.room || o.date !== p.date) continue;
        expect(o.start_time < p.end_time && p.start_time < o.end_time).toBe(false);
      }
    }
    const reasons = doc.unsatisfied.map((u: any) => u.reasons[0]);
    expect(reasons).toContain('定員600人以上の部屋がない');
    expect(reasons).toContain('点字プリンターのある部屋がない');
    expect(reasons.some((r: string) => /^06:30〜08:00に開館している部屋がない$/.test(r))).toBe(true);
    expect(reasons.some((r: string) => /^予算100円以内の部屋がない$/.test(r))).toBe(true);
  });

  it('--save stores the proposals; accepting one books the room for the next run', async () => {
    const saved = (await run(['--json', 'match', 'facilities', '--as-of', '2026-04-01', '--save'])).json();
    expect(saved.run_id).toBeGreaterThan(0);
    const sqlite = openDatabase(db);
    const rows = sqlite.prepare(`SELECT proposal_id, request_id, status FROM facility_proposals WHERE run_id = ? ORDER BY request_id`).all(saved.run_id) as any[];
    expect(rows).toHaveLength(saved.proposals.length);
    decideFacilityProposals(sqlite, [rows[0].proposal_id], 'accepted', new Date('2026-04-02T00:00:00Z'), { operator: 'staff' });
    expect(sqlite.prepare(`SELECT source, request_id FROM bookings WHERE request_id = ?`).get(rows[0].request_id)).toEqual({ source: 'match', request_id: rows[0].request_id });
    sqlite.close();
    const next = (await run(['--json', 'match', 'facilities', '--as-of', '2026-04-01'])).json();
    expect(next.proposals.some((p: any) => p.request_id === rows[0].request_id)).toBe(false);
    expect(next.satisfied).toBe(saved.satisfied - 1);
  });

  it('table output and xlsx need --out', async () => {
    const t = await run(['match', 'facilities', '--as-of', '2026-04-01']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('申込ID');
    expect((await run(['match', 'facilities', '--format', 'xlsx'])).code).toBe(2);
  });
});
