/**
 * Exact optimiser behind `kyodo match volunteers`: max-weight bipartite
 * b-matching (volunteers × openings, each pair used at most once), solved as a
 * min-cost flow by our own network simplex (./network-simplex.ts).
 */
import { networkSimplexMatching } from './network-simplex.js';
import { solveInParallel } from './parallel.js';
import { compactNetwork, componentEdges, components } from './components.js';

/** Left nodes (volunteers) and right nodes (openings) with capacities, and weighted allowed pairs. */
export interface AssignmentProblem {
  leftCount: number;
  rightCount: number;
  leftCap: Int32Array;
  rightCap: Int32Array;
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  /** Integer weights ≥ 0 (the caller scales scores ×100). */
  edgeWeight: Int32Array;
}

/** Which edges are chosen (0/1 per edge, input order) and the sum of their weights. */
export interface AssignmentSolution {
  chosen: Uint8Array;
  objective: number;
}

/** Options for tuning and benchmarking; the defaults are what the CLI uses. */
export interface SolveOptions {
  /**
   * Solve independent components on a worker thread too, when both halves are
   * big (default false: on the 2-core bench machine it measured slower). The
   * result is the same either way.
   */
  parallel?: boolean;
}

/**
 * Maximum-weight choice of edges with at most leftCap[i] edges at left node i
 * and rightCap[j] at right node j.
 *
 * Exact. Deterministic: the result is a function of the input arrays only
 * (including edge order), never of timing, threads or Map iteration order.
 * Ties, documented rather than lexicographic: weight-0 edges are never chosen
 * (they cannot raise the total); an edge whose two ends have capacity for all
 * their edges is always chosen; the rest of each connected component goes to
 * the network simplex, which first tries each left node's best edge (lowest
 * index among equals, in node order) and then prices edges in index order,
 * entering the most improving edge of each block (lowest index among equals).
 * So among equally good solutions earlier edges win in that pivot-order sense;
 * the returned set is not guaranteed to be the lexicographically smallest.
 */
export function solveAssignment(p: AssignmentProblem, options: SolveOptions = {}): AssignmentSolution {
  validate(p);
  const m = p.edgeLeft.length;
  const chosen = new Uint8Array(m);
  const { leftCount: L, rightCount: R, edgeLeft, edgeRight, edgeWeight } = p;

  // Useful edges: positive weight between nodes that have capacity at all.
  const degL = new Int32Array(L);
  const degR = new Int32Array(R);
  for (let e = 0; e < m; e++) {
    const i = edgeLeft[e]!;
    const j = edgeRight[e]!;
    if (edgeWeight[e]! > 0 && p.leftCap[i]! > 0 && p.rightCap[j]! > 0) {
      degL[i] = degL[i]! + 1;
      degR[j] = degR[j]! + 1;
    }
  }

  // An edge whose both ends can take all their edges competes with nothing, so it
  // is in every optimum; fixing it up front keeps it out of the flow network.
  const open = new Uint8Array(m); // 1 = still to be decided by the solver
  let openCount = 0;
  for (let e = 0; e < m; e++) {
    const i = edgeLeft[e]!;
    const j = edgeRight[e]!;
    if (edgeWeight[e]! <= 0 || p.leftCap[i]! <= 0 || p.rightCap[j]! <= 0) continue;
    if (p.leftCap[i]! >= degL[i]! && p.rightCap[j]! >= degR[j]!) chosen[e] = 1;
    else {
      open[e] = 1;
      openCount++;
    }
  }

  if (openCount > 0) {
    // Each connected component is its own network, so the result never depends
    // on which other components were solved alongside it (or on which thread).
    const comps = componentEdges(components(L, R, edgeLeft, edgeRight, open));
    const scratch = { mapL: new Int32Array(L).fill(-1), mapR: new Int32Array(R).fill(-1) };
    // Capacities clipped to the node's degree among useful edges: no solution changes, flows stay small.
    const nets = comps.map((edges) => compactNetwork(edges, p.edgeLeft, p.edgeRight, p.edgeWeight, undefined,
      (i) => Math.min(p.leftCap[i]!, degL[i]!), (j) => Math.min(p.rightCap[j]!, degR[j]!), scratch));
    const groups = options.parallel === true ? splitForThreads(comps) : null;
    let results: Uint8Array[];
    if (groups === null) {
      results = nets.map((net) => networkSimplexMatching(net));
    } else {
      const [resA, resB] = solveInParallel(
        groups[0].map((c) => nets[c]!),
        groups[1].map((c) => nets[c]!),
      );
      results = new Array<Uint8Array>(nets.length);
      groups[0].forEach((c, k) => (results[c] = resA[k]!));
      groups[1].forEach((c, k) => (results[c] = resB[k]!));
    }
    comps.forEach((edges, c) => {
      const sub = results[c]!;
      for (let q = 0; q < edges.length; q++) if (sub[q]) chosen[edges[q]!] = 1;
    });
  }

  let objective = 0;
  for (let e = 0; e < m; e++) if (chosen[e]) objective += edgeWeight[e]!;
  return { chosen, objective };
}

/**
 * Baseline: take edges best weight first (ties by lower edge index) while both
 * ends have capacity left. Weight-0 edges are skipped, as in solveAssignment.
 */
export function greedyAssignment(p: AssignmentProblem): AssignmentSolution {
  validate(p);
  const m = p.edgeLeft.length;
  const order = sortByWeightDesc(p.edgeWeight);
  const leftLeft = Int32Array.from(p.leftCap);
  const rightLeft = Int32Array.from(p.rightCap);
  const chosen = new Uint8Array(m);
  let objective = 0;
  for (let k = 0; k < m; k++) {
    const e = order[k]!;
    const w = p.edgeWeight[e]!;
    if (w <= 0) break; // sorted descending: the rest are 0 too
    const i = p.edgeLeft[e]!;
    const j = p.edgeRight[e]!;
    if (leftLeft[i]! > 0 && rightLeft[j]! > 0) {
      leftLeft[i] = leftLeft[i]! - 1;
      rightLeft[j] = rightLeft[j]! - 1;
      chosen[e] = 1;
      objective += w;
    }
  }
  return { chosen, objective };
}

/** Throw one Error listing every problem with the input's shape and ranges. */
function validate(p: AssignmentProblem): void {
  const problems: string[] = [];
  const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 && x < 2 ** 31;
  if (!isCount(p.leftCount)) problems.push(`leftCount must be an integer in 0..2^31-1, got ${String(p.leftCount)}`);
  if (!isCount(p.rightCount)) problems.push(`rightCount must be an integer in 0..2^31-1, got ${String(p.rightCount)}`);
  const arrays = ['leftCap', 'rightCap', 'edgeLeft', 'edgeRight', 'edgeWeight'] as const;
  for (const name of arrays) {
    if (!(p[name] instanceof Int32Array)) problems.push(`${name} must be an Int32Array`);
  }
  if (problems.length > 0) throw new Error(`invalid assignment problem: ${problems.join('; ')}`);

  if (p.leftCap.length !== p.leftCount) problems.push(`leftCap has length ${p.leftCap.length}, expected leftCount = ${p.leftCount}`);
  if (p.rightCap.length !== p.rightCount) problems.push(`rightCap has length ${p.rightCap.length}, expected rightCount = ${p.rightCount}`);
  const m = p.edgeLeft.length;
  if (p.edgeRight.length !== m || p.edgeWeight.length !== m) {
    problems.push(
      `edgeLeft, edgeRight and edgeWeight must have the same length, got ${m}, ${p.edgeRight.length}, ${p.edgeWeight.length}`,
    );
  }
  const firstBad = (a: Int32Array, ok: (x: number) => boolean): number => {
    for (let k = 0; k < a.length; k++) if (!ok(a[k]!)) return k;
    return -1;
  };
  const report = (name: string, a: Int32Array, ok: (x: number) => boolean, range: string): void => {
    const k = firstBad(a, ok);
    if (k >= 0) problems.push(`${name}[${k}] = ${a[k]} is out of range (${range})`);
  };
  report('leftCap', p.leftCap, (x) => x >= 0, 'must be ≥ 0');
  report('rightCap', p.rightCap, (x) => x >= 0, 'must be ≥ 0');
  report('edgeLeft', p.edgeLeft, (x) => x >= 0 && x < p.leftCount, `0..leftCount-1 = 0..${p.leftCount - 1}`);
  report('edgeRight', p.edgeRight, (x) => x >= 0 && x < p.rightCount, `0..rightCount-1 = 0..${p.rightCount - 1}`);
  report('edgeWeight', p.edgeWeight, (x) => x >= 0, 'must be ≥ 0');
  if (problems.length > 0) throw new Error(`invalid assignment problem: ${problems.join('; ')}`);
}

/** Below this many edges per thread a second thread costs more than it saves. */
const PARALLEL_MIN_EDGES = 150_000;

/**
 * Split components into two groups with balanced edge counts (largest first,
 * ties by position), or null when the smaller group would be too small to pay
 * for a worker.
 */
function splitForThreads(comps: Int32Array[]): [number[], number[]] | null {
  const order = comps.map((_, c) => c).sort((a, b) => comps[b]!.length - comps[a]!.length || a - b);
  const groups: [number[], number[]] = [[], []];
  const load = [0, 0];
  for (const c of order) {
    const g = load[0]! <= load[1]! ? 0 : 1;
    groups[g].push(c);
    load[g] = load[g]! + comps[c]!.length;
  }
  if (Math.min(load[0]!, load[1]!) < PARALLEL_MIN_EDGES) return null;
  return groups;
}

/** Edge indices by weight descending, ties by ascending index (stable LSD radix sort, 2 × 16 bits). */
function sortByWeightDesc(weight: Int32Array): Int32Array {
  const m = weight.length;
  let src = new Int32Array(m);
  let dst = new Int32Array(m);
  for (let e = 0; e < m; e++) src[e] = e;
  for (let shift = 0; shift < 32; shift += 16) {
    const count = new Int32Array(65537);
    // Key = bitwise complement of the (non-negative) weight, so ascending key = descending weight.
    for (let k = 0; k < m; k++) {
      const b = ((~weight[src[k]!]! >>> shift) & 0xffff) + 1;
      count[b] = count[b]! + 1;
    }
    for (let b = 0; b < 65536; b++) count[b + 1]! += count[b]!;
    for (let k = 0; k < m; k++) {
      const e = src[k]!;
      const b = (~weight[e]! >>> shift) & 0xffff;
      dst[count[b]!++] = e;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
