import { describe, expect, it } from 'vitest';
import { aggregate, rank, weightedTotal } from '../../../src/selection/scoring.js';
import { lintCriteria } from '../../../src/selection/criteria.js';
import { CRITERIA } from './db.js';

describe('aggregation, totals and ranks', () => {
  it('mean uses every score', () => {
    expect(aggregate([1, 2, 3, 5], 'mean')).toEqual({ value: 2.75, used: 4, dropped: 0 });
    expect(aggregate([], 'mean').value).toBeNull();
  });

  it('trimmed mean drops floor(n × trim) from each end', () => {
    expect(aggregate([1, 4, 4, 5, 5], 'trimmed_mean', 0.2)).toEqual({ value: 13 / 3, used: 3, dropped: 2 });
    // 4 × 0.2 = 0.8 → nothing dropped
    expect(aggregate([1, 4, 4, 5], 'trimmed_mean', 0.2)).toEqual({ value: 3.5, used: 4, dropped: 0 });
    expect(aggregate([1, 2, 3, 4, 5, 5, 5, 5, 5, 1], 'trimmed_mean', 0.25).value).toBeCloseTo((2 + 3 + 4 + 5 + 5 + 5) / 6, 12);
  });

  it('drop highest and lowest: one each with 3 or more reviewers, plain mean with fewer', () => {
    expect(aggregate([5, 1, 3], 'drop_high_low')).toEqual({ value: 3, used: 1, dropped: 2 });
    expect(aggregate([5, 5, 1, 4], 'drop_high_low')).toEqual({ value: 4.5, used: 2, dropped: 2 });
    expect(aggregate([5, 2], 'drop_high_low')).toEqual({ value: 3.5, used: 2, dropped: 0 });
  });

  it('the total is points × Σ w·(a/max) / Σ w', () => {
    const c = lintCriteria(CRITERIA, 'c').criteria!;
    expect(weightedTotal(c, { a: 5, b: 5 })).toBe(100);
    expect(weightedTotal(c, { a: 4, b: 2.5 })).toBeCloseTo(60 * 0.8 + 40 * 0.5, 10);
    expect(weightedTotal(c, { a: 4, b: null })).toBeNull();
    const scaled = lintCriteria(CRITERIA.replace('weight: 60', 'weight: 3').replace('weight: 40', 'weight: 2'), 'c').criteria!;
    expect(weightedTotal(scaled, { a: 4, b: 2.5 })).toBeCloseTo(68, 10);
  });

  it('ties are broken by the tie-break items in order; equal on all of them share a rank', () => {
    const rows = [
      { org_id: 'X', total: 70, scores: { a: 4, b: 3 }, rankable: true },
      { org_id: 'Y', total: 70, scores: { a: 3, b: 4 }, rankable: true },
      { org_id: 'Z', total: 80, scores: { a: 4, b: 4 }, rankable: true },
      { org_id: 'W', total: 70, scores: { a: 3, b: 4 }, rankable: true },
      { org_id: 'V', total: 99, scores: { a: 5, b: 5 }, rankable: false },
      { org_id: 'U', total: 0.1 + 0.2, scores: { a: 1, b: 1 }, rankable: true },
      { org_id: 'T', total: 0.3, scores: { a: 1, b: 1 }, rankable: true },
    ];
    expect(Object.fromEntries(rank(rows, ['b']))).toEqual({ Z: 1, W: 2, Y: 2, X: 4, T: 5, U: 5 });
    expect(Object.fromEntries(rank(rows, ['a', 'b']))).toEqual({ Z: 1, X: 2, W: 3, Y: 3, T: 5, U: 5 });
    expect(Object.fromEntries(rank(rows, []))).toEqual({ Z: 1, W: 2, X: 2, Y: 2, T: 5, U: 5 });
  });
});
