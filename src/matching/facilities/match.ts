import type { Db } from '../../db/open.js';
import { distanceKm } from '../geo.js';
import { equipmentKey, equipmentLabel } from './equipment.js';
import { loadFacilityData, roomKey, weekdayOf, type BookingRequest, type FacilityMatchingData, type Room, type Taken } from './load.js';
import { solveSchedule, type ScheduleSolution } from './solve.js';

/** One proposed room for a request, with its fee, score and reasons. */
export interface FacilityProposal {
  request_id: string;
  org_id: string;
  facility_id: string;
  room: string;
  facility_name: string;
  date: string;
  start_time: string;
  end_time: string;
  fee: number;
  score: number;
  reasons: string[];
}

export interface UnsatisfiedRequest {
  request_id: string;
  org_id: string;
  date: string;
  start_time: string;
  end_time: string;
  reasons: string[];
}

export interface FacilityMatchResult {
  as_of: string;
  satisfied: number;
  /** Total score of the proposals (the tie-break after the number satisfied). */
  objective: number;
  proposals: FacilityProposal[];
  unsatisfied: UnsatisfiedRequest[];
  requests_considered: number;
  rooms_considered: number;
  candidate_count: number;
  /** Independent subproblems, and how many of them needed the MIP solver. */
  components: number;
  mip_components: number;
}

/** Score weights (points; a pair scores at most 100). */
export const FACILITY_WEIGHTS = { preferred: 40, area: 20, cheap: 20, fit: 20 } as const;
/** Distance at which the area points reach zero when both sides have coordinates. */
const AREA_RADIUS_KM = 5;

const DAY_JA = '月火水木金土日';
const yen = (n: number): string => n.toLocaleString('en-US');
const round2 = (x: number): number => Math.round(x * 100) / 100;
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Fee for the slot: hourly fee × minutes / 60, rounded up to whole yen. */
export function slotFee(feePerHour: number | null, minutes: number): number | null {
  return feePerHour === null ? null : Math.ceil((feePerHour * minutes) / 60);
}

/** The hard rules, in the order an unsatisfied request's reason is told ('declined' is checked outside brokenRule). */
const RULES = ['capacity', 'equipment', 'day', 'hours', 'fee', 'booked', 'declined'] as const;
type Rule = (typeof RULES)[number];

/** The first hard rule a (request, room) pair breaks, or undefined when the pair is allowed. */
export function brokenRule(q: BookingRequest, r: Room, requiredKeys: readonly string[], roomKeys: ReadonlySet<string>, taken: readonly Taken[]): Rule | undefined {
  if (q.headcount !== null && (r.capacity === null || r.capacity < q.headcount)) return 'capacity';
  for (const k of requiredKeys) if (!roomKeys.has(k)) return 'equipment';
  if (r.openDays !== null && !r.openDays.has(weekdayOf(q.date))) return 'day';
  if ((r.openFrom !== null && q.start < r.openFrom) || (r.openTo !== null && q.end > r.openTo)) return 'hours';
  if (q.maxFee !== null) {
    const fee = slotFee(r.feePerHour, q.end - q.start);
    if (fee === null || fee > q.maxFee) return 'fee';
  }
  for (const t of taken) if (t.start < q.end && q.start < t.end) return 'booked';
  return undefined;
}

/** Does the room lie in the request's preferred area (municipality code, or a 町名 in its address)? */
function inArea(q: BookingRequest, r: Room): boolean {
  if (!q.area) return false;
  const area = q.area.normalize('NFKC').trim();
  if (/^\d{5,6}$/.test(area)) return r.municipality !== null && r.municipality.slice(0, 5) === area.slice(0, 5);
  return (r.address ?? '').normalize('NFKC').includes(area) || r.name.normalize('NFKC').includes(area);
}

function isPreferred(q: BookingRequest, r: Room): boolean {
  if (!q.preferredFacility) return false;
  const p = q.preferredFacility.normalize('NFKC').trim();
  return p === r.facilityId || p === r.name.normalize('NFKC').trim();
}

interface PairScore {
  score: number;
  fee: number;
  km: number | null;
  preferred: boolean;
  area: boolean;
}

/** The score of an allowed pair (two decimals): preferred facility, area or distance, cheapness, capacity fit. */
function scorePair(q: BookingRequest, r: Room, maxFeeAmongAllowed: number): PairScore {
  const w = FACILITY_WEIGHTS;
  const fee = slotFee(r.feePerHour, q.end - q.start) ?? 0;
  const preferred = isPreferred(q, r);
  let score = preferred ? w.preferred : 0;
  let km: number | null = null;
  const area = inArea(q, r);
  if (q.lat !== null && q.lon !== null && r.lat !== null && r.lon !== null) {
    km = distanceKm(q.lat, q.lon, r.lat, r.lon);
    score += area ? w.area : w.area * Math.max(0, 1 - km / AREA_RADIUS_KM);
  } else if (area) score += w.area;
  // Cheaper is better, measured against the budget (or the dearest allowed room when there is none).
  const ref = q.maxFee ?? maxFeeAmongAllowed;
  score += ref > 0 ? w.cheap * (1 - fee / ref) : w.cheap;
  // A room that fits the group: 20 people in a 25-seat room beat 20 in a 300-seat hall.
  if (q.headcount !== null && r.capacity) score += w.fit * Math.min(1, q.headcount / r.capacity);
  else score += w.fit / 2;
  return { score: round2(score), fee, km, preferred, area };
}

function pairReasons(q: BookingRequest, r: Room, s: PairScore): string[] {
  const reasons: string[] = [];
  if (s.preferred) reasons.push('希望の施設');
  if (s.area) reasons.push(`希望地域（${q.area}）`);
  if (s.km !== null) reasons.push(`距離 ${s.km.toFixed(1)}km`);
  if (q.headcount !== null && r.capacity !== null) reasons.push(`定員${r.capacity}人に${q.headcount}人`);
  for (const e of q.equipment) reasons.push(`${equipmentLabel(e)} ✓`);
  reasons.push(q.maxFee !== null ? `料金${yen(s.fee)}円（予算${yen(q.maxFee)}円以内）` : `料金${yen(s.fee)}円`);
  reasons.push(`${DAY_JA[weekdayOf(q.date)]}曜 ${q.startTime}〜${q.endTime} 開館・空きあり`);
  return reasons;
}

/**
 * Proposes rooms for the open booking requests: the most requests satisfied, then
 * the highest total score, exactly (see solve.ts), with reasons for every proposal
 * and the binding reason for every request left without a room.
 */
export async function matchFacilities(db: Db, asOf: string): Promise<FacilityMatchResult> {
  return solveFacilityMatching(loadFacilityData(db, asOf), asOf);
}

/** The matching itself, on loaded data (tested without a database). */
export async function solveFacilityMatching(data: FacilityMatchingData, asOf: string): Promise<FacilityMatchResult> {
  const { requests, rooms } = data;
  const roomKeys = rooms.map((r) => new Set(r.equipment.map(equipmentKey)));
  // Bookings by room and date: each pair checks only its own room's day.
  const takenBy = new Map<string, Taken[]>();
  for (const t of data.taken) {
    const k = `${t.facilityId}\u001f${t.room}\u001f${t.date}`;
    let list = takenBy.get(k);
    if (!list) takenBy.set(k, (list = []));
    list.push(t);
  }
  const dayIds = new Map<string, number>();
  const edgeRequest: number[] = [];
  const edgeRoom: number[] = [];
  const edgeWeight: number[] = [];
  const pairScores: PairScore[] = [];
  /** Per request: how many rooms passed each rule in turn (funnel[i] = rooms passing RULES[0..i]). */
  const funnels: number[][] = [];
  requests.forEach((q, qi) => {
    if (!dayIds.has(q.date)) dayIds.set(q.date, dayIds.size);
    const required = [...new Set(q.equipment.map(equipmentKey))];
    const funnel = RULES.map(() => 0);
    funnels.push(funnel);
    const allowed: number[] = [];
    const declined = data.declined?.get(q.id);
    rooms.forEach((r, ri) => {
      let broken = brokenRule(q, r, required, roomKeys[ri]!, takenBy.get(`${r.facilityId}\u001f${r.room}\u001f${q.date}`) ?? []);
      if (broken === undefined && declined?.has(roomKey(r.facilityId, r.room))) broken = 'declined';
      const passed = broken === undefined ? RULES.length : RULES.indexOf(broken);
      for (let i = 0; i < passed; i++) funnel[i]!++;
      if (broken === undefined) allowed.push(ri);
    });
    let dearest = 0;
    for (const ri of allowed) dearest = Math.max(dearest, slotFee(rooms[ri]!.feePerHour, q.end - q.start) ?? 0);
    for (const ri of allowed) {
      const s = scorePair(q, rooms[ri]!, dearest);
      edgeRequest.push(qi);
      edgeRoom.push(ri);
      edgeWeight.push(Math.round(s.score * 100));
      pairScores.push(s);
    }
  });

  const solution: ScheduleSolution = await solveSchedule({
    day: Int32Array.from(requests, (q) => dayIds.get(q.date)!),
    start: Int32Array.from(requests, (q) => q.start),
    end: Int32Array.from(requests, (q) => q.end),
    edgeRequest: Int32Array.from(edgeRequest),
    edgeRoom: Int32Array.from(edgeRoom),
    edgeWeight: Int32Array.from(edgeWeight),
  });

  const proposals: FacilityProposal[] = [];
  const roomOf = new Int32Array(requests.length).fill(-1);
  let objective = 0;
  for (let e = 0; e < edgeRequest.length; e++) {
    if (!solution.chosen[e]) continue;
    const q = requests[edgeRequest[e]!]!;
    const r = rooms[edgeRoom[e]!]!;
    const s = pairScores[e]!;
    roomOf[edgeRequest[e]!] = edgeRoom[e]!;
    objective += s.score;
    proposals.push({
      request_id: q.id, org_id: q.orgId, facility_id: r.facilityId, room: r.room, facility_name: r.name,
      date: q.date, start_time: q.startTime, end_time: q.endTime, fee: s.fee, score: s.score, reasons: pairReasons(q, r, s),
    });
  }
  // Who took the rooms an unsatisfied request could have had (named in its reasons).
  const unsatisfied: UnsatisfiedRequest[] = [];
  const candidatesOf = new Map<number, number[]>();
  for (let e = 0; e < edgeRequest.length; e++) {
    let list = candidatesOf.get(edgeRequest[e]!);
    if (!list) candidatesOf.set(edgeRequest[e]!, (list = []));
    list.push(edgeRoom[e]!);
  }
  requests.forEach((q, qi) => {
    if (roomOf[qi]! >= 0) return;
    const reasons = unsatisfiedReasons(q, funnels[qi]!, rooms, roomKeys, candidatesOf.get(qi) ?? [], requests, roomOf);
    unsatisfied.push({ request_id: q.id, org_id: q.orgId, date: q.date, start_time: q.startTime, end_time: q.endTime, reasons });
  });
  proposals.sort((a, b) => cmp(a.request_id, b.request_id));
  return {
    as_of: asOf,
    satisfied: proposals.length,
    objective: round2(objective),
    proposals,
    unsatisfied,
    requests_considered: requests.length,
    rooms_considered: rooms.length,
    candidate_count: edgeRequest.length,
    components: solution.components,
    mip_components: solution.mipComponents,
  };
}

/** The binding reason a request gets no room, in the words a coordinator uses. */
function unsatisfiedReasons(q: BookingRequest, funnel: number[], rooms: Room[], roomKeys: Set<string>[], candidates: number[],
  requests: BookingRequest[], roomOf: Int32Array): string[] {
  const [capacity, equipment, day, hours, fee, booked, declined] = funnel as [number, number, number, number, number, number, number];
  if (rooms.length === 0) return ['登録された部屋がない'];
  if (capacity === 0) return [`定員${q.headcount}人以上の部屋がない`];
  if (equipment === 0) {
    // Name the item no room of that size has, else the combination.
    const has = (i: number, e: string): boolean => roomKeys[i]!.has(equipmentKey(e));
    const nowhere = q.equipment.find((e) => !rooms.some((_, i) => has(i, e)));
    if (nowhere) return [`${equipmentLabel(nowhere)}のある部屋がない`];
    const big = rooms.map((_, i) => i).filter((i) => q.headcount === null || (rooms[i]!.capacity ?? 0) >= q.headcount);
    const sized = q.headcount === null ? '' : `定員${q.headcount}人以上で`;
    const missing = q.equipment.find((e) => !big.some((i) => has(i, e)));
    return missing ? [`${sized}${equipmentLabel(missing)}のある部屋がない`] : [`${sized}${q.equipment.map(equipmentLabel).join('・')}がそろう部屋がない`];
  }
  if (day === 0) return [`${DAY_JA[weekdayOf(q.date)]}曜は開館していない`];
  if (hours === 0) return [`${q.startTime}〜${q.endTime}に開館している部屋がない`];
  if (fee === 0) return [`予算${yen(q.maxFee ?? 0)}円以内の部屋がない`];
  if (booked === 0) return ['同じ時間帯の予約で埋まっている'];
  if (declined === 0) return ['条件に合う部屋はこの申込で辞退済み'];
  const takers = new Set<string>();
  for (const ri of candidates) {
    requests.forEach((o, oi) => {
      if (roomOf[oi] === ri && o.date === q.date && o.start < q.end && q.start < o.end) takers.add(o.id);
    });
  }
  return [
    '他の申込に割り当てた方が全体で多く満たせる',
    `条件を満たす部屋 ${candidates.length}室はいずれも時間の重なる他の申込（${[...takers].sort(cmp).join('、')}）に提案`,
  ];
}
