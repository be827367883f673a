import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveFacilityMatching } from '../../../src/matching/facilities/match.js';
import { minutesOf, type BookingRequest, type FacilityMatchingData, type Room, type Taken } from '../../../src/matching/facilities/load.js';
import { maximalCliques, solveSchedule, type ScheduleProblem } from '../../../src/matching/facilities/solve.js';
import { equipmentKey } from '../../../src/matching/facilities/equipment.js';

// 2026-04-06 is a Monday, 2026-04-07 a Tuesday.
function request(id: string, o: Partial<BookingRequest> & { time?: string } = {}): BookingRequest {
  const [s, e] = (o.time ?? '10:00-12:00').split('-') as [string, string];
  return {
    id, orgId: 'ORG1', date: '2026-04-06', start: minutesOf(s), end: minutesOf(e), startTime: s, endTime: e,
    headcount: 10, equipment: [], maxFee: null, area: null, lat: null, lon: null, preferredFacility: null, ...o,
  };
}

function room(facilityId: string, name: string, o: Partial<Room> = {}): Room {
  return {
    facilityId, room: name, name: `施設${facilityId}`, municipality: '131903', address: '東京都架空市さくら区桜台1丁目', lat: null, lon: null,
    capacity: 30, equipment: [], feePerHour: 500, openDays: null, openFrom: minutesOf('09:00'), openTo: minutesOf('21:00'), ...o,
  };
}

const data = (requests: BookingRequest[], rooms: Room[], taken: Taken[] = []): FacilityMatchingData => ({ requests, rooms, taken });
const AS_OF = '2026-04-01';

describe('match facilities: hard rules, each with its reason', () => {
  it('capacity: a room smaller than the group is never proposed', async () => {
    const r = await solveFacilityMatching(data([request('Q1', { headcount: 30 })], [room('F1', 'A', { capacity: 20 })]), AS_OF);
    expect(r.satisfied).toBe(0);
    expect(r.unsatisfied[0]!.reasons).toEqual(['定員30人以上の部屋がない']);
    const ok = await solveFacilityMatching(data([request('Q1', { headcount: 30 })], [room('F1', 'A', { capacity: 30 })]), AS_OF);
    expect(ok.proposals.map((p) => p.room)).toEqual(['A']);
  });

  it('equipment: every required item, compared after folding (プロジェクタ = プロジェクター)', async () => {
    const rooms = [room('F1', 'A', { equipment: ['プロジェクター', 'スクリーン'] }), room('F1', 'B', { equipment: ['マイク'] })];
    const ok = await solveFacilityMatching(data([request('Q1', { equipment: ['プロジェクタ', 'スクリーン'] })], rooms), AS_OF);
    expect(ok.proposals[0]).toMatchObject({ room: 'A' });
    expect(ok.proposals[0]!.reasons).toContain('プロジェクター ✓');
    const none = await solveFacilityMatching(data([request('Q1', { equipment: ['ピアノ'] })], rooms), AS_OF);
    expect(none.unsatisfied[0]!.reasons).toEqual(['ピアノのある部屋がない']);
    const apart = await solveFacilityMatching(data([request('Q1', { equipment: ['プロジェクター', 'マイク'] })], rooms), AS_OF);
    expect(apart.unsatisfied[0]!.reasons).toEqual(['定員10人以上でプロジェクター・マイクがそろう部屋がない']);
    expect(equipmentKey('ＷｉＦｉ')).toBe(equipmentKey('Wi-Fi'));
  });

  it('opening days: a room closed on the weekday of the date', async () => {
    const r = await solveFacilityMatching(data([request('Q1', { date: '2026-04-07' })], [room('F1', 'A', { openDays: new Set([0, 2, 3, 4]) })]), AS_OF);
    expect(r.unsatisfied[0]!.reasons).toEqual(['火曜は開館していない']);
    const mon = await solveFacilityMatching(data([request('Q1', { date: '2026-04-06' })], [room('F1', 'A', { openDays: new Set([0, 2, 3, 4]) })]), AS_OF);
    expect(mon.satisfied).toBe(1);
  });

  it('opening hours: the whole slot must lie inside open_from–open_to', async () => {
    const rooms = [room('F1', 'A', { openFrom: minutesOf('09:00'), openTo: minutesOf('17:00') })];
    const late = await solveFacilityMatching(data([request('Q1', { time: '16:00-18:00' })], rooms), AS_OF);
    expect(late.unsatisfied[0]!.reasons).toEqual(['16:00〜18:00に開館している部屋がない']);
    const fits = await solveFacilityMatching(data([request('Q1', { time: '15:00-17:00' })], rooms), AS_OF);
    expect(fits.satisfied).toBe(1);
  });

  it('fee: hourly fee × hours within the budget (90 minutes at 600 yen = 900 yen)', async () => {
    const rooms = [room('F1', 'A', { feePerHour: 600 })];
    const over = await solveFacilityMatching(data([request('Q1', { maxFee: 1000 })], rooms), AS_OF);
    expect(over.unsatisfied[0]!.reasons).toEqual(['予算1,000円以内の部屋がない']);
    const within = await solveFacilityMatching(data([request('Q1', { maxFee: 1200 })], rooms), AS_OF);
    expect(within.proposals[0]).toMatchObject({ fee: 1200 });
    const short = await solveFacilityMatching(data([request('Q1', { maxFee: 900, time: '10:00-11:30' })], rooms), AS_OF);
    expect(short.proposals[0]).toMatchObject({ fee: 900 });
  });

  it('existing bookings: an overlapping booking blocks the room, a touching one does not', async () => {
    const taken: Taken[] = [{ facilityId: 'F1', room: 'A', date: '2026-04-06', start: minutesOf('10:00'), end: minutesOf('12:00') }];
    const clash = await solveFacilityMatching(data([request('Q1', { time: '11:00-13:00' })], [room('F1', 'A')], taken), AS_OF);
    expect(clash.unsatisfied[0]!.reasons).toEqual(['同じ時間帯の予約で埋まっている']);
    const after = await solveFacilityMatching(data([request('Q1', { time: '12:00-14:00' })], [room('F1', 'A')], taken), AS_OF);
    expect(after.satisfied).toBe(1);
    const otherDay = await solveFacilityMatching(data([request('Q1', { time: '11:00-13:00', date: '2026-04-08' })], [room('F1', 'A')], taken), AS_OF);
    expect(otherDay.satisfied).toBe(1);
  });
});

describe('match facilities: the objective', () => {
  it('more requests satisfied beats a higher score', async () => {
    // Q1 prefers F1 (40 points more there), but only F1 fits Q2: both get a room only if Q1 takes F2.
    const rooms = [room('F1', 'A', { capacity: 50 }), room('F2', 'B', { capacity: 20 })];
    const r = await solveFacilityMatching(data([request('Q1', { preferredFacility: 'F1' }), request('Q2', { headcount: 40 })], rooms), AS_OF);
    expect(r.satisfied).toBe(2);
    expect(r.proposals.map((p) => `${p.request_id}→${p.facility_id}`)).toEqual(['Q1→F2', 'Q2→F1']);
    // One long, well-scored request against two short ones on the only room: the two win.
    const long = await solveFacilityMatching(data([
      request('L', { time: '09:00-17:00', preferredFacility: 'F1', headcount: 30 }),
      request('S1', { time: '09:00-11:00' }), request('S2', { time: '13:00-15:00' }),
    ], [room('F1', 'A')]), AS_OF);
    expect(long.proposals.map((p) => p.request_id)).toEqual(['S1', 'S2']);
    expect(long.unsatisfied[0]!.request_id).toBe('L');
    expect(long.unsatisfied[0]!.reasons[0]).toBe('他の申込に割り当てた方が全体で多く満たせる');
    expect(long.unsatisfied[0]!.reasons[1]).toContain('S1、S2');
  });

  it('at equal counts the higher total score wins: preferred facility, area, cheaper, better fit', async () => {
    const rooms = [room('F1', 'hall', { capacity: 300, feePerHour: 3000 }), room('F2', 'small', { capacity: 12, feePerHour: 300, address: '東京都架空市さくら区若葉町2丁目' })];
    const r = await solveFacilityMatching(data([request('Q1', { area: '若葉町' })], rooms), AS_OF);
    expect(r.proposals[0]).toMatchObject({ facility_id: 'F2', fee: 600 });
    expect(r.proposals[0]!.reasons).toContain('希望地域（若葉町）');
    const preferred = await solveFacilityMatching(data([request('Q1', { preferredFacility: '施設F1' })], rooms), AS_OF);
    expect(preferred.proposals[0]).toMatchObject({ facility_id: 'F1' });
  });

  it('is deterministic: the same input gives the same proposals', async () => {
    const rooms = [room('F1', 'A'), room('F1', 'B'), room('F2', 'C')];
    const reqs = Array.from({ length: 12 }, (_, i) => request(`Q${String(i).padStart(2, '0')}`, { time: ['09:00-11:00', '10:00-12:00', '11:00-13:00'][i % 3]! }));
    const a = await solveFacilityMatching(data(reqs, rooms), AS_OF);
    const b = await solveFacilityMatching(data(reqs, rooms), AS_OF);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.satisfied).toBe(6); // three rooms × two disjoint slots (09–11 and 11–13)
  });
});

/** Brute force over every assignment (request → room or none): best (count, weight). */
function bruteForce(p: ScheduleProblem): { count: number; weight: number } {
  const n = p.day.length;
  const options: number[][] = Array.from({ length: n }, () => [-1]);
  for (let e = 0; e < p.edgeRequest.length; e++) options[p.edgeRequest[e]!]!.push(e);
  let best = { count: 0, weight: 0 };
  const pick: number[] = [];
  const rec = (r: number): void => {
    if (r === n) {
      const chosen = pick.filter((e) => e >= 0);
      for (let i = 0; i < chosen.length; i++) {
        for (let j = i + 1; j < chosen.length; j++) {
          const a = chosen[i]!;
          const b = chosen[j]!;
          const qa = p.edgeRequest[a]!;
          const qb = p.edgeRequest[b]!;
          if (p.edgeRoom[a] === p.edgeRoom[b] && p.day[qa] === p.day[qb] && p.start[qa]! < p.end[qb]! && p.start[qb]! < p.end[qa]!) return;
        }
      }
      const weight = chosen.reduce((s, e) => s + p.edgeWeight[e]!, 0);
      if (chosen.length > best.count || (chosen.length === best.count && weight > best.weight)) best = { count: chosen.length, weight };
      return;
    }
    for (const e of options[r]!) {
      pick.push(e);
      rec(r + 1);
      pick.pop();
    }
  };
  rec(0);
  return best;
}

const instance = fc.integer({ min: 1, max: 6 }).chain((n) => fc.record({
  rooms: fc.integer({ min: 1, max: 3 }),
  reqs: fc.array(fc.record({ day: fc.integer({ min: 0, max: 1 }), start: fc.integer({ min: 0, max: 6 }), len: fc.integer({ min: 1, max: 4 }) }), { minLength: n, maxLength: n }),
  edges: fc.array(fc.record({ r: fc.integer({ min: 0, max: n - 1 }), k: fc.integer({ min: 0, max: 2 }), w: fc.integer({ min: 0, max: 100 }) }), { maxLength: 14 }),
})).map(({ rooms, reqs, edges }): ScheduleProblem => {
  const seen = new Set<string>();
  const es = edges.filter((e) => e.k < rooms && !seen.has(`${e.r}:${e.k}`) && seen.add(`${e.r}:${e.k}`));
  return {
    day: Int32Array.from(reqs, (r) => r.day),
    start: Int32Array.from(reqs, (r) => r.start * 60),
    end: Int32Array.from(reqs, (r) => (r.start + r.len) * 60),
    edgeRequest: Int32Array.from(es, (e) => e.r),
    edgeRoom: Int32Array.from(es, (e) => e.k),
    edgeWeight: Int32Array.from(es, (e) => e.w),
  };
});

describe('match facilities: the solver is exact and never double-books', () => {
  it('maximal cliques of intervals: ends before starts at the same minute', () => {
    const iv: [number, number][] = [[0, 2], [1, 3], [2, 4], [5, 6]];
    expect(maximalCliques([0, 1, 2, 3], (e) => iv[e]![0], (e) => iv[e]![1])).toEqual([[0, 1], [1, 2]]);
  });

  it('random small instances: no request twice, no overlap on a room, and the brute-force optimum (count, then score)', async () => {
    await fc.assert(fc.asyncProperty(instance, async (p) => {
      const s = await solveSchedule(p);
      const used = new Set<number>();
      const chosen: number[] = [];
      for (let e = 0; e < p.edgeRequest.length; e++) {
        if (!s.chosen[e]) continue;
        expect(used.has(p.edgeRequest[e]!)).toBe(false);
        used.add(p.edgeRequest[e]!);
        chosen.push(e);
      }
      for (const a of chosen) {
        for (const b of chosen) {
          if (a >= b) continue;
          const qa = p.edgeRequest[a]!;
          const qb = p.edgeRequest[b]!;
          const overlap = p.edgeRoom[a] === p.edgeRoom[b] && p.day[qa] === p.day[qb] && p.start[qa]! < p.end[qb]! && p.start[qb]! < p.end[qa]!;
          expect(overlap).toBe(false);
        }
      }
      const best = bruteForce(p);
      expect({ count: s.satisfied, weight: s.weight }).toEqual(best);
    }), { numRuns: 200, seed: 20260401 });
  });

  it('whole runs with existing bookings never propose a taken or double-booked room', async () => {
    const world = fc.record({
      reqs: fc.array(fc.record({ start: fc.integer({ min: 9, max: 18 }), len: fc.integer({ min: 1, max: 3 }), head: fc.integer({ min: 1, max: 40 }), day: fc.integer({ min: 6, max: 7 }) }), { minLength: 1, maxLength: 8 }),
      rooms: fc.array(fc.record({ cap: fc.integer({ min: 5, max: 50 }), fee: fc.integer({ min: 0, max: 10 }) }), { minLength: 1, maxLength: 3 }),
      taken: fc.array(fc.record({ k: fc.integer({ min: 0, max: 2 }), start: fc.integer({ min: 9, max: 19 }), day: fc.integer({ min: 6, max: 7 }) }), { maxLength: 3 }),
    });
    await fc.assert(fc.asyncProperty(world, async (w) => {
      const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
      const rooms = w.rooms.map((r, i) => room('F', `R${i}`, { capacity: r.cap, feePerHour: r.fee * 100 }));
      const reqs = w.reqs.map((q, i) => request(`Q${i}`, { time: `${hh(q.start)}-${hh(q.start + q.len)}`, headcount: q.head, date: `2026-04-0${q.day}` }));
      const taken = w.taken.filter((t) => t.k < rooms.length).map((t) => ({ facilityId: 'F', room: `R${t.k}`, date: `2026-04-0${t.day}`, start: t.start * 60, end: (t.start + 1) * 60 }));
      const r = await solveFacilityMatching(data(reqs, rooms, taken), AS_OF);
      const blocks = [...taken.map((t) => ({ ...t, id: 'booking' }))];
      for (const p of r.proposals) {
        const q = reqs.find((x) => x.id === p.request_id)!;
        for (const b of blocks) {
          if (b.room === p.room && b.date === q.date) expect(q.start < b.end && b.start < q.end).toBe(false);
        }
        blocks.push({ facilityId: 'F', room: p.room, date: q.date, start: q.start, end: q.end, id: q.id });
      }
      expect(r.satisfied + r.unsatisfied.length).toBe(reqs.length);
      for (const u of r.unsatisfied) expect(u.reasons.length).toBeGreaterThan(0);
    }), { numRuns: 100, seed: 7 });
  });
});
