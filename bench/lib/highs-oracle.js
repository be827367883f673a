// Independent optimum of an assignment problem from HiGHS (npm `highs`,
// WebAssembly), one LP per connected component: maximise Σ w·x over
// 0 ≤ x_e ≤ 1 with Σ x ≤ leftCap[i] per left node and ≤ rightCap[j] per right
// node. The constraint matrix is an incidence matrix of a bipartite graph
// (totally unimodular), so the simplex optimum is the integer optimum.

/** Edge lists of the connected components (union-find over all edges, weight 0 included). */
export function componentsOf(p) {
  const L = p.leftCount;
  const parent = new Int32Array(L + p.rightCount);
  for (let u = 0; u < parent.length; u++) parent[u] = u;
  const find = (u) => {
    while (parent[u] !== u) u = parent[u] = parent[parent[u]];
    return u;
  };
  const m = p.edgeLeft.length;
  for (let e = 0; e < m; e++) {
    const a = find(p.edgeLeft[e]);
    const b = find(L + p.edgeRight[e]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const byRoot = new Map();
  for (let e = 0; e < m; e++) {
    const r = find(p.edgeLeft[e]);
    let list = byRoot.get(r);
    if (!list) byRoot.set(r, (list = []));
    list.push(e);
  }
  return [...byRoot.values()];
}

/** Optimum of the component given by its edge indices, from one HiGHS LP (simplex, presolve off). */
export function highsComponentOptimum(highs, p, edges, timeLimitSeconds = Infinity) {
  const L = p.leftCount;
  const rowOf = new Map(); // node key (left i, or L + j) -> row
  const rowUpper = [];
  const rowFor = (key, capValue) => {
    let r = rowOf.get(key);
    if (r === undefined) {
      r = rowUpper.length;
      rowOf.set(key, r);
      rowUpper.push(capValue);
    }
    return r;
  };
  const n = edges.length;
  const starts = new Int32Array(n + 1);
  const indices = new Int32Array(2 * n);
  const values = new Float64Array(2 * n).fill(1);
  const colCost = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const e = edges[k];
    const i = p.edgeLeft[e];
    const j = p.edgeRight[e];
    indices[2 * k] = rowFor(i, p.leftCap[i]);
    indices[2 * k + 1] = rowFor(L + j, p.rightCap[j]);
    starts[k + 1] = 2 * k + 2;
    colCost[k] = p.edgeWeight[e];
  }
  const numRows = rowUpper.length;
  const model = highs.createModel({
    numCols: n,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower: new Float64Array(n),
    colUpper: new Float64Array(n).fill(1),
    rowLower: new Float64Array(numRows).fill(-highs.infinity),
    rowUpper: Float64Array.from(rowUpper),
    matrix: { format: 'csc', numRows, numCols: n, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    if (Number.isFinite(timeLimitSeconds)) model.options.set({ time_limit: timeLimitSeconds });
    model.run();
    const status = model.getModelStatus();
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS model status ${status}, not optimal`);
    return Math.round(model.getObjectiveValue());
  } finally {
    model.dispose();
  }
}

/** Optimum of the whole problem, summed over components. */
export function highsOptimum(highs, p) {
  let total = 0;
  const comps = componentsOf(p);
  for (const edges of comps) total += highsComponentOptimum(highs, p, edges);
  return { objective: total, components: comps.length };
}
