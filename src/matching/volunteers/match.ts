import type { Db } from '../../db/open.js';
import { slotLabel, slotsFromMask } from '../../jp/availability.js';
import { fieldShortName } from '../../reference/index.js';
import { solveAssignment, type AssignmentProblem } from '../solver/assignment.js';
import { GridIndex, planarKm } from '../geo.js';
import type { MatchingTemplate } from '../template.js';
import { dateNumber, loadMatchingData, type MatchingData, type Opening, type Volunteer } from './load.js';
import { CandidateTable } from './candidates.js';

/** One proposed pair with its score and the reasons a coordinator can read out. */
export interface ProposedPair {
  volunteer_id: string;
  opening_id: string;
  org_id: string;
  score: number;
  reasons: string[];
}

export interface UnfilledOpening {
  opening_id: string;
  org_id: string;
  missing: number;
  reasons: string[];
}

export interface VolunteerMatchResult {
  as_of: string;
  objective: number;
  pairs: ProposedPair[];
  unfilled: UnfilledOpening[];
  unmatched_volunteers: number;
  /** Number of allowed pairs considered. */
  candidate_count: number;
  /** The allowed pairs themselves (empty unless asked for). */
  candidates: CandidateTable;
  volunteers_considered: number;
  openings_considered: number;
}

const popcount = (x: number): number => {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
};
const bits = (mask: number, width: number): number[] => Array.from({ length: width }, (_, i) => i).filter((i) => mask & (1 << i));
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Proposes the assignment of volunteers to openings with the maximum total
 * score under every capacity — an exact optimum (network simplex), not a
 * greedy pass — with the reasons for each pair and for each unfilled opening.
 */
export function matchVolunteers(db: Db, asOf: string, template: MatchingTemplate, opts: { candidates?: boolean } = {}): VolunteerMatchResult {
  const data = loadMatchingData(db, asOf);
  return solveVolunteerMatching(data, asOf, template, opts.candidates ?? true);
}

/** The allowed pairs of a run as the solver's problem, with what is needed to explain them. */
export interface MatchingProblem {
  problem: AssignmentProblem;
  /** Score per edge (two decimals) and the distance it was computed from (NaN when not by distance). */
  scores: Float64Array;
  km: Float64Array;
  funnels: Funnel[];
  bySkill: Map<string, number[]>;
  byProfession: Map<string, number>;
}

/** Every allowed pair (all hard constraints hold) with its score, in (opening, volunteer) key order. */
export function buildMatchingProblem(data: MatchingData, asOf: string, template: MatchingTemplate): MatchingProblem {
  const { volunteers, openings } = data;
  const grid = new GridIndex(Math.max(1, template.defaultRadiusKm / 2));
  const byMunicipality = new Map<string, number[]>();
  const withoutCoords: number[] = [];
  const bySkill = new Map<string, number[]>();
  const byProfession = new Map<string, number>();
  volunteers.forEach((v, i) => {
    if (v.lat !== null && v.lon !== null) grid.add(i, v.lat, v.lon);
    else withoutCoords.push(i);
    if (v.municipality) {
      let list = byMunicipality.get(v.municipality);
      if (!list) byMunicipality.set(v.municipality, (list = []));
      list.push(i);
    }
    if (v.capacity > 0) {
      for (const s of v.skills) {
        let list = bySkill.get(s);
        if (!list) bySkill.set(s, (list = []));
        list.push(i);
      }
      if (v.profession) byProfession.set(v.profession, (byProfession.get(v.profession) ?? 0) + 1);
    }
  });

  const edgeLeft: number[] = [];
  const edgeRight: number[] = [];
  const edgeWeight: number[] = [];
  const scores: number[] = [];
  const kms: number[] = [];
  const funnels: Funnel[] = [];
  // Pairs that may not be proposed again, by opening: a lookup per candidate must not build strings.
  const excluded = new Map<string, Set<string>>();
  for (const key of data.history.keys()) {
    const [vid, oid] = key.split('\u001f') as [string, string];
    let set = excluded.get(oid);
    if (!set) excluded.set(oid, (set = new Set()));
    set.add(vid);
  }

  openings.forEach((o, j) => {
    const funnel = newFunnel();
    funnels.push(funnel);
    if (o.capacity <= 0) return;
    const radius = o.radiusKm ?? template.defaultRadiusKm;
    const start = dateNumber(o.startDate && o.startDate > asOf ? o.startDate : asOf);
    const minAgeSpan = o.minAge === null ? 0 : o.minAge * 10000;
    const cosLat = o.lat === null ? 1 : Math.cos((o.lat * Math.PI) / 180);
    const declinedOrMatched = excluded.get(o.id);
    for (const i of poolOf(o, radius, volunteers, grid, byMunicipality, withoutCoords)) {
      const v = volunteers[i]!;
      funnel.pool++;
      // Hard constraints, in the order the unfilled-opening reasons are told.
      let km: number | null = null;
      if (!o.remote) {
        if (o.lat !== null && o.lon !== null && v.lat !== null && v.lon !== null) {
          km = planarKm(o.lat, o.lon, cosLat, v.lat, v.lon);
          if (km > radius) continue;
        } else if (!o.municipality || o.municipality !== v.municipality) continue;
      }
      funnel.near++;
      if (v.capacity <= 0) continue;
      funnel.capacity++;
      if (o.profession && v.profession !== o.profession) continue;
      funnel.profession++;
      if (!o.requiredSkills.every((sk) => v.skills.has(sk))) continue;
      funnel.skills++;
      if (o.schedule && !(o.schedule & v.availability)) continue;
      funnel.schedule++;
      // Dates as yyyymmdd numbers: the age is complete years when (start − birth) ≥ age × 10000.
      if (o.minAge !== null && (v.birth === null || start - v.birth < minAgeSpan)) continue;
      funnel.age++;
      if (declinedOrMatched?.has(v.id)) continue;
      funnel.allowed++;
      const score = scorePair(v, o, km, radius, template, data.unservedOrgs);
      edgeLeft.push(i);
      edgeRight.push(j);
      edgeWeight.push(Math.round(score * 100));
      scores.push(score);
      kms.push(km ?? NaN);
    }
  });
  return {
    problem: {
      leftCount: volunteers.length,
      rightCount: openings.length,
      leftCap: Int32Array.from(volunteers, (v) => v.capacity),
      rightCap: Int32Array.from(openings, (o) => o.capacity),
      edgeLeft: Int32Array.from(edgeLeft),
      edgeRight: Int32Array.from(edgeRight),
      edgeWeight: Int32Array.from(edgeWeight),
    },
    scores: Float64Array.from(scores),
    km: Float64Array.from(kms),
    funnels,
    bySkill,
    byProfession,
  };
}

/** The matching itself, on loaded data (tested without a database). */
export function solveVolunteerMatching(data: MatchingData, asOf: string, template: MatchingTemplate, withCandidates = true): VolunteerMatchResult {
  const { volunteers, openings } = data;
  const built = buildMatchingProblem(data, asOf, template);
  const { problem, funnels, bySkill, byProfession } = built;
  const edgeLeft = problem.edgeLeft;
  const edgeRight = problem.edgeRight;
  const solution = solveAssignment(problem);

  const pairs: ProposedPair[] = [];
  const filled = new Int32Array(openings.length);
  const matchedVolunteer = new Uint8Array(volunteers.length);
  const assignedElsewhere = new Int32Array(openings.length);
  let objective = 0;
  for (let e = 0; e < edgeLeft.length; e++) {
    const v = volunteers[edgeLeft[e]!]!;
    const o = openings[edgeRight[e]!]!;
    const score = built.scores[e]!;
    if (solution.chosen[e]) {
      const km = built.km[e]!;
      const reasons = pairReasons(v, o, Number.isNaN(km) ? null : km, template, data.unservedOrgs);
      pairs.push({ volunteer_id: v.id, opening_id: o.id, org_id: o.orgId, score, reasons });
      filled[edgeRight[e]!]!++;
      matchedVolunteer[edgeLeft[e]!] = 1;
      objective += score;
    }
  }
  for (let e = 0; e < edgeLeft.length; e++) if (!solution.chosen[e] && matchedVolunteer[edgeLeft[e]!]) assignedElsewhere[edgeRight[e]!]!++;

  const unfilled: UnfilledOpening[] = [];
  openings.forEach((o, j) => {
    const missing = o.capacity - filled[j]!;
    if (missing <= 0) return;
    unfilled.push({ opening_id: o.id, org_id: o.orgId, missing, reasons: unfilledReasons(o, funnels[j]!, filled[j]!, assignedElsewhere[j]!, bySkill, byProfession, template) });
  });
  pairs.sort((a, b) => cmp(a.opening_id, b.opening_id) || cmp(a.volunteer_id, b.volunteer_id));
  const candidates = new CandidateTable(volunteers, openings, edgeLeft, edgeRight, built.scores, withCandidates);
  return {
    candidate_count: edgeLeft.length,
    as_of: asOf,
    objective: round2(objective),
    pairs,
    unfilled,
    unmatched_volunteers: volunteers.filter((v, i) => v.capacity > 0 && !matchedVolunteer[i]).length,
    candidates,
    volunteers_considered: volunteers.length,
    openings_considered: openings.length,
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Volunteers worth checking for an opening: near it, in its municipality, or everyone when remote. */
function poolOf(o: Opening, radius: number, volunteers: Volunteer[], grid: GridIndex, byMunicipality: Map<string, number[]>, withoutCoords: number[]): Iterable<number> {
  if (o.remote) return volunteers.keys();
  const sameTown = o.municipality ? (byMunicipality.get(o.municipality) ?? []) : [];
  if (o.lat === null || o.lon === null) return sameTown;
  // With coordinates on both sides distance decides; without, the municipality does.
  const near = grid.near(o.lat, o.lon, radius);
  if (withoutCoords.length === 0 || sameTown.length === 0) return near;
  const merged = new Set(near);
  for (const i of sameTown) if (volunteers[i]!.lat === null || volunteers[i]!.lon === null) merged.add(i);
  return [...merged].sort((a, b) => a - b);
}

/** The score of an allowed pair: the sum of the template's components (two decimals). */
function scorePair(v: Volunteer, o: Opening, km: number | null, radius: number, t: MatchingTemplate, unserved: Set<string>): number {
  const w = t.weights;
  let score = 0;
  if (o.fields && w.interest) score += (w.interest * popcount(v.interests & o.fields)) / popcount(o.fields);
  if (o.preferredSkills.length && w.preferred_skills) {
    let has = 0;
    for (const sk of o.preferredSkills) if (v.skills.has(sk)) has++;
    score += (w.preferred_skills * has) / o.preferredSkills.length;
  }
  if (o.remote) score += t.remoteDistancePoints;
  else if (km !== null) score += w.distance * Math.max(0, 1 - km / radius);
  else score += w.distance / 2;
  score += o.schedule ? (w.schedule * popcount(o.schedule & v.availability)) / popcount(o.schedule) : w.schedule;
  if (!v.everMatched) score += w.new_volunteer;
  if (unserved.has(o.orgId)) score += w.unserved_org;
  return round2(score);
}

/** The sentences that explain a proposed pair, one per component that earned points. */
function pairReasons(v: Volunteer, o: Opening, km: number | null, t: MatchingTemplate, unserved: Set<string>): string[] {
  const w = t.weights;
  const reasons: string[] = [];
  if (o.profession) reasons.push(`専門職 ${o.profession} ✓`);
  for (const sk of o.requiredSkills) reasons.push(`必須スキル ${sk} ✓`);
  if (o.fields && w.interest) for (const f of bits(v.interests & o.fields, 20)) reasons.push(`関心分野 ${fieldShortName(f + 1)} 一致`);
  if (o.preferredSkills.length && w.preferred_skills) for (const sk of o.preferredSkills) if (v.skills.has(sk)) reasons.push(`歓迎スキル ${sk} ✓`);
  if (o.remote) reasons.push('オンライン可');
  else if (km !== null) reasons.push(`距離 ${km.toFixed(1)}km`);
  else reasons.push('同じ市区町村');
  if (o.schedule) {
    const labels = slotsFromMask(o.schedule & v.availability).map(slotLabel);
    reasons.push(`${labels.slice(0, 3).join('・')}${labels.length > 3 ? ` ほか${labels.length - 3}枠` : ''} 共通`);
  }
  if (!v.everMatched && w.new_volunteer) reasons.push('初めてのマッチング');
  if (unserved.has(o.orgId) && w.unserved_org) reasons.push('前回紹介がなかった団体');
  return reasons;
}

/** How many candidates of an opening survived each hard constraint, in order. */
interface Funnel {
  pool: number;
  near: number;
  capacity: number;
  profession: number;
  skills: number;
  schedule: number;
  age: number;
  allowed: number;
}
const newFunnel = (): Funnel => ({ pool: 0, near: 0, capacity: 0, profession: 0, skills: 0, schedule: 0, age: 0, allowed: 0 });

/** The binding reason an opening stays (partly) unfilled, in the words a coordinator uses. */
function unfilledReasons(o: Opening, f: Funnel, filled: number, elsewhere: number, bySkill: Map<string, number[]>, byProfession: Map<string, number>,
  t: MatchingTemplate): string[] {
  const radius = o.radiusKm ?? t.defaultRadiusKm;
  const area = o.remote ? '登録者' : o.lat !== null && o.lon !== null ? `半径${radius}km以内` : '同じ市区町村';
  if (o.profession && !byProfession.get(o.profession)) return [`${o.profession}の活動中の登録者がいない`];
  const missingSkill = o.requiredSkills.find((s) => !(bySkill.get(s)?.length));
  if (missingSkill) return [`${missingSkill}のできる活動中の登録者がいない`];
  if (f.allowed === 0) {
    if (f.near === 0) return [`${area}に該当者なし`];
    if (f.capacity === 0) return [`${area}の登録者は全員受入上限に達している`];
    if (f.profession === 0) return [`${area}に${o.profession}の登録者がいない`];
    if (f.skills === 0) return [`${area}に${o.requiredSkills.join('・')}のできる登録者がいない`];
    if (f.schedule === 0) return [`${slotsFromMask(o.schedule).map(slotLabel).join('・')}に活動できる該当者なし`];
    if (f.age === 0) return [`${o.minAge}歳以上の該当者なし`];
    return ['該当者は全員この募集を辞退済みか受入済み'];
  }
  const reasons = [`条件を満たす候補 ${f.allowed}人（募集 ${o.capacity}人）`];
  if (elsewhere > 0) reasons.push(`候補のうち${elsewhere}人は合計点がより高くなる他の募集に提案`);
  if (filled + elsewhere < f.allowed) reasons.push('残りの候補は点数が0のため提案しない');
  return reasons;
}
