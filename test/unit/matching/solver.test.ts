import fc from 'fast-check';
import highsLoader, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bipartiteLpOptimum } from '../../helpers/highs-oracle.js';
import {
  greedyAssignment,
  solveAssignment,
  type AssignmentProblem,
  type AssignmentSolution,
} from '../../../src/matching/solver/assignment.js';

let highs: Highs;
beforeAll(async () => {
  highs = await highsLoader();
});

/** Build a problem from plain arrays: edges as [left, right, weight]. */
function problem(leftCap: number[], rightCap: number[], edges: [number, number, number][]): AssignmentProblem {
  return {
    leftCount: leftCap.length,
    rightCount: rightCap.length,
    leftCap: Int32Array.from(leftCap),
    rightCap: Int32Array.from(rightCap),
    edgeLeft: Int32Array.from(edges.map((e) => e[0])),
    edgeRight: Int32Array.from(edges.map((e) => e[1])),
    edgeWeight: Int32Array.from(edges.map((e) => e[2])),
  };
}

/** Optimum from HiGHS: the LP relaxation, integral because the matrix is a bipartite incidence matrix. */
function highsOptimum(p: AssignmentProblem): number {
  return bipartiteLpOptimum(highs, {
    leftCap: p.leftCap, rightCap: p.rightCap, edgeLeft: p.edgeLeft, edgeRight: p.edgeRight, gain: p.edgeWeight, upper: () => 1,
  });
}

/** Best total by trying every subset of edges (≤ 10 edges). */
function bruteForce(p: AssignmentProblem): number {
  const m = p.edgeLeft.length;
  let best = 0;
  for (let mask = 0; mask < 1 << m; mask++) {
    const l = new Int32Array(p.leftCount);
    const r = new Int32Array(p.rightCount);
    let total = 0;
    let ok = true;
    for (let e = 0; e < m && ok; e++) {
      if (((mask >> e) & 1) === 0) continue;
      const i = p.edgeLeft[e]!;
      const j = p.edgeRight[e]!;
      l[i] = l[i]! + 1;
      r[j] = r[j]! + 1;
      if (l[i]! > p.leftCap[i]! || r[j]! > p.rightCap[j]!) ok = false;
      total += p.edgeWeight[e]!;
    }
    if (ok && total > best) best = total;
  }
  return best;
}

/** Capacities respected, objective = Σ chosen weights, chosen is 0/1 per edge. */
function expectValid(p: AssignmentProblem, s: AssignmentSolution): void {
  expect(s.chosen).toBeInstanceOf(Uint8Array);
  expect(s.chosen.length).toBe(p.edgeLeft.length);
  const l = new Int32Array(p.leftCount);
  const r = new Int32Array(p.rightCount);
  let total = 0;
  for (let e = 0; e < s.chosen.length; e++) {
    const c = s.chosen[e]!;
    expect(c === 0 || c === 1).toBe(true);
    if (!c) continue;
    const i = p.edgeLeft[e]!;
    const j = p.edgeRight[e]!;
    l[i] = l[i]! + 1;
    r[j] = r[j]! + 1;
    total += p.edgeWeight[e]!;
  }
  for (let i = 0; i < p.leftCount; i++) expect(l[i]!).toBeLessThanOrEqual(p.leftCap[i]!);
  for (let j = 0; j < p.rightCount; j++) expect(r[j]!).toBeLessThanOrEqual(p.rightCap[j]!);
  expect(s.objective).toBe(total);
}

const chosenEdges = (s: AssignmentSolution): number[] => [...s.chosen.keys()].filter((e) => s.chosen[e] === 1);

describe('solveAssignment on hand-made cases', () => {
  it('beats greedy where the best single pair blocks two good ones', () => {
    // Greedy takes A–X (10) and is stuck; the optimum is A–Y + B–X = 18.
    const p = problem([1, 1], [1, 1], [
      [0, 0, 10],
      [0, 1, 9],
      [1, 0, 9],
    ]);
    const g = greedyAssignment(p);
    expect(g.objective).toBe(10);
    expect(chosenEdges(g)).toEqual([0]);
    const s = solveAssignment(p);
    expectValid(p, s);
    expect(s.objective).toBe(18);
    expect(chosenEdges(s)).toEqual([1, 2]);
  });

  it('handles capacities above one on both sides (b-matching)', () => {
    const p = problem([2, 1], [1, 2], [
      [0, 0, 5],
      [0, 1, 4],
      [1, 1, 3],
      [1, 0, 6],
    ]);
    // Greedy takes 1–0 (6), which blocks 0–0 and 1–1: 6 + 4 = 10. The optimum
    // leaves the best pair out: 0–0 + 0–1 + 1–1 = 5 + 4 + 3 = 12.
    expect(greedyAssignment(p).objective).toBe(10);
    const s = solveAssignment(p);
    expectValid(p, s);
    expect(s.objective).toBe(12);
    expect(chosenEdges(s)).toEqual([0, 1, 2]);
    expect(s.objective).toBe(bruteForce(p));
  });

  it('handles an empty graph, isolated nodes and zero capacities', () => {
    expect(solveAssignment(problem([], [], []))).toEqual({ chosen: new Uint8Array(0), objective: 0 });
    expect(solveAssignment(problem([1, 2], [3], [])).objective).toBe(0);
    const p = problem([0, 1, 1], [1, 0], [
      [0, 0, 100], // left 0 has no capacity
      [1, 1, 100], // right 1 has no capacity
      [2, 0, 7],
    ]);
    const s = solveAssignment(p);
    expectValid(p, s);
    expect(chosenEdges(s)).toEqual([2]);
  });

  it('treats duplicate edges as separate edges and never exceeds capacity', () => {
    const twice = problem([2], [2], [
      [0, 0, 5],
      [0, 0, 5],
      [0, 0, 3],
    ]);
    const s = solveAssignment(twice);
    expectValid(twice, s);
    expect(s.objective).toBe(10);
    const once = problem([1], [5], [
      [0, 0, 5],
      [0, 0, 8],
    ]);
    expect(chosenEdges(solveAssignment(once))).toEqual([1]);
  });

  it('never chooses weight-0 edges, and the objective stays optimal', () => {
    const p = problem([1, 1], [1, 1], [
      [0, 0, 0],
      [1, 1, 0],
      [0, 1, 4],
    ]);
    const s = solveAssignment(p);
    expectValid(p, s);
    expect(chosenEdges(s)).toEqual([2]);
  });

  it('does not fill capacity when that would lower the total', () => {
    // Taking 0–0 (10) is best; 0–1 and 1–0 together only reach 2.
    const p = problem([1, 1], [1, 1], [
      [0, 0, 10],
      [0, 1, 1],
      [1, 0, 1],
    ]);
    expect(solveAssignment(p).objective).toBe(10);
  });

  it('greedy breaks weight ties by lower edge index', () => {
    const p = problem([1, 1], [1], [
      [1, 0, 5],
      [0, 0, 5],
    ]);
    expect(chosenEdges(greedyAssignment(p))).toEqual([0]);
  });
});

describe('input validation', () => {
  const ok = (): AssignmentProblem => problem([1], [1], [[0, 0, 1]]);
  it('rejects wrong lengths', () => {
    expect(() => solveAssignment({ ...ok(), leftCount: 2 })).toThrow(/leftCap has length 1, expected leftCount = 2/);
    expect(() => solveAssignment({ ...ok(), edgeWeight: new Int32Array(2) })).toThrow(/same length/);
  });
  it('rejects out-of-range values', () => {
    expect(() => solveAssignment({ ...ok(), edgeLeft: Int32Array.of(1) })).toThrow(/edgeLeft\[0\] = 1 is out of range/);
    expect(() => solveAssignment({ ...ok(), edgeRight: Int32Array.of(-1) })).toThrow(/edgeRight\[0\] = -1/);
    expect(() => solveAssignment({ ...ok(), rightCap: Int32Array.of(-2) })).toThrow(/rightCap\[0\] = -2/);
    expect(() => solveAssignment({ ...ok(), edgeWeight: Int32Array.of(-5) })).toThrow(/edgeWeight\[0\] = -5/);
    expect(() => greedyAssignment({ ...ok(), leftCount: -1 })).toThrow(/leftCount must be an integer/);
  });
  it('rejects arrays of the wrong type', () => {
    const bad = { ...ok(), leftCap: [1] } as unknown as AssignmentProblem;
    expect(() => solveAssignment(bad)).toThrow(/leftCap must be an Int32Array/);
  });
});

/** Random instances up to 30 × 30 with capacities 0–3 and weights that tie a lot. */
const instance = (maxNodes: number, maxEdges: number): fc.Arbitrary<AssignmentProblem> =>
  fc
    .record({ nL: fc.integer({ min: 1, max: maxNodes }), nR: fc.integer({ min: 1, max: maxNodes }) })
    .chain(({ nL, nR }) =>
      fc.record({
        leftCap: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: nL, maxLength: nL }),
        rightCap: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: nR, maxLength: nR }),
        edges: fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: nL - 1 }),
            fc.integer({ min: 0, max: nR - 1 }),
            fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 100, 250, 500), fc.integer({ min: 0, max: 10000 })),
          ),
          { maxLength: maxEdges },
        ),
      }),
    )
    .map(({ leftCap, rightCap, edges }) => problem(leftCap, rightCap, edges));

describe('solveAssignment properties', () => {
  it('matches HiGHS, respects capacities, beats greedy and is deterministic', () => {
    fc.assert(
      fc.property(instance(30, 200), (p) => {
        const s = solveAssignment(p);
        expectValid(p, s);
        expect(s.objective).toBe(highsOptimum(p));
        const g = greedyAssignment(p);
        expectValid(p, g);
        expect(g.objective).toBeLessThanOrEqual(s.objective);
        // Same input (even in fresh arrays) gives the same chosen edges.
        const copy = problem([...p.leftCap], [...p.rightCap], [...p.edgeLeft].map((i, e) => [i, p.edgeRight[e]!, p.edgeWeight[e]!]));
        expect(solveAssignment(copy).chosen).toEqual(s.chosen);
        expect(solveAssignment(p, { parallel: true }).chosen).toEqual(s.chosen);
      }),
      { numRuns: 1000, seed: 20240601 },
    );
  });

  it('matches brute force on tiny instances', () => {
    fc.assert(
      fc.property(instance(5, 10), (p) => {
        const s = solveAssignment(p);
        expectValid(p, s);
        expect(s.objective).toBe(bruteForce(p));
      }),
      { numRuns: 4000, seed: 7 },
    );
  });
});
