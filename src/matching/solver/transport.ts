/**
 * Exact optimiser behind `kyodo match resources`: the transportation problem
 * with optional flow (offers × requests, quantities that may split), solved by
 * the same network simplex as the volunteer matching (./network-simplex.ts)
 * with edge capacities instead of 1.
 *
 *   maximise Σ gain[e]·flow[e]
 *   subject to Σ_{e at left i} flow[e] ≤ leftSupply[i],
 *              Σ_{e at right j} flow[e] ≤ rightDemand[j],
 *              0 ≤ flow[e] ≤ edgeCap[e]            (integers)
 *
 * Nothing has to move: a unit goes only where it earns something.
 */
import { compactNetwork, componentEdges, components } from './components.js';
import { networkSimplexFlow } from './network-simplex.js';

/** Supplies (offer quantities), demands (request quantities) and the allowed arcs with a gain per unit. */
export interface TransportProblem {
  leftSupply: Int32Array;
  rightDemand: Int32Array;
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  /** Integer gain per unit moved, ≥ 0 (the caller scales its scores). */
  edgeGain: Int32Array;
  /** Integer capacity per arc, ≥ 0; default (and -1 in an entry): unbounded, i.e. min(supply, demand). */
  edgeCap?: Int32Array;
}

/** Units moved per arc (input order) and Σ gain × units. */
export interface TransportSolution {
  flow: Int32Array;
  objective: number;
}

/** Largest supply, demand or capacity accepted: flows and their sums stay far from int32 overflow. */
export const MAX_QUANTITY = 1_000_000_000;
/** Largest gain per unit accepted (weights of the simplex are int32). */
export const MAX_GAIN = 2 ** 31 - 1;

/**
 * Maximum-gain flow from left supplies to right demands over the given arcs.
 *
 * Exact (network simplex, primal, Cunningham's rule). Deterministic: the result
 * is a function of the input arrays only, edge order included. Ties as in
 * solveAssignment: gain-0 arcs never carry flow; an arc whose two ends can take
 * the full capacity of all their arcs is saturated up front; every other
 * connected component goes to the simplex, which tries each left node's best
 * arc first (lowest index among equals) and then prices arcs in index order.
 */
export function solveTransport(p: TransportProblem): TransportSolution {
  validate(p);
  const L = p.leftSupply.length;
  const R = p.rightDemand.length;
  const m = p.edgeLeft.length;
  const { edgeLeft, edgeRight, edgeGain, leftSupply, rightDemand } = p;
  const flow = new Int32Array(m);

  // Effective capacity: the arc can never carry more than either end holds.
  const cap = new Int32Array(m);
  const sumL = new Float64Array(L); // Σ capacity of useful arcs at each node (may pass 2^31)
  const sumR = new Float64Array(R);
  for (let e = 0; e < m; e++) {
    const i = edgeLeft[e]!;
    const j = edgeRight[e]!;
    const given = p.edgeCap === undefined || p.edgeCap[e]! < 0 ? MAX_QUANTITY : p.edgeCap[e]!;
    const c = edgeGain[e]! > 0 ? Math.min(given, leftSupply[i]!, rightDemand[j]!) : 0;
    cap[e] = c;
    sumL[i] = sumL[i]! + c;
    sumR[j] = sumR[j]! + c;
  }

  // An arc whose ends can take everything all their arcs can carry competes with nothing: saturate it.
  const open = new Uint8Array(m);
  let openCount = 0;
  for (let e = 0; e < m; e++) {
    const c = cap[e]!;
    if (c === 0) continue;
    if (leftSupply[edgeLeft[e]!]! >= sumL[edgeLeft[e]!]! && rightDemand[edgeRight[e]!]! >= sumR[edgeRight[e]!]!) flow[e] = c;
    else {
      open[e] = 1;
      openCount++;
    }
  }

  if (openCount > 0) {
    // Components are solved one by one, so each result depends on its own arcs only.
    const comps = componentEdges(components(L, R, edgeLeft, edgeRight, open));
    const mapL = new Int32Array(L).fill(-1);
    const mapR = new Int32Array(R).fill(-1);
    for (const edges of comps) {
      // Node capacities clipped to what their arcs can carry.
      const net = compactNetwork(edges, p.edgeLeft, p.edgeRight, p.edgeGain, cap,
        (i) => Math.min(p.leftSupply[i]!, sumL[i]!), (j) => Math.min(p.rightDemand[j]!, sumR[j]!), { mapL, mapR });
      const sub = networkSimplexFlow(net);
      for (let q = 0; q < edges.length; q++) flow[edges[q]!] = sub[q]!;
    }
  }

  let objective = 0;
  for (let e = 0; e < m; e++) objective += flow[e]! * edgeGain[e]!;
  return { flow, objective };
}

/** Baseline: fill arcs best gain first (ties by lower index) as far as both ends allow. */
export function greedyTransport(p: TransportProblem): TransportSolution {
  validate(p);
  const m = p.edgeLeft.length;
  const order = Array.from({ length: m }, (_, e) => e).sort((a, b) => p.edgeGain[b]! - p.edgeGain[a]! || a - b);
  const left = Int32Array.from(p.leftSupply);
  const right = Int32Array.from(p.rightDemand);
  const flow = new Int32Array(m);
  let objective = 0;
  for (const e of order) {
    const g = p.edgeGain[e]!;
    if (g <= 0) break;
    const i = p.edgeLeft[e]!;
    const j = p.edgeRight[e]!;
    const given = p.edgeCap === undefined || p.edgeCap[e]! < 0 ? MAX_QUANTITY : p.edgeCap[e]!;
    const x = Math.min(given, left[i]!, right[j]!);
    if (x <= 0) continue;
    flow[e] = x;
    left[i] = left[i]! - x;
    right[j] = right[j]! - x;
    objective += x * g;
  }
  return { flow, objective };
}

/** Throw one Error listing every problem with the input's shape and ranges. */
function validate(p: TransportProblem): void {
  const problems: string[] = [];
  const arrays = ['leftSupply', 'rightDemand', 'edgeLeft', 'edgeRight', 'edgeGain'] as const;
  for (const name of arrays) if (!(p[name] instanceof Int32Array)) problems.push(`${name} must be an Int32Array`);
  if (p.edgeCap !== undefined && !(p.edgeCap instanceof Int32Array)) problems.push('edgeCap must be an Int32Array when given');
  if (problems.length > 0) throw new Error(`invalid transport problem: ${problems.join('; ')}`);
  const m = p.edgeLeft.length;
  if (p.edgeRight.length !== m || p.edgeGain.length !== m || (p.edgeCap !== undefined && p.edgeCap.length !== m)) {
    problems.push(`edgeLeft, edgeRight, edgeGain (and edgeCap) must have the same length, got ${m}, ${p.edgeRight.length}, ${p.edgeGain.length}${p.edgeCap ? `, ${p.edgeCap.length}` : ''}`);
  }
  const report = (name: string, a: Int32Array, ok: (x: number) => boolean, range: string): void => {
    for (let k = 0; k < a.length; k++) {
      if (!ok(a[k]!)) {
        problems.push(`${name}[${k}] = ${a[k]} is out of range (${range})`);
        return;
      }
    }
  };
  const L = p.leftSupply.length;
  const R = p.rightDemand.length;
  report('leftSupply', p.leftSupply, (x) => x >= 0 && x <= MAX_QUANTITY, `0..${MAX_QUANTITY}`);
  report('rightDemand', p.rightDemand, (x) => x >= 0 && x <= MAX_QUANTITY, `0..${MAX_QUANTITY}`);
  report('edgeLeft', p.edgeLeft, (x) => x >= 0 && x < L, `0..leftSupply.length-1 = 0..${L - 1}`);
  report('edgeRight', p.edgeRight, (x) => x >= 0 && x < R, `0..rightDemand.length-1 = 0..${R - 1}`);
  report('edgeGain', p.edgeGain, (x) => x >= 0, 'must be ≥ 0');
  if (p.edgeCap !== undefined) report('edgeCap', p.edgeCap, (x) => x >= -1 && x <= MAX_QUANTITY, `-1 (unbounded) or 0..${MAX_QUANTITY}`);
  if (problems.length > 0) throw new Error(`invalid transport problem: ${problems.join('; ')}`);
  // The objective is a double: it must stay an exact integer.
  let maxGain = 0;
  for (let e = 0; e < m; e++) if (p.edgeGain[e]! > maxGain) maxGain = p.edgeGain[e]!;
  let supply = 0;
  let demand = 0;
  for (let i = 0; i < L; i++) supply += p.leftSupply[i]!;
  for (let j = 0; j < R; j++) demand += p.rightDemand[j]!;
  if (maxGain * Math.min(supply, demand) > Number.MAX_SAFE_INTEGER) {
    throw new Error(`invalid transport problem: the objective could reach ${maxGain} × ${Math.min(supply, demand)}, beyond 2^53 (scale the gains down)`);
  }
}
