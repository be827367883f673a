/**
 * `kyodo match resources`: goods and spaces (offers) → organizations' requests,
 * quantities may split. Maximises Σ (points per unit × units) exactly with the
 * transportation solver (../solver/transport.ts). See docs/matching-resources.md.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/open.js';
import { labelKey } from '../../reference/index.js';
import { planarKm } from '../geo.js';
import { solveTransport, type TransportProblem } from '../solver/transport.js';
import { loadResourceData, type ResourceData, type ResourceOffer, type ResourceRequest } from './load.js';

/** Points per unit moved; the scoring is code, not a template, so a run records these values' hash. */
export const RESOURCE_WEIGHTS = {
  /** Every unit that reaches an organization. */
  base: 10,
  /** Needed today → full points, falling linearly to 0 at `deadlineDays` (no date: 0). */
  deadline: 5,
  deadlineDays: 60,
  /** 緊急度 高 / 中 (also when not given) / 低. */
  urgencyHigh: 5,
  urgencyMedium: 2,
  urgencyLow: 0,
  /** Same place → full points, falling linearly to 0 at `maxKm`; same municipality without coordinates: half. */
  distance: 3,
  /** Farther than this (both with coordinates) is not allowed; without coordinates the municipality must match. */
  maxKm: 10,
  /** The offer's 品名 matches the request's. */
  item: 2,
  /** A request due within this many days is told as 緊急. */
  urgentDays: 14,
} as const;

export type ResourceWeights = typeof RESOURCE_WEIGHTS;

/** The name and hash a saved run records for the scoring it used. */
export function resourceScoringId(w: ResourceWeights = RESOURCE_WEIGHTS): { source: string; sha256: string } {
  return { source: 'resources (built-in)', sha256: createHash('sha256').update(JSON.stringify(w)).digest('hex') };
}

export interface ResourceAllocation {
  offer_id: string;
  request_id: string;
  org_id: string;
  category: string;
  item: string | null;
  quantity: number;
  unit: string | null;
  /** Points per unit. */
  score: number;
  reasons: string[];
}

export interface UnfulfilledRequest {
  request_id: string;
  org_id: string;
  category: string;
  item: string | null;
  /** Units asked for (remaining after accepted allocations) and units not proposed. */
  quantity: number;
  missing: number;
  unit: string | null;
  reasons: string[];
}

export interface LeftoverOffer {
  offer_id: string;
  category: string;
  item: string | null;
  /** Units not proposed to anyone. */
  quantity: number;
  unit: string | null;
  reasons: string[];
}

export interface ResourceMatchResult {
  as_of: string;
  /** Σ score × quantity over the allocations: the optimum. */
  objective: number;
  allocations: ResourceAllocation[];
  unfulfilled: UnfulfilledRequest[];
  leftover_offers: LeftoverOffer[];
  /** Number of allowed (offer, request) arcs. */
  candidate_count: number;
  offers_considered: number;
  requests_considered: number;
}

/** Proposes the allocation of offers to requests with the best total, with reasons. */
export function matchResources(db: Db, asOf: string, weights: ResourceWeights = RESOURCE_WEIGHTS): ResourceMatchResult {
  return solveResourceMatching(loadResourceData(db, asOf), asOf, weights);
}

/** How many same-category offers of a request survived each arc rule, in order. */
interface Funnel {
  category: number;
  item: number;
  available: number;
  unit: number;
  near: number;
  allowed: number;
  allowedSupply: number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const round2 = (x: number): number => Math.round(x * 100) / 100;
const dayNumber = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
/** 2026-04-10 → 4/10 (a year other than the as-of year is written out). */
const shortDate = (iso: string, asOf: string): string =>
  `${iso.slice(0, 4) === asOf.slice(0, 4) ? '' : `${iso.slice(0, 4)}/`}${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}`;
/** Units agree when equal or when either side left the unit empty. */
const unitsAgree = (a: string | null, b: string | null): boolean => !a || !b || a === b;
const itemsAgree = (a: string | null, b: string | null): boolean => {
  if (!a || !b) return false;
  const x = labelKey(a);
  const y = labelKey(b);
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
};

/** Where the request and offer are relative to each other: km, 'municipality', 'unknown', or null when too far apart. */
function proximity(o: ResourceOffer, r: ResourceRequest, cosLat: number, maxKm: number): number | 'municipality' | 'unknown' | null {
  if (o.lat !== null && o.lon !== null && r.lat !== null && r.lon !== null) {
    const km = planarKm(r.lat, r.lon, cosLat, o.lat, o.lon);
    return km <= maxKm ? km : null;
  }
  if (o.municipality && r.municipality) return o.municipality === r.municipality ? 'municipality' : null;
  return 'unknown';
}

/** Points per unit of an allowed arc (two decimals). */
function scoreArc(o: ResourceOffer, r: ResourceRequest, near: number | 'municipality' | 'unknown', asOf: string, w: ResourceWeights): number {
  let s = w.base;
  if (r.neededBy) s += w.deadline * Math.max(0, 1 - (dayNumber(r.neededBy) - dayNumber(asOf)) / w.deadlineDays);
  s += r.urgency === 3 ? w.urgencyHigh : r.urgency === 1 ? w.urgencyLow : w.urgencyMedium;
  if (typeof near === 'number') s += w.distance * Math.max(0, 1 - near / w.maxKm);
  else if (near === 'municipality') s += w.distance / 2;
  if (itemsAgree(o.item, r.item)) s += w.item;
  return round2(s);
}

/** The matching itself, on loaded data (tested without a database). */
export function solveResourceMatching(data: ResourceData, asOf: string, w: ResourceWeights = RESOURCE_WEIGHTS): ResourceMatchResult {
  const { offers, requests } = data;
  const byCategory = new Map<string, number[]>();
  offers.forEach((o, i) => {
    if (o.remaining <= 0) return;
    let list = byCategory.get(o.category);
    if (!list) byCategory.set(o.category, (list = []));
    list.push(i);
  });
  const requestCategories = new Set(requests.filter((r) => r.remaining > 0).map((r) => r.category));

  const edgeLeft: number[] = [];
  const edgeRight: number[] = [];
  const gains: number[] = [];
  const scores: number[] = [];
  const nears: (number | 'municipality' | 'unknown')[] = [];
  const funnels: Funnel[] = [];
  requests.forEach((r, j) => {
    const f: Funnel = { category: 0, item: 0, available: 0, unit: 0, near: 0, allowed: 0, allowedSupply: 0 };
    funnels.push(f);
    if (r.remaining <= 0) return;
    const cosLat = r.lat === null ? 1 : Math.cos((r.lat * Math.PI) / 180);
    const declined = data.declined.get(r.id);
    for (const i of byCategory.get(r.category) ?? []) {
      const o = offers[i]!;
      f.category++;
      // A request that names its item (冷蔵庫) takes only that item; one that names none takes anything of the category.
      if (r.item && o.item && !itemsAgree(o.item, r.item)) continue;
      f.item++;
      // The hand-over window [as-of, min(提供期限, 必要期日)] must not be empty; requests past 必要期日 were not loaded.
      if (o.availableUntil !== null && o.availableUntil < asOf) continue;
      f.available++;
      if (!unitsAgree(o.unit, r.unit)) continue;
      f.unit++;
      const near = proximity(o, r, cosLat, w.maxKm);
      if (near === null) continue;
      f.near++;
      if (declined?.has(o.id)) continue;
      f.allowed++;
      f.allowedSupply += o.remaining;
      const score = scoreArc(o, r, near, asOf, w);
      edgeLeft.push(i);
      edgeRight.push(j);
      gains.push(Math.round(score * 100));
      scores.push(score);
      nears.push(near);
    }
  });

  const problem: TransportProblem = {
    leftSupply: Int32Array.from(offers, (o) => o.remaining),
    rightDemand: Int32Array.from(requests, (r) => r.remaining),
    edgeLeft: Int32Array.from(edgeLeft),
    edgeRight: Int32Array.from(edgeRight),
    edgeGain: Int32Array.from(gains),
  };
  const { flow } = solveTransport(problem);

  const given = new Int32Array(offers.length);
  const received = new Int32Array(requests.length);
  const arcsUsed = new Int32Array(offers.length);
  for (let e = 0; e < flow.length; e++) {
    const x = flow[e]!;
    if (x <= 0) continue;
    given[edgeLeft[e]!]! += x;
    received[edgeRight[e]!]! += x;
    arcsUsed[edgeLeft[e]!]!++;
  }

  const allocations: ResourceAllocation[] = [];
  let objective = 0;
  for (let e = 0; e < flow.length; e++) {
    const x = flow[e]!;
    if (x <= 0) continue;
    const o = offers[edgeLeft[e]!]!;
    const r = requests[edgeRight[e]!]!;
    const score = scores[e]!;
    objective += score * x;
    allocations.push({
      offer_id: o.id, request_id: r.id, org_id: r.orgId, category: r.category, item: o.item ?? r.item, quantity: x, unit: r.unit ?? o.unit,
      score, reasons: arcReasons(o, r, nears[e]!, x, asOf, w, arcsUsed[edgeLeft[e]!]! > 1, received[edgeRight[e]!]! > x),
    });
  }
  allocations.sort((a, b) => cmp(a.request_id, b.request_id) || cmp(a.offer_id, b.offer_id));

  // Offers of an arc whose request stayed short: they were (at least partly) placed elsewhere.
  const unfulfilled: UnfulfilledRequest[] = [];
  requests.forEach((r, j) => {
    const missing = r.remaining - received[j]!;
    if (missing <= 0) return;
    unfulfilled.push({
      request_id: r.id, org_id: r.orgId, category: r.category, item: r.item, quantity: r.remaining, missing, unit: r.unit,
      reasons: unfulfilledReasons(r, funnels[j]!, received[j]!, offers, byCategory, w),
    });
  });

  const requestsWithArcs = new Uint8Array(offers.length);
  for (let e = 0; e < edgeLeft.length; e++) requestsWithArcs[edgeLeft[e]!] = 1;
  const leftover_offers: LeftoverOffer[] = [];
  offers.forEach((o, i) => {
    const left = o.remaining - given[i]!;
    if (left <= 0) return;
    let reason: string;
    if (o.availableUntil !== null && o.availableUntil < asOf) reason = `提供期限 ${shortDate(o.availableUntil, asOf)} を過ぎている`;
    else if (!requestCategories.has(o.category)) reason = `${o.category}の要望がない`;
    else if (!requestsWithArcs[i]) reason = `${o.category}の要望はあるが品名・単位・場所（${w.maxKm}km以内・同じ市区町村）のどれかが合わない`;
    else reason = given[i]! > 0 ? '条件に合う要望には配分済み（残りは要望数量を超える）' : '条件に合う要望は他の提供で充足';
    leftover_offers.push({ offer_id: o.id, category: o.category, item: o.item, quantity: left, unit: o.unit, reasons: [reason] });
  });

  return {
    as_of: asOf,
    objective: round2(objective),
    allocations,
    unfulfilled,
    leftover_offers,
    candidate_count: edgeLeft.length,
    offers_considered: offers.length,
    requests_considered: requests.length,
  };
}

/** The sentences that explain one allocation. */
function arcReasons(o: ResourceOffer, r: ResourceRequest, near: number | 'municipality' | 'unknown', qty: number, asOf: string, w: ResourceWeights,
  offerSplit: boolean, requestSplit: boolean): string[] {
  const reasons = [`分類 ${r.category} 一致`];
  if (itemsAgree(o.item, r.item)) reasons.push(`品名 ${r.item} 一致`);
  if (typeof near === 'number') reasons.push(`距離 ${near.toFixed(1)}km`);
  else if (near === 'municipality') reasons.push('同じ市区町村');
  else reasons.push('場所の情報なし（距離は考慮せず）');
  if (r.neededBy) {
    const days = dayNumber(r.neededBy) - dayNumber(asOf);
    reasons.push(`期限 ${shortDate(r.neededBy, asOf)} まで${days <= w.urgentDays || r.urgency === 3 ? '（緊急）' : ''}`);
  }
  if (r.urgency !== null) reasons.push(`緊急度 ${r.urgency === 3 ? '高' : r.urgency === 2 ? '中' : '低'}`);
  if (o.availableUntil) reasons.push(`提供期限 ${shortDate(o.availableUntil, asOf)}`);
  const unit = r.unit ?? o.unit ?? '';
  if (offerSplit || requestSplit || qty < r.remaining) {
    reasons.push(`数量 ${qty}${unit}（要望 ${r.remaining}${unit}・提供 ${o.remaining}${unit}${offerSplit ? '、提供を分割' : ''}${requestSplit ? '、複数の提供から' : ''}）`);
  } else reasons.push(`数量 ${qty}${unit}`);
  return reasons;
}

/** The binding reason a request stays (partly) unfulfilled, in the words a coordinator uses. */
function unfulfilledReasons(r: ResourceRequest, f: Funnel, received: number, offers: ResourceOffer[], byCategory: Map<string, number[]>,
  w: ResourceWeights): string[] {
  if (f.category === 0) return ['同じ分類の提供がない'];
  if (f.item === 0) return [`同じ品名（${r.item}）の提供がない`];
  if (f.available === 0) return ['期限までに提供可能なものがない'];
  if (f.unit === 0) {
    const units = [...new Set((byCategory.get(r.category) ?? []).map((i) => offers[i]!.unit).filter((u): u is string => !!u))];
    return [`同じ分類の提供は単位が異なる（${units.slice(0, 3).join('・')}）`];
  }
  if (f.near === 0) return [`${w.maxKm}km以内（座標がなければ同じ市区町村）に同じ分類の提供がない`];
  if (f.allowed === 0) return ['条件に合う提供はこの要望で辞退済み'];
  const unit = r.unit ?? '';
  const reasons = ['提供数量が足りない', `条件に合う提供 ${f.allowed}件・計 ${f.allowedSupply}${unit}（要望 ${r.remaining}${unit}、配分 ${received}${unit}）`];
  if (f.allowedSupply >= r.remaining) reasons.push('候補の提供は合計点がより高くなる他の要望にも配分');
  return reasons;
}
