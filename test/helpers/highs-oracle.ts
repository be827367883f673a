import type { Highs } from 'highs';
import { expect } from 'vitest';

/**
 * The optimum of a bipartite flow LP, solved by HiGHS: maximise Σ gain·x over arcs, with
 * Σ x ≤ leftCap at each left node, ≤ rightCap at each right node and 0 ≤ x ≤ upper(e).
 * Integral because the matrix is a bipartite incidence matrix, so it is the independent
 * reference the solvers' property tests compare against.
 */
export function bipartiteLpOptimum(highs: Highs, p: {
  leftCap: ArrayLike<number>;
  rightCap: ArrayLike<number>;
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  gain: Int32Array;
  upper: (e: number) => number;
}): number {
  const n = p.edgeLeft.length;
  if (n === 0) return 0;
  const L = p.leftCap.length;
  const numRows = L + p.rightCap.length;
  const starts = new Int32Array(n + 1);
  const indices = new Int32Array(2 * n);
  const colUpper = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    indices[2 * e] = p.edgeLeft[e]!;
    indices[2 * e + 1] = L + p.edgeRight[e]!;
    starts[e + 1] = 2 * e + 2;
    colUpper[e] = p.upper(e);
  }
  const model = highs.createModel({
    numCols: n,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(p.gain),
    colLower: new Float64Array(n),
    colUpper,
    rowLower: new Float64Array(numRows).fill(-highs.infinity),
    rowUpper: Float64Array.from([...Array.from(p.leftCap), ...Array.from(p.rightCap)]),
    matrix: { format: 'csc', numRows, numCols: n, starts, indices, values: new Float64Array(2 * n).fill(1) },
  });
  try {
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    model.run();
    expect(model.getModelStatus()).toBe(highs.constants.modelStatus.optimal);
    return Math.round(model.getObjectiveValue());
  } finally {
    model.dispose();
  }
}
