import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/open.js';
import { KyodoError } from '../../../src/errors.js';
import { decisionDay, decisionInstant } from '../../../src/matching/decisions.js';
import { loadFacilityData } from '../../../src/matching/facilities/load.js';
import { matchFacilities } from '../../../src/matching/facilities/match.js';
import { decideFacilityProposals, listFacilityProposals, saveFacilityRun } from '../../../src/matching/facilities/store.js';
import { loadResourceData } from '../../../src/matching/resources/load.js';
import { matchResources } from '../../../src/matching/resources/match.js';
import { decideResourceAllocations, listResourceAllocations, saveResourceRun } from '../../../src/matching/resources/store.js';

const AS_OF = '2026-04-01';
const NOW = new Date('2026-04-02T09:00:00Z');
const DAY = '2026-04-06';
const BY = { operator: 'staff' };

function baseDb(): Db {
  const db = openDatabase(':memory:');
  db.prepare(`INSERT INTO organizations (org_id, name, status, created_run, updated_run) VALUES ('N1', 'さくら会', 'active', 1, 1), ('N2', 'わかば会', 'active', 1, 1)`).run();
  return db;
}
function addRoom(db: Db, facilityId: string, room: string, capacity = 30): void {
  db.prepare(`INSERT INTO facilities (facility_id, room, name, capacity, equipment, fee_per_hour, created_run, updated_run) VALUES (?, ?, ?, ?, '[]', 500, 1, 1)`)
    .run(facilityId, room, `施設${facilityId}`, capacity);
}
function addRequest(db: Db, id: string, start: string, end: string, opts: { org?: string; headcount?: number } = {}): void {
  db.prepare(`INSERT INTO booking_requests (request_id, org_id, date, start_time, end_time, headcount, created_run, updated_run) VALUES (?, ?, ?, ?, ?, ?, 1, 1)`)
    .run(id, opts.org ?? 'N1', DAY, start, end, opts.headcount ?? null);
}
function importBooking(db: Db, facilityId: string, room: string, start: string, end: string, ref: string): void {
  db.prepare(`INSERT INTO bookings (facility_id, room, date, start_time, end_time, booking_ref, created_run, updated_run) VALUES (?, ?, ?, ?, ?, ?, 1, 1)`)
    .run(facilityId, room, DAY, start, end, ref);
}
/** Everything a decision may touch, to check that a refusal changed nothing. */
function snapshot(db: Db): unknown {
  return {
    proposals: db.prepare('SELECT * FROM facility_proposals ORDER BY proposal_id').all(),
    bookings: db.prepare('SELECT * FROM bookings ORDER BY facility_id, room, date, start_time').all(),
    runs: db.prepare('SELECT * FROM import_runs ORDER BY run_id').all(),
    allocations: db.prepare('SELECT * FROM resource_allocations ORDER BY allocation_id').all(),
  };
}
function refusal(fn: () => unknown): KyodoError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KyodoError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('room proposals: accept, decline, double booking', () => {
  let db: Db;
  beforeEach(() => {
    db = baseDb();
    addRoom(db, 'F1', 'A');
    addRequest(db, 'Q1', '10:00', '12:00');
  });
  const saveRun = async () => saveFacilityRun(db, await matchFacilities(db, AS_OF), NOW);

  it('accepting makes the room taken: a booking with source match, and the next run never offers that slot', async () => {
    await saveRun();
    const [p] = listFacilityProposals(db, { status: 'proposed' });
    expect(p).toMatchObject({ request_id: 'Q1', facility_id: 'F1', room: 'A', facility_name: '施設F1' });
    const rows = decideFacilityProposals(db, [p!.proposal_id], 'accepted', NOW, { ...BY, note: '電話で確認' });
    expect(rows).toEqual([expect.objectContaining({ proposal_id: p!.proposal_id, status: 'accepted', decided_at: NOW.toISOString(), note: '電話で確認' })]);
    expect(db.prepare(`SELECT facility_id, room, date, start_time, end_time, request_id, source, status FROM bookings`).all()).toEqual([
      { facility_id: 'F1', room: 'A', date: DAY, start_time: '10:00', end_time: '12:00', request_id: 'Q1', source: 'match', status: 'booked' },
    ]);
    const run = db.prepare(`SELECT kind, format, rows, inserted FROM import_runs WHERE file = '(match facilities accept)'`).get();
    expect(run).toEqual({ kind: 'bookings', format: 'match', rows: 1, inserted: 1 });
    // Q1 is served; a new request at an overlapping time cannot have room A.
    addRequest(db, 'Q2', '11:00', '13:00');
    const data = loadFacilityData(db, AS_OF);
    expect(data.requests.map((q) => q.id)).toEqual(['Q2']);
    const next = await matchFacilities(db, AS_OF);
    expect(next.proposals).toEqual([]);
    expect(next.unsatisfied).toEqual([expect.objectContaining({ request_id: 'Q2', reasons: ['同じ時間帯の予約で埋まっている'] })]);
  });

  it('refuses an accept that would double-book, names the proposal, room, date and time, and changes nothing', async () => {
    addRoom(db, 'F2', 'B');
    addRequest(db, 'Q2', '13:00', '15:00', { org: 'N2' });
    await saveRun();
    const [p1, p2] = listFacilityProposals(db, { status: 'proposed' });
    expect([p1!.request_id, p2!.request_id]).toEqual(['Q1', 'Q2']);
    // The facility's own system booked Q2's room after the run.
    importBooking(db, p2!.facility_id, p2!.room, '14:00', '16:00', 'Y0001');
    const before = snapshot(db);
    const err = refusal(() => decideFacilityProposals(db, [p1!.proposal_id, p2!.proposal_id], 'accepted', NOW, BY));
    expect(err.code).toBe('invalid_transition');
    expect(err.exitCode).toBe(1);
    expect(err.msg.en).toContain(`#${p2!.proposal_id} (Q2): 施設${p2!.facility_id} ${p2!.room} (${p2!.facility_id}) on ${DAY} 13:00–15:00 would double-book the room, already taken by booking 14:00–16:00 Y0001`);
    expect(err.msg.ja).toContain(`提案 #${p2!.proposal_id}（Q2）: 施設${p2!.facility_id} ${p2!.room} (${p2!.facility_id}) ${DAY} 13:00〜15:00 はすでに予約 14:00〜16:00（予約番号 Y0001）で埋まっており、二重予約になります`);
    expect(snapshot(db)).toEqual(before);
    // Accepting the same proposal twice is refused too.
    decideFacilityProposals(db, [p1!.proposal_id], 'accepted', NOW, BY);
    const again = refusal(() => decideFacilityProposals(db, [p1!.proposal_id], 'accepted', NOW, BY));
    expect(again.msg.en).toContain(`#${p1!.proposal_id} (Q1, 施設${p1!.facility_id} ${p1!.room} (${p1!.facility_id}) on ${DAY} 10:00–12:00): is already accepted`);
  });

  it('an accepted proposal keeps blocking its room after a --full import retired its booking row', async () => {
    addRequest(db, 'Q2', '11:00', '13:00');
    await saveRun();
    const p1 = listFacilityProposals(db, { request: 'Q1' })[0]!;
    expect(p1.room).toBe('A');
    // A second proposal of room A at an overlapping time (as a hand-edited or stale list could hold).
    const p2id = Number(db.prepare(`INSERT INTO facility_proposals (run_id, request_id, org_id, facility_id, room, date, start_time, end_time, fee, score, reasons, status, proposed_at)
      SELECT run_id, 'Q2', org_id, facility_id, room, date, '11:00', '13:00', fee, score, reasons, 'proposed', proposed_at FROM facility_proposals WHERE proposal_id = ?`).run(p1.proposal_id).lastInsertRowid);
    decideFacilityProposals(db, [p1.proposal_id], 'accepted', NOW, BY);
    db.prepare(`UPDATE bookings SET retired_run = 99`).run();
    const before = snapshot(db);
    const err = refusal(() => decideFacilityProposals(db, [p2id], 'accepted', NOW, BY));
    expect(err.msg.en).toContain(`#${p2id} (Q2): 施設F1 A (F1) on ${DAY} 11:00–13:00 would double-book the room, already taken by accepted proposal #${p1.proposal_id} 10:00–12:00 for Q1`);
    expect(snapshot(db)).toEqual(before);
  });

  it('declining is recorded, and the request is not proposed that room again', async () => {
    addRoom(db, 'F2', 'B', 100);
    await saveRun();
    const [p] = listFacilityProposals(db, { status: 'proposed' });
    expect(p!.room).toBe('A'); // the better fit
    decideFacilityProposals(db, [p!.proposal_id], 'declined', NOW, { ...BY, note: '駅から遠い' });
    expect(listFacilityProposals(db, { status: 'declined' })).toEqual([expect.objectContaining({ proposal_id: p!.proposal_id, note: '駅から遠い', decided_at: NOW.toISOString() })]);
    expect(db.prepare('SELECT count(*) FROM bookings').pluck().get()).toBe(0);
    expect(loadFacilityData(db, AS_OF).declined).toEqual(new Map([['Q1', new Set(['F1\u001fA'])]]));
    const next = await matchFacilities(db, AS_OF);
    expect(next.proposals.map((x) => `${x.request_id} ${x.facility_id} ${x.room}`)).toEqual(['Q1 F2 B']);
    // With the other room declined too, the request says why it gets nothing.
    saveFacilityRun(db, next, NOW);
    const q = listFacilityProposals(db, { status: 'proposed' })[0]!;
    decideFacilityProposals(db, [q.proposal_id], 'declined', NOW, BY);
    expect((await matchFacilities(db, AS_OF)).unsatisfied[0]!.reasons).toEqual(['条件に合う部屋はこの申込で辞退済み']);
  });

  it('declining an accepted proposal cancels its booking and frees the room', async () => {
    addRequest(db, 'Q2', '11:00', '13:00');
    await saveRun();
    const p = listFacilityProposals(db, { status: 'proposed' })[0]!;
    decideFacilityProposals(db, [p.proposal_id], 'accepted', NOW, BY);
    decideFacilityProposals(db, [p.proposal_id], 'declined', NOW, BY);
    expect(db.prepare(`SELECT status FROM bookings WHERE request_id = ?`).pluck().get(p.request_id)).toBe('cancelled');
    expect(loadFacilityData(db, AS_OF).taken).toEqual([]);
    const next = await matchFacilities(db, AS_OF);
    const other = p.request_id === 'Q1' ? 'Q2' : 'Q1';
    expect(next.proposals.map((x) => x.request_id)).toEqual([other]);
  });

  it('an unknown ID or a superseded proposal is refused', async () => {
    await saveRun();
    const p = listFacilityProposals(db)[0]!;
    await saveRun();
    expect(refusal(() => decideFacilityProposals(db, [p.proposal_id, 999], 'accepted', NOW, BY)).msg.en)
      .toBe(`nothing changed: #${p.proposal_id} (Q1, 施設F1 A (F1) on ${DAY} 10:00–12:00): is superseded, cannot become accepted; #999: no such room proposal`);
  });
});

describe('resource allocations: accept, decline, remaining quantities', () => {
  let db: Db;
  beforeEach(() => {
    db = baseDb();
    db.prepare(`INSERT INTO resource_offers (offer_id, category, item, quantity, unit, created_run, updated_run) VALUES ('O1', '食品', '米', 10, 'kg', 1, 1)`).run();
    const need = db.prepare(`INSERT INTO resource_requests (request_id, org_id, category, item, quantity, unit, urgency, created_run, updated_run) VALUES (?, ?, '食品', '米', ?, 'kg', ?, 1, 1)`);
    need.run('R1', 'N1', 6, 3);
    need.run('R2', 'N2', 8, 1);
  });
  const saveRun = () => saveResourceRun(db, matchResources(db, AS_OF), NOW);
  const allocation = (requestId: string) => listResourceAllocations(db, { status: 'proposed', request: requestId })[0]!;

  it('accepting takes the quantity off the offer and the request for later runs', () => {
    saveRun();
    const a = allocation('R1');
    expect(a).toMatchObject({ offer_id: 'O1', request_id: 'R1', quantity: 6, category: '食品', item: '米', unit: 'kg' });
    expect(decideResourceAllocations(db, [a.allocation_id], 'accepted', NOW, BY)).toEqual([expect.objectContaining({ status: 'accepted', decided_at: NOW.toISOString() })]);
    const data = loadResourceData(db, AS_OF);
    expect(data.offers.map((o) => [o.id, o.remaining])).toEqual([['O1', 4]]);
    expect(data.requests.map((q) => [q.id, q.remaining])).toEqual([['R1', 0], ['R2', 8]]);
    const next = matchResources(db, AS_OF);
    expect(next.allocations.map((x) => [x.offer_id, x.request_id, x.quantity])).toEqual([['O1', 'R2', 4]]);
  });

  it('refuses an accept that would hand out more than the offer has left, and changes nothing', () => {
    saveRun();
    const a = allocation('R1');
    const b = allocation('R2');
    db.prepare(`UPDATE resource_offers SET quantity = 7 WHERE offer_id = 'O1'`).run(); // the donor has less now
    const before = snapshot(db);
    const err = refusal(() => decideResourceAllocations(db, [a.allocation_id, b.allocation_id], 'accepted', NOW, BY));
    expect(err.msg.en).toBe(`nothing changed: #${b.allocation_id} (O1 → R2 ${b.quantity}kg): offer O1 has only 1kg left (7kg, 6kg accepted)`);
    expect(err.msg.ja).toContain(`配分 #${b.allocation_id}（O1 → R2 ${b.quantity}kg）: 提供 O1 の残りは 1kgです`);
    expect(snapshot(db)).toEqual(before);
  });

  it('declining is recorded and the pair is never proposed again; declining an accepted allocation gives the units back', () => {
    saveRun();
    const a = allocation('R1');
    decideResourceAllocations(db, [a.allocation_id], 'accepted', NOW, BY);
    decideResourceAllocations(db, [a.allocation_id], 'declined', NOW, { ...BY, note: '受け取り不可' });
    expect(listResourceAllocations(db, { status: 'declined' })).toEqual([expect.objectContaining({ allocation_id: a.allocation_id, note: '受け取り不可' })]);
    const data = loadResourceData(db, AS_OF);
    expect(data.offers[0]!.remaining).toBe(10);
    expect(data.declined).toEqual(new Map([['R1', new Set(['O1'])]]));
    const next = matchResources(db, AS_OF);
    expect(next.allocations.map((x) => [x.request_id, x.quantity])).toEqual([['R2', 8]]);
    expect(next.unfulfilled.find((u) => u.request_id === 'R1')!.reasons[0]).toBe('条件に合う提供はこの要望で辞退済み');
  });
});

describe('the day of a decision (--on) and its record', () => {
  it('--on takes the forms the import reads and refuses a day after today in Japan', () => {
    // 2026-04-02 09:00 UTC is 18:00 in Japan: still the 2nd there.
    expect(decisionDay('令和8年3月31日', NOW)).toBe('2026-03-31');
    expect(decisionDay('2026/4/2', NOW)).toBe('2026-04-02');
    expect(refusal(() => decisionDay('2026-04-03', NOW))).toMatchObject({ code: 'future_date', exitCode: 2 });
    expect(refusal(() => decisionDay('2026-02-30', NOW))).toMatchObject({ code: 'invalid_date', exitCode: 2 });
    // 2026-04-02 16:00 UTC is already the 3rd in Japan.
    expect(decisionDay('2026-04-03', new Date('2026-04-02T16:00:00Z'))).toBe('2026-04-03');
  });

  it('a decision entered later is stored at noon in Japan on its day; today keeps the time it was made', () => {
    expect(decisionInstant(NOW, undefined)).toBe(NOW.toISOString());
    expect(decisionInstant(NOW, '2026-04-02')).toBe(NOW.toISOString());
    expect(decisionInstant(NOW, '2026-03-31')).toBe('2026-03-31T03:00:00.000Z');
  });

  it('rooms: --on sets decided_at, not before the proposal; the decision is in the audit log with its operator', async () => {
    const db = baseDb();
    addRoom(db, 'F1', 'A');
    addRequest(db, 'Q1', '10:00', '12:00');
    saveFacilityRun(db, await matchFacilities(db, AS_OF), new Date('2026-03-20T00:00:00Z'));
    const [p] = listFacilityProposals(db, { status: 'proposed' });
    expect(refusal(() => decideFacilityProposals(db, [p!.proposal_id], 'accepted', NOW, { ...BY, on: '2026-03-19' })).msg.en).toContain('--on 2026-03-19 is before it was proposed (2026-03-20)');
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
    const [row] = decideFacilityProposals(db, [p!.proposal_id], 'accepted', NOW, { ...BY, on: '2026-03-31' });
    expect(row!.decided_at).toBe('2026-03-31T03:00:00.000Z');
    expect(db.prepare('SELECT operator, action, subject_ids, detail FROM audit_log').get()).toEqual({
      operator: 'staff', action: 'accept_facility_proposals', subject_ids: JSON.stringify([String(p!.proposal_id)]), detail: JSON.stringify({ decided_on: '2026-03-31' }),
    });
  });
});
