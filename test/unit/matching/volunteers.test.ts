import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/open.js';
import { loadMatchingTemplate } from '../../../src/matching/template.js';
import { matchVolunteers } from '../../../src/matching/volunteers/match.js';
import { saveVolunteerRun, transitionMatches } from '../../../src/matching/store.js';
import { slotMask } from '../../../src/jp/availability.js';

const template = loadMatchingTemplate();
const AS_OF = '2026-04-01';
// 架空市さくら区 centre; 0.01° of latitude ≈ 1.1 km.
const LAT = 35.7;
const LON = 139.75;

interface V { id: string; skills?: string[]; interests?: number; avail?: string[]; max?: number; status?: string; birth?: string | null; lat?: number | null; lon?: number | null; muni?: string | null; profession?: string | null }
interface O { id: string; org?: string; required?: string[]; preferred?: string[]; fields?: number; schedule?: string[]; slots?: number; status?: string; end?: string | null; start?: string | null; lat?: number | null; lon?: number | null; muni?: string | null; radius?: number | null; remote?: boolean; minAge?: number | null; profession?: string | null }

function addVolunteer(db: Db, v: V) {
  db.prepare(`INSERT INTO volunteers (volunteer_id, name, birth_date, lat, lon, municipality_code, skills, interests_mask, availability_mask, max_assignments, profession, status, created_run, updated_run)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`).run(v.id, `name ${v.id}`, v.birth === undefined ? '1990-01-01' : v.birth, v.lat === undefined ? LAT : v.lat,
    v.lon === undefined ? LON : v.lon, v.muni === undefined ? '131903' : v.muni, JSON.stringify(v.skills ?? []), v.interests ?? 0, slotMask(v.avail ?? ['sat-pm']),
    v.max ?? 1, v.profession ?? null, v.status ?? 'active');
}
function addOpening(db: Db, o: O) {
  db.prepare(`INSERT INTO openings (opening_id, org_id, title, required_skills, preferred_skills, fields_mask, schedule_mask, slots, start_date, end_date, lat, lon, municipality_code, radius_km, remote, min_age, profession, status, created_run, updated_run)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`).run(o.id, o.org ?? 'N1', `title ${o.id}`, JSON.stringify(o.required ?? []), JSON.stringify(o.preferred ?? []),
    o.fields ?? 0, o.schedule ? slotMask(o.schedule) : 0, o.slots ?? 1, o.start ?? null, o.end ?? null, o.lat === undefined ? LAT : o.lat, o.lon === undefined ? LON : o.lon,
    o.muni === undefined ? '131903' : o.muni, o.radius ?? null, o.remote ? 1 : 0, o.minAge ?? null, o.profession ?? null, o.status ?? 'open');
}

describe('volunteer matching: hard constraints', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    db.prepare(`INSERT INTO organizations (org_id, name, status, created_run, updated_run) VALUES ('N1', 'さくら会', 'active', 1, 1), ('N2', '解散した会', 'dissolved', 1, 1)`).run();
  });
  const pairs = () => matchVolunteers(db, AS_OF, template).pairs.map((p) => `${p.volunteer_id}→${p.opening_id}`);
  const unfilled = () => matchVolunteers(db, AS_OF, template).unfilled;

  it('only active volunteers', () => {
    addOpening(db, { id: 'OP1', slots: 2 });
    addVolunteer(db, { id: 'V1' });
    addVolunteer(db, { id: 'V2', status: 'paused' });
    expect(pairs()).toEqual(['V1→OP1']);
  });

  it('only openings open on the as-of date, of organizations that are not dissolved', () => {
    addVolunteer(db, { id: 'V1', max: 5 });
    addOpening(db, { id: 'OP1' });
    addOpening(db, { id: 'OP2', status: 'closed' });
    addOpening(db, { id: 'OP3', end: '2026-03-31' });
    addOpening(db, { id: 'OP4', end: '2026-04-01' });
    addOpening(db, { id: 'OP5', org: 'N2' });
    expect(pairs()).toEqual(['V1→OP1', 'V1→OP4']);
  });

  it('required skills ⊆ skills; the unfilled opening says which skill nobody has', () => {
    addOpening(db, { id: 'OP1', required: ['手話'] });
    addOpening(db, { id: 'OP2', required: ['手話', '運転'] });
    addOpening(db, { id: 'OP3', required: ['点訳'] });
    addVolunteer(db, { id: 'V1', skills: ['手話'] });
    addVolunteer(db, { id: 'V2', skills: ['運転'] });
    expect(pairs()).toEqual(['V1→OP1']);
    const u = unfilled();
    expect(u.find((x) => x.opening_id === 'OP3')!.reasons).toEqual(['点訳のできる活動中の登録者がいない']);
    expect(u.find((x) => x.opening_id === 'OP2')!.reasons[0]).toMatch(/半径10km以内に手話・運転のできる登録者がいない/);
  });

  it('pro-bono openings need the profession', () => {
    addOpening(db, { id: 'OP1', profession: '税理士' });
    addVolunteer(db, { id: 'V1', profession: '弁護士' });
    addVolunteer(db, { id: 'V2', profession: '税理士' });
    expect(pairs()).toEqual(['V2→OP1']);
  });

  it('at least one common slot when the opening has a schedule', () => {
    addOpening(db, { id: 'OP1', schedule: ['sat-pm'] });
    addOpening(db, { id: 'OP2', schedule: ['mon-am'] });
    addOpening(db, { id: 'OP3' });
    addVolunteer(db, { id: 'V1', avail: ['sat-pm', 'sun-am'], max: 3 });
    expect(pairs()).toEqual(['V1→OP1', 'V1→OP3']);
    expect(unfilled().find((x) => x.opening_id === 'OP2')!.reasons).toEqual(['月曜午前に活動できる該当者なし']);
  });

  it('distance ≤ radius with coordinates; same municipality without; remote skips both', () => {
    addOpening(db, { id: 'OP1', radius: 5, slots: 5 });
    addOpening(db, { id: 'OP2', lat: null, lon: null, slots: 5 });
    addOpening(db, { id: 'OP3', remote: true, lat: null, lon: null, muni: null, slots: 5 });
    addVolunteer(db, { id: 'V1', lat: LAT + 0.04, max: 3 }); // ~4.4 km
    addVolunteer(db, { id: 'V2', lat: LAT + 0.06, max: 3 }); // ~6.7 km
    addVolunteer(db, { id: 'V3', lat: null, lon: null, muni: '131903', max: 3 });
    addVolunteer(db, { id: 'V4', lat: null, lon: null, muni: '131016', max: 3 });
    expect(pairs()).toEqual([
      'V1→OP1', 'V3→OP1',
      'V1→OP2', 'V2→OP2', 'V3→OP2',
      'V1→OP3', 'V2→OP3', 'V3→OP3', 'V4→OP3',
    ]);
    const r = matchVolunteers(db, AS_OF, template).pairs.find((p) => p.volunteer_id === 'V1' && p.opening_id === 'OP1')!;
    expect(r.reasons).toContain('距離 4.4km');
  });

  it('minimum age on the start date', () => {
    addOpening(db, { id: 'OP1', minAge: 18, start: '2026-05-01', slots: 3 });
    addVolunteer(db, { id: 'V1', birth: '2008-05-01' }); // 18 on the start date
    addVolunteer(db, { id: 'V2', birth: '2008-05-02' }); // 17 on the start date
    addVolunteer(db, { id: 'V3', birth: null });
    expect(pairs()).toEqual(['V1→OP1']);
  });

  it('remaining capacity on both sides; never the same pair twice; never a declined pair again', () => {
    addOpening(db, { id: 'OP1', slots: 2 });
    addOpening(db, { id: 'OP2', slots: 1 });
    addVolunteer(db, { id: 'V1', max: 2 });
    addVolunteer(db, { id: 'V2', max: 1 });
    addVolunteer(db, { id: 'V3', max: 1 });
    const first = matchVolunteers(db, AS_OF, template);
    const runId = saveVolunteerRun(db, first, template, new Date('2026-04-01T00:00:00Z'));
    const ids = db.prepare('SELECT match_id, volunteer_id, opening_id FROM matches WHERE run_id = ? ORDER BY match_id').all(runId) as { match_id: number; volunteer_id: string; opening_id: string }[];
    const v1op1 = ids.find((m) => m.volunteer_id === 'V1' && m.opening_id === 'OP1');
    // Accept one pair, decline another: the next run respects both.
    if (v1op1) transitionMatches(db, [v1op1.match_id], 'accepted', new Date(), { operator: 'staff' });
    const other = ids.find((m) => m !== v1op1)!;
    transitionMatches(db, [other.match_id], 'declined', new Date(), { operator: 'staff' });
    const next = matchVolunteers(db, AS_OF, template).pairs.map((p) => `${p.volunteer_id}→${p.opening_id}`);
    expect(next).not.toContain('V1→OP1');
    expect(next).not.toContain(`${other.volunteer_id}→${other.opening_id}`);
    const perOpening = (id: string) => next.filter((p) => p.endsWith(id)).length;
    expect(perOpening('OP1')).toBeLessThanOrEqual(1);
    expect(next.filter((p) => p.startsWith('V1→')).length).toBeLessThanOrEqual(1);
  });

  it('is an optimum, not greedy: the flexible volunteer goes where only they fit', () => {
    // V1 fits both (OP1 a bit better); V2 fits only OP1. Greedy gives V1→OP1 and leaves OP2 empty.
    addOpening(db, { id: 'OP1', fields: 1 << 12, preferred: ['手話'] });
    addOpening(db, { id: 'OP2', required: ['手話'] });
    addVolunteer(db, { id: 'V1', skills: ['手話'], interests: 1 << 12 });
    addVolunteer(db, { id: 'V2', interests: 1 << 12 });
    const r = matchVolunteers(db, AS_OF, template);
    const best = [...r.candidates].reduce((a, b) => (b.score > a.score ? b : a));
    expect(`${best.volunteer_id}→${best.opening_id}`).toBe('V1→OP1'); // what a greedy pass would take first
    expect(r.pairs.map((p) => `${p.volunteer_id}→${p.opening_id}`)).toEqual(['V2→OP1', 'V1→OP2']);
    expect(r.objective).toBeCloseTo(r.pairs.reduce((s, p) => s + p.score, 0), 6);
    expect(r.pairs[0]!.reasons).toContain('関心分野 子どもの健全育成 一致');
    expect(r.pairs[1]!.reasons).toContain('必須スキル 手話 ✓');
  });

  it('the same database gives the same result', () => {
    for (let i = 0; i < 30; i++) addVolunteer(db, { id: `V${String(i).padStart(2, '0')}`, interests: i % 7, avail: i % 2 ? ['sat-pm'] : ['sun-am', 'sat-pm'], lat: LAT + (i % 5) * 0.01 });
    for (let j = 0; j < 8; j++) addOpening(db, { id: `OP${j}`, slots: 1 + (j % 3), fields: 1 << (j % 3) });
    expect(JSON.stringify(matchVolunteers(db, AS_OF, template))).toBe(JSON.stringify(matchVolunteers(db, AS_OF, template)));
  });
});
