import fc from 'fast-check';
import highsLoader, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bipartiteLpOptimum } from '../../helpers/highs-oracle.js';
import { greedyTransport, solveTransport, type TransportProblem, type TransportSolution } from '../../../src/matching/solver/transport.js';

let highs: Highs;
beforeAll(async () => {
  highs = await highsLoader();
});

/** A problem from plain arrays: arcs as [left, right, gain] or [left, right, gain, cap]. */
function problem(supply: number[], demand: number[], arcs: ([number, number, number] | [number, number, number, number])[], withCap = arcs.some((a) => a.length === 4)): TransportProblem {
  return {
    leftSupply: Int32Array.from(supply),
    rightDemand: Int32Array.from(demand),
    edgeLeft: Int32Array.from(arcs.map((a) => a[0])),
    edgeRight: Int32Array.from(arcs.map((a) => a[1])),
    edgeGain: Int32Array.from(arcs.map((a) => a[2])),
    ...(withCap ? { edgeCap: Int32Array.from(arcs.map((a) => a[3] ?? -1)) } : {}),
  };
}

/** Optimum from HiGHS: max Σ g·x, 0 ≤ x ≤ cap, supply and demand rows (integral: bipartite incidence matrix). */
function highsOptimum(p: TransportProblem): number {
  return bipartiteLpOptimum(highs, {
    leftCap: p.leftSupply, rightCap: p.rightDemand, edgeLeft: p.edgeLeft, edgeRight: p.edgeRight, gain: p.edgeGain,
    upper: (e) => { const c = p.edgeCap?.[e] ?? -1; return c < 0 ? highs.infinity : c; },
  });
}

/** Flow conservation (≤ supply, ≤ demand), 0 ≤ flow ≤ cap, integer flows, objective = Σ gain × flow. */
function expectValid(p: TransportProblem, s: TransportSolution): void {
  expect(s.flow).toBeInstanceOf(Int32Array);
  expect(s.flow.length).toBe(p.edgeLeft.length);
  const out = new Array<number>(p.leftSupply.length).fill(0);
  const inn = new Array<number>(p.rightDemand.length).fill(0);
  let total = 0;
  for (let e = 0; e < s.flow.length; e++) {
    const x = s.flow[e]!;
    expect(x).toBeGreaterThanOrEqual(0);
    const c = p.edgeCap?.[e] ?? -1;
    if (c >= 0) expect(x).toBeLessThanOrEqual(c);
    if (p.edgeGain[e] === 0) expect(x).toBe(0);
    out[p.edgeLeft[e]!]! += x;
    inn[p.edgeRight[e]!]! += x;
    total += x * p.edgeGain[e]!;
  }
  out.forEach((x, i) => expect(x).toBeLessThanOrEqual(p.leftSupply[i]!));
  inn.forEach((x, j) => expect(x).toBeLessThanOrEqual(p.rightDemand[j]!));
  expect(s.objective).toBe(total);
}

describe('solveTransport on hand-made cases', () => {
  it('splits an offer over two requests and a request over two offers', () => {
    // Offer 0 has 10, requests need 6 and 7; offer 1 has 3 and only fits request 1.
    const p = problem([10, 3], [6, 7], [
      [0, 0, 5],
      [0, 1, 4],
      [1, 1, 2],
    ]);
    const s = solveTransport(p);
    expectValid(p, s);
    // 6×5 + 4×4 + 3×2 = 52 (request 1 gets 4 from offer 0 and 3 from offer 1).
    expect([...s.flow]).toEqual([6, 4, 3]);
    expect(s.objective).toBe(52);
  });

  it('beats greedy where the best arc takes what two others need', () => {
    // Greedy sends 5 on 0→0 (gain 10) and is stuck: 50. Optimum: 0→1 and 1→0, 5×9 + 5×9 = 90.
    const p = problem([5, 5], [5, 5], [
      [0, 0, 10],
      [0, 1, 9],
      [1, 0, 9],
    ]);
    expect(greedyTransport(p).objective).toBe(50);
    const s = solveTransport(p);
    expectValid(p, s);
    expect(s.objective).toBe(90);
  });

  it('respects arc capacities and leaves units where they earn nothing', () => {
    const p = problem([10], [10, 10], [
      [0, 0, 3, 4],
      [0, 1, 1, 2],
    ]);
    const s = solveTransport(p);
    expectValid(p, s);
    expect([...s.flow]).toEqual([4, 2]);
    const zero = problem([5], [5], [[0, 0, 0]]);
    expect(solveTransport(zero)).toEqual({ flow: new Int32Array(1), objective: 0 });
  });

  it('handles the empty problem, zero supplies and parallel arcs', () => {
    expect(solveTransport(problem([], [], []))).toEqual({ flow: new Int32Array(0), objective: 0 });
    const p = problem([0, 4], [3, 0], [
      [0, 0, 9],
      [1, 1, 9],
      [1, 0, 2, 1],
      [1, 0, 1],
    ]);
    const s = solveTransport(p);
    expectValid(p, s);
    expect([...s.flow]).toEqual([0, 0, 1, 2]);
  });

  it('validates its input, listing every problem', () => {
    const ok = problem([1], [1], [[0, 0, 1]]);
    expect(() => solveTransport({ ...ok, edgeLeft: Int32Array.of(1) })).toThrow(/edgeLeft\[0\] = 1 is out of range/);
    expect(() => solveTransport({ ...ok, leftSupply: Int32Array.of(-1), edgeGain: Int32Array.of(-2) })).toThrow(/leftSupply\[0\] = -1.*edgeGain\[0\] = -2/);
    expect(() => solveTransport({ ...ok, edgeCap: Int32Array.of(1, 2) })).toThrow(/same length/);
    expect(() => solveTransport({ ...ok, edgeCap: Int32Array.of(-3) })).toThrow(/edgeCap\[0\] = -3/);
    expect(() => solveTransport({ ...ok, rightDemand: [1] as unknown as Int32Array })).toThrow(/rightDemand must be an Int32Array/);
    const big = problem([1_000_000_000], [1_000_000_000], [[0, 0, 2 ** 31 - 1]]);
    expect(() => solveTransport(big)).toThrow(/beyond 2\^53/);
  });
});

/** Random instances: quantities that often exceed one another, gains that tie a lot, some capped arcs. */
const instance = (maxNodes: number, maxArcs: number, maxQty: number): fc.Arbitrary<TransportProblem> =>
  fc
    .record({ nL: fc.integer({ min: 1, max: maxNodes }), nR: fc.integer({ min: 1, max: maxNodes }), capped: fc.boolean() })
    .chain(({ nL, nR, capped }) =>
      fc.record({
        supply: fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: maxQty })), { minLength: nL, maxLength: nL }),
        demand: fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: maxQty })), { minLength: nR, maxLength: nR }),
        arcs: fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: nL - 1 }),
            fc.integer({ min: 0, max: nR - 1 }),
            fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 100, 250), fc.integer({ min: 0, max: 100_000 })),
            fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: maxQty })),
          ),
          { maxLength: maxArcs },
        ),
        capped: fc.constant(capped),
      }),
    )
    .map(({ supply, demand, arcs, capped }) => problem(supply, demand, arcs.map(([i, j, g, c]) => (capped ? [i, j, g, c] : [i, j, g])), capped));

describe('solveTransport properties', () => {
  it('matches HiGHS, conserves flow, respects capacities, beats greedy and is deterministic', () => {
    fc.assert(
      fc.property(instance(25, 150, 60), (p) => {
        const s = solveTransport(p);
        expectValid(p, s);
        expect(s.objective).toBe(highsOptimum(p));
        const g = greedyTransport(p);
        expectValid(p, g);
        expect(g.objective).toBeLessThanOrEqual(s.objective);
        const copy: TransportProblem = {
          leftSupply: Int32Array.from(p.leftSupply), rightDemand: Int32Array.from(p.rightDemand), edgeLeft: Int32Array.from(p.edgeLeft),
          edgeRight: Int32Array.from(p.edgeRight), edgeGain: Int32Array.from(p.edgeGain), ...(p.edgeCap ? { edgeCap: Int32Array.from(p.edgeCap) } : {}),
        };
        expect(solveTransport(copy).flow).toEqual(s.flow);
      }),
      { numRuns: 1000, seed: 20260401 },
    );
  });

  it('matches HiGHS with large quantities (up to a million units per node)', () => {
    fc.assert(
      fc.property(instance(12, 60, 1_000_000), (p) => {
        const s = solveTransport(p);
        expectValid(p, s);
        expect(s.objective).toBe(highsOptimum(p));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('equals solveAssignment-style 0/1 answers when every quantity and capacity is 1', () => {
    fc.assert(
      fc.property(instance(10, 40, 1), (p) => {
        const unit: TransportProblem = { ...p, leftSupply: p.leftSupply.map(() => 1), rightDemand: p.rightDemand.map(() => 1), edgeCap: p.edgeLeft.map(() => 1) };
        const s = solveTransport(unit);
        expectValid(unit, s);
        expect(s.objective).toBe(highsOptimum(unit));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

import { solveResourceMatching, RESOURCE_WEIGHTS } from '../../../src/matching/resources/match.js';
import type { ResourceData, ResourceOffer, ResourceRequest } from '../../../src/matching/resources/load.js';
import { canonicalCategory } from '../../../src/reference/resource-categories.js';

const AS_OF = '2026-04-01';
const offer = (id: string, o: Partial<ResourceOffer> = {}): ResourceOffer => ({
  id, donorKind: 'company', category: '食品', item: '米', unit: 'kg', lat: 35.7, lon: 139.75, municipality: '131903', availableUntil: null, remaining: 10, ...o,
});
const request = (id: string, r: Partial<ResourceRequest> = {}): ResourceRequest => ({
  id, orgId: `ORG-${id}`, category: '食品', item: '米', unit: 'kg', neededBy: null, urgency: null, lat: 35.7, lon: 139.75, municipality: '131903', remaining: 10, ...r,
});
const data = (offers: ResourceOffer[], requests: ResourceRequest[], declined: [string, string][] = []): ResourceData => ({
  offers, requests, declined: new Map(declined.map(([r, o]) => [r, new Set([o])])),
});
const alloc = (d: ResourceData) => solveResourceMatching(d, AS_OF).allocations.map((a) => `${a.offer_id}→${a.request_id}:${a.quantity}`);

describe('resource categories', () => {
  it('maps synonyms to one canonical category and keeps unknown labels as written', () => {
    expect(canonicalCategory('食料品')).toBe('食品');
    expect(canonicalCategory('事務用品')).toBe('文房具');
    expect(canonicalCategory(' スペース ')).toBe('場所・スペース');
    expect(canonicalCategory('ＰＣ')).toBe('パソコン・IT機器');
    expect(canonicalCategory('楽器')).toBe('楽器');
  });
});

describe('allowed arcs', () => {
  it('needs the same category', () => {
    const d = data([offer('O1', { category: '家具' })], [request('R1')]);
    const r = solveResourceMatching(d, AS_OF);
    expect(r.allocations).toEqual([]);
    expect(r.unfulfilled[0]).toMatchObject({ request_id: 'R1', missing: 10, reasons: ['同じ分類の提供がない'] });
    expect(r.leftover_offers[0]).toMatchObject({ offer_id: 'O1', quantity: 10, reasons: ['家具の要望がない'] });
  });

  it('needs the same item when both name one (a request without 品名 takes anything of the category)', () => {
    const fridge = offer('O1', { category: '家電', item: '冷蔵庫', unit: '台', remaining: 1 });
    const oven = offer('O2', { category: '家電', item: '電子レンジ', unit: '台', remaining: 1 });
    expect(alloc(data([fridge, oven], [request('R1', { category: '家電', item: '冷蔵庫', unit: '台', remaining: 2 })]))).toEqual(['O1→R1:1']);
    expect(alloc(data([oven], [request('R1', { category: '家電', item: null, unit: '台', remaining: 2 })]))).toEqual(['O2→R1:1']);
    const r = solveResourceMatching(data([oven], [request('R1', { category: '家電', item: '冷蔵庫', unit: '台' })]), AS_OF);
    expect(r.unfulfilled[0]!.reasons).toEqual(['同じ品名（冷蔵庫）の提供がない']);
  });

  it('needs the offer to be still available on the as-of date (the hand-over window is as-of … min(提供期限, 必要期日))', () => {
    const d = data([offer('O1', { availableUntil: '2026-03-31' }), offer('O2', { availableUntil: '2026-04-01', remaining: 3 })], [request('R1', { neededBy: '2026-04-20' })]);
    expect(alloc(d)).toEqual(['O2→R1:3']);
    const expired = solveResourceMatching(data([offer('O1', { availableUntil: '2026-03-31' })], [request('R1')]), AS_OF);
    expect(expired.unfulfilled[0]!.reasons).toEqual(['期限までに提供可能なものがない']);
    expect(expired.leftover_offers[0]!.reasons).toEqual(['提供期限 3/31 を過ぎている']);
    // An offer that ends before the needed-by date is fine: it is handed over before it ends.
    expect(alloc(data([offer('O1', { availableUntil: '2026-04-05' })], [request('R1', { neededBy: '2026-05-01' })]))).toEqual(['O1→R1:10']);
  });

  it('needs agreeing units (or one side without a unit)', () => {
    expect(alloc(data([offer('O1', { unit: '箱' })], [request('R1')]))).toEqual([]);
    expect(alloc(data([offer('O1', { unit: null })], [request('R1')]))).toEqual(['O1→R1:10']);
    const r = solveResourceMatching(data([offer('O1', { unit: '箱' })], [request('R1')]), AS_OF);
    expect(r.unfulfilled[0]!.reasons[0]).toMatch(/単位が異なる（箱）/);
  });

  it('needs the offer within maxKm, or the same municipality when a side has no coordinates', () => {
    const far = offer('O1', { lat: 35.7 + 11 / 111.195 }); // 11 km north
    expect(alloc(data([far], [request('R1')]))).toEqual([]);
    expect(solveResourceMatching(data([far], [request('R1')]), AS_OF).unfulfilled[0]!.reasons[0]).toMatch(/10km以内/);
    expect(alloc(data([offer('O1', { lat: null, lon: null })], [request('R1')]))).toEqual(['O1→R1:10']);
    expect(alloc(data([offer('O1', { lat: null, lon: null, municipality: '131001' })], [request('R1')]))).toEqual([]);
  });

  it('never proposes a pair that was declined', () => {
    expect(alloc(data([offer('O1')], [request('R1')], [['R1', 'O1']]))).toEqual([]);
  });
});

describe('gain and allocation', () => {
  it('splits quantities: one offer over two requests, one request over two offers', () => {
    const d = data([offer('O1', { remaining: 12 }), offer('O2', { remaining: 5 })], [request('R1', { remaining: 8 }), request('R2', { remaining: 9 })]);
    const r = solveResourceMatching(d, AS_OF);
    const byReq = (id: string) => r.allocations.filter((a) => a.request_id === id).reduce((n, a) => n + a.quantity, 0);
    expect(byReq('R1')).toBe(8);
    expect(byReq('R2')).toBe(9);
    expect(r.unfulfilled).toEqual([]);
    expect(r.leftover_offers).toEqual([]);
    expect(r.allocations.some((a) => a.reasons.some((s) => s.includes('提供を分割') || s.includes('複数の提供から')))).toBe(true);
  });

  it('sends scarce units to the more urgent and the nearer request', () => {
    const d = data([offer('O1', { remaining: 5 })], [request('R1', { remaining: 5 }), request('R2', { remaining: 5, neededBy: '2026-04-05', urgency: 3 })]);
    const r = solveResourceMatching(d, AS_OF);
    expect(alloc(d)).toEqual(['O1→R2:5']);
    expect(r.allocations[0]!.reasons).toEqual(expect.arrayContaining(['分類 食品 一致', '品名 米 一致', '距離 0.0km', '期限 4/5 まで（緊急）', '緊急度 高']));
    expect(r.unfulfilled[0]).toMatchObject({ request_id: 'R1', missing: 5 });
    expect(r.unfulfilled[0]!.reasons[0]).toBe('提供数量が足りない');
    const near = data([offer('O1', { remaining: 5 })], [request('R1', { remaining: 5, lat: 35.75 }), request('R2', { remaining: 5, lat: 35.71 })]);
    expect(alloc(near)).toEqual(['O1→R2:5']);
  });

  it('maximises Σ score × quantity exactly (the greedy choice loses)', () => {
    // O1 can serve R1 (urgent) or R2; O2 only R1. Greedy gives O1 to R1; the optimum gives O2 to R1 and O1 to R2.
    const d = data(
      [offer('O1', { remaining: 5 }), offer('O2', { remaining: 5, lat: 35.7 + 5 / 111.195, item: null })],
      [request('R1', { remaining: 5, neededBy: '2026-04-02', urgency: 3, lat: 35.7 + 2.5 / 111.195 }), request('R2', { remaining: 5, lat: 35.7 - 5 / 111.195 })],
    );
    const r = solveResourceMatching(d, AS_OF);
    expect(alloc(d).sort()).toEqual(['O1→R2:5', 'O2→R1:5']);
    expect(r.objective).toBeCloseTo(r.allocations.reduce((s, a) => s + a.score * a.quantity, 0), 6);
  });

  it('is deterministic and ordered by request_id, then offer_id', () => {
    const offers = Array.from({ length: 30 }, (_, i) => offer(`O${String(i).padStart(2, '0')}`, { remaining: 1 + (i * 7) % 9, lat: 35.7 + ((i * 13) % 10) / 200 }));
    const requests = Array.from({ length: 30 }, (_, j) => request(`R${String(j).padStart(2, '0')}`, { remaining: 1 + (j * 5) % 11, neededBy: j % 3 ? `2026-0${4 + (j % 5)}-10` : null }));
    const a = solveResourceMatching(data(offers, requests), AS_OF);
    const b = solveResourceMatching(data(offers.map((o) => ({ ...o })), requests.map((r) => ({ ...r }))), AS_OF);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const keys = a.allocations.map((x) => `${x.request_id} ${x.offer_id}`);
    expect(keys).toEqual([...keys].sort());
    expect(RESOURCE_WEIGHTS.maxKm).toBe(10);
  });
});
