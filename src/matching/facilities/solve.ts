/**
 * Exact room assignment with interval conflicts: choose at most one room per request so
 * that no two requests chosen for one room on one day overlap, maximising first the
 * number of requests served and then the total (integer) score.
 *
 * Overlap on a room is an interval-graph conflict, so the plain flow structure of the
 * volunteer matching does not hold (the problem is NP-hard in general). Per room and
 * day the conflicts are written as one row per maximal set of mutually overlapping
 * requests (a maximal clique of the interval graph, found by a sweep), which describes
 * the room's feasible sets exactly. The requests then fall apart into independent
 * components (union over shared cliques); a component without a conflict row is solved
 * by taking each request's best room, every other one by two HiGHS MIPs solved to a
 * zero gap: max Σx, then max Σ score·x subject to Σx = that count (lexicographic).
 * Integer objectives with an absolute gap below 1 make "optimal" mean optimal.
 */
import type { Highs } from 'highs';

export interface ScheduleProblem {
  /** Per request: its day (any integer id), start and end in minutes; intervals are half-open. */
  day: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** Allowed pairs: request, room, score as a non-negative integer (hundredths of a point). */
  edgeRequest: Int32Array;
  edgeRoom: Int32Array;
  edgeWeight: Int32Array;
}

export interface ScheduleSolution {
  chosen: Uint8Array;
  satisfied: number;
  weight: number;
  components: number;
  /** Components that needed the MIP solver (the others had no conflict). */
  mipComponents: number;
}

let highsPromise: Promise<Highs> | undefined;

/** HiGHS (WebAssembly), loaded once on first use. */
function loadHighs(): Promise<Highs> {
  highsPromise ??= import('highs').then((m) => (m.default as unknown as typeof import('highs').default)());
  return highsPromise;
}

/** Maximal sets of pairwise-overlapping intervals among `edges` (one room, one day), as edge lists of size ≥ 2. */
export function maximalCliques(edges: readonly number[], startOf: (e: number) => number, endOf: (e: number) => number): number[][] {
  // Ends sort before starts at the same minute: 10:00–12:00 and 12:00–14:00 do not overlap.
  const events: [number, number, number][] = [];
  for (const e of edges) {
    events.push([startOf(e), 1, e]);
    events.push([endOf(e), 0, e]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const active = new Set<number>();
  const cliques: number[][] = [];
  let grew = false;
  for (const [, isStart, e] of events) {
    if (isStart) {
      active.add(e);
      grew = true;
    } else {
      // The active set just before the first end after a start is a maximal clique.
      if (grew && active.size >= 2) cliques.push([...active].sort((a, b) => a - b));
      grew = false;
      active.delete(e);
    }
  }
  return cliques;
}

/** The exact lexicographic optimum (most requests served, then highest total score). */
export async function solveSchedule(p: ScheduleProblem): Promise<ScheduleSolution> {
  const n = p.day.length;
  const m = p.edgeRequest.length;
  const chosen = new Uint8Array(m);

  // Conflict rows: per (room, day), the maximal cliques of overlapping requests.
  const groups = new Map<string, number[]>();
  for (let e = 0; e < m; e++) {
    const key = `${p.edgeRoom[e]}:${p.day[p.edgeRequest[e]!]}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(e);
  }
  const cliques: number[][] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    for (const c of maximalCliques(g, (e) => p.start[p.edgeRequest[e]!]!, (e) => p.end[p.edgeRequest[e]!]!)) cliques.push(c);
  }

  // Components: requests joined by a shared clique.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (u: number): number => {
    while (parent[u] !== u) u = parent[u] = parent[parent[u]!]!;
    return u;
  };
  for (const c of cliques) {
    for (let i = 1; i < c.length; i++) {
      const a = find(p.edgeRequest[c[0]!]!);
      const b = find(p.edgeRequest[c[i]!]!);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const rootOf = Int32Array.from({ length: n }, (_, r) => find(r));
  const compEdges = new Map<number, number[]>();
  for (let e = 0; e < m; e++) {
    const root = rootOf[p.edgeRequest[e]!]!;
    let list = compEdges.get(root);
    if (!list) compEdges.set(root, (list = []));
    list.push(e);
  }
  const compCliques = new Map<number, number[][]>();
  for (const c of cliques) {
    const root = rootOf[p.edgeRequest[c[0]!]!]!;
    let list = compCliques.get(root);
    if (!list) compCliques.set(root, (list = []));
    list.push(c);
  }

  let mipComponents = 0;
  const roots = [...compEdges.keys()].sort((a, b) => a - b);
  for (const root of roots) {
    const edges = compEdges.get(root)!;
    const cs = compCliques.get(root);
    if (!cs) {
      // No conflict: every request takes its best room (first in key order on a tie).
      const best = new Map<number, number>();
      for (const e of edges) {
        const r = p.edgeRequest[e]!;
        const b = best.get(r);
        if (b === undefined || p.edgeWeight[e]! > p.edgeWeight[b]!) best.set(r, e);
      }
      for (const e of best.values()) chosen[e] = 1;
      continue;
    }
    mipComponents++;
    for (const e of await solveComponent(p, edges, cs)) chosen[e] = 1;
  }

  let satisfied = 0;
  let weight = 0;
  for (let e = 0; e < m; e++) {
    if (chosen[e]) {
      satisfied++;
      weight += p.edgeWeight[e]!;
    }
  }
  return { chosen, satisfied, weight, components: roots.length, mipComponents };
}

/** One component by two MIPs; returns the chosen edges. */
async function solveComponent(p: ScheduleProblem, edges: number[], cliques: number[][]): Promise<number[]> {
  const highs = await loadHighs();
  const col = new Map<number, number>();
  edges.forEach((e, i) => col.set(e, i));
  // Rows: one per request with two or more rooms, one per clique.
  const rows: number[][] = [];
  const byRequest = new Map<number, number[]>();
  for (const e of edges) {
    const r = p.edgeRequest[e]!;
    let list = byRequest.get(r);
    if (!list) byRequest.set(r, (list = []));
    list.push(col.get(e)!);
  }
  for (const list of byRequest.values()) if (list.length >= 2) rows.push(list);
  for (const c of cliques) rows.push(c.map((e) => col.get(e)!));

  const ones = new Float64Array(edges.length).fill(1);
  const count = runMip(highs, edges.length, rows, ones, null);
  const weights = Float64Array.from(edges, (e) => p.edgeWeight[e]!);
  const x = runMip(highs, edges.length, [...rows, Array.from({ length: edges.length }, (_, i) => i)], weights, count.objective);
  const picked = edges.filter((_, i) => x.values[i]! > 0.5);
  if (picked.length !== count.objective) throw new Error(`facility matching: second stage served ${picked.length} requests, first stage ${count.objective} (solver bug)`);
  return picked;
}

/**
 * max cost·x over binary x with every row's sum ≤ 1; when `atLeast` is given the last row is
 * instead Σx ≥ atLeast (the first stage's optimum). Integer costs, zero relative gap.
 */
function runMip(highs: Highs, numCols: number, rows: number[][], cost: Float64Array, atLeast: number | null): { objective: number; values: Float64Array } {
  // CSR: one row per list of columns, coefficients 1.
  const starts = new Int32Array(rows.length + 1);
  let nz = 0;
  rows.forEach((r, i) => {
    nz += r.length;
    starts[i + 1] = nz;
  });
  const indices = new Int32Array(nz);
  let k = 0;
  for (const r of rows) for (const c of r) indices[k++] = c;
  const rowLower = new Float64Array(rows.length).fill(-highs.infinity);
  const rowUpper = new Float64Array(rows.length).fill(1);
  if (atLeast !== null) {
    rowLower[rows.length - 1] = atLeast;
    rowUpper[rows.length - 1] = atLeast;
  }
  const model = highs.createModel({
    numCols,
    numRows: rows.length,
    sense: highs.constants.objectiveSense.maximize,
    colCost: cost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices, values: new Float64Array(nz).fill(1) },
    integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer),
  });
  try {
    model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-6 });
    model.run();
    const status = model.getModelStatus();
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`facility matching: HiGHS ended with model status ${status}, not optimal`);
    const values = Float64Array.from(model.getSolution().colValue);
    let objective = 0;
    for (let i = 0; i < numCols; i++) if (values[i]! > 0.5) objective += cost[i]!;
    return { objective: Math.round(objective), values };
  } finally {
    model.dispose();
  }
}
