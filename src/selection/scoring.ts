/**
 * Aggregation of reviewers' scores (集計), the weighted total on the call's scale,
 * and ranking with the criteria's tie-break order. Pure functions: the numbers
 * in `select check` and the disclosure all come from here.
 */
import type { Aggregation, Criteria } from './criteria.js';

export interface Aggregated {
  /** null when nobody scored the item. */
  value: number | null;
  /** Scores that entered the value. */
  used: number;
  /** Scores dropped by the aggregation (highest/lowest). */
  dropped: number;
}

/**
 * One item's aggregate over reviewers. mean: all scores. trimmed_mean: drop
 * floor(n × trim) from each end (nothing when that would leave no score).
 * drop_high_low: drop one highest and one lowest when there are at least 3.
 */
export function aggregate(scores: readonly number[], method: Aggregation, trim = 0): Aggregated {
  const n = scores.length;
  if (n === 0) return { value: null, used: 0, dropped: 0 };
  const sorted = [...scores].sort((a, b) => a - b);
  let k = 0;
  if (method === 'trimmed_mean') k = Math.floor(n * trim + 1e-9);
  else if (method === 'drop_high_low') k = n >= 3 ? 1 : 0;
  if (n - 2 * k < 1) k = 0;
  const kept = sorted.slice(k, n - k);
  return { value: kept.reduce((s, x) => s + x, 0) / kept.length, used: kept.length, dropped: 2 * k };
}

/**
 * Weighted total on the call's scale: points × Σ wᵢ·(aᵢ / maxᵢ) / Σ wᵢ. With
 * weights that add up to `points`, an item scored at the top level earns exactly
 * its weight. null when an item has no score.
 */
export function weightedTotal(criteria: Criteria, itemScores: Record<string, number | null>): number | null {
  let sumW = 0;
  let acc = 0;
  for (const it of criteria.items) {
    const a = itemScores[it.id];
    if (a === null || a === undefined) return null;
    sumW += it.weight;
    acc += it.weight * (a / it.max);
  }
  return sumW === 0 ? null : (criteria.points * acc) / sumW;
}

/** Rounded for comparison, so 0.1 + 0.2 ties with 0.3. */
export function norm(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export interface Rankable {
  org_id: string;
  total: number | null;
  scores: Record<string, number | null>;
  /** Only ranked when true (eligible, every item scored). */
  rankable: boolean;
}

/**
 * Competition ranking (1, 2, 2, 4) by total, then by each tie-break item's
 * aggregate in order, all descending. Applicants equal on all of them share a
 * rank. Returns org_id → rank for the rankable ones.
 */
export function rank(rows: readonly Rankable[], tieBreak: readonly string[]): Map<string, number> {
  const keyOf = (r: Rankable): number[] => [norm(r.total ?? 0), ...tieBreak.map((t) => norm(r.scores[t] ?? 0))];
  const cmp = (a: number[], b: number[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
    return 0;
  };
  const ranked = rows.filter((r) => r.rankable).map((r) => ({ r, k: keyOf(r) }))
    .sort((x, y) => cmp(x.k, y.k) || (x.r.org_id < y.r.org_id ? -1 : x.r.org_id > y.r.org_id ? 1 : 0));
  const out = new Map<string, number>();
  ranked.forEach((x, i) => {
    const prev = ranked[i - 1];
    out.set(x.r.org_id, prev && cmp(prev.k, x.k) === 0 ? out.get(prev.r.org_id)! : i + 1);
  });
  return out;
}

/** Rounds a number for output (2 decimals). */
export function round2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}
