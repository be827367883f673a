import type { BipartiteNetwork } from './network-simplex.js';

/**
 * What both exact solvers (assignment, transport) do around the network simplex: split the
 * bipartite graph into connected components, and give each component a compact network of
 * its own nodes and arcs.
 */

/** Component id per open edge (edges outside `open` get -1), by union-find over left and right nodes. */
export function components(L: number, R: number, edgeLeft: Int32Array, edgeRight: Int32Array, open: Uint8Array): Int32Array {
  const parent = new Int32Array(L + R);
  for (let u = 0; u < L + R; u++) parent[u] = u;
  const find = (u: number): number => {
    let r = u;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[u] !== r) {
      const next = parent[u]!;
      parent[u] = r;
      u = next;
    }
    return r;
  };
  const m = edgeLeft.length;
  for (let e = 0; e < m; e++) {
    if (!open[e]) continue;
    const a = find(edgeLeft[e]!);
    const b = find(L + edgeRight[e]!);
    // Union by smaller index keeps the result independent of anything but the input.
    if (a < b) parent[b] = a;
    else if (b < a) parent[a] = b;
  }
  const comp = new Int32Array(m).fill(-1);
  for (let e = 0; e < m; e++) if (open[e]) comp[e] = find(edgeLeft[e]!);
  return comp;
}

/** Edge indices of each component (ascending within a component), components in order of their first edge. */
export function componentEdges(comp: Int32Array): Int32Array[] {
  const m = comp.length;
  // Renumber roots densely in order of first edge, then bucket edges by a stable counting sort.
  const rootIds = new Map<number, number>();
  const size: number[] = [];
  for (let e = 0; e < m; e++) {
    const c = comp[e]!;
    if (c < 0) continue;
    let id = rootIds.get(c);
    if (id === undefined) {
      id = size.length;
      rootIds.set(c, id);
      size.push(0);
    }
    size[id]!++;
    comp[e] = id;
  }
  const out = size.map((n) => new Int32Array(n));
  const fill = new Int32Array(size.length);
  for (let e = 0; e < m; e++) {
    const c = comp[e]!;
    if (c < 0) continue;
    out[c]![fill[c]!] = e;
    fill[c] = fill[c]! + 1;
  }
  return out;
}

/**
 * A compact network over the given edges (indices into the whole problem's arrays), with node
 * capacities from `leftCap` / `rightCap` (by the whole problem's node index) and, when given,
 * arc capacities. `scratch` maps are all -1 on entry and are left that way.
 */
export function compactNetwork(
  edges: Int32Array,
  edgeLeft: Int32Array,
  edgeRight: Int32Array,
  weight: Int32Array,
  cap: Int32Array | undefined,
  leftCap: (i: number) => number,
  rightCap: (j: number) => number,
  scratch: { mapL: Int32Array; mapR: Int32Array },
): BipartiteNetwork {
  const { mapL, mapR } = scratch;
  const m = edges.length;
  const netLeft = new Int32Array(m);
  const netRight = new Int32Array(m);
  const netWeight = new Int32Array(m);
  const netCap = cap ? new Int32Array(m) : undefined;
  const lefts: number[] = [];
  const rights: number[] = [];
  for (let k = 0; k < m; k++) {
    const e = edges[k]!;
    const i = edgeLeft[e]!;
    const j = edgeRight[e]!;
    if (mapL[i] === -1) mapL[i] = lefts.push(i) - 1;
    if (mapR[j] === -1) mapR[j] = rights.push(j) - 1;
    netLeft[k] = mapL[i]!;
    netRight[k] = mapR[j]!;
    netWeight[k] = weight[e]!;
    if (netCap) netCap[k] = cap![e]!;
  }
  const netLeftCap = new Int32Array(lefts.length);
  const netRightCap = new Int32Array(rights.length);
  lefts.forEach((i, q) => {
    netLeftCap[q] = leftCap(i);
    mapL[i] = -1;
  });
  rights.forEach((j, q) => {
    netRightCap[q] = rightCap(j);
    mapR[j] = -1;
  });
  const net: BipartiteNetwork = {
    leftCount: lefts.length, rightCount: rights.length, leftCap: netLeftCap, rightCap: netRightCap, edgeLeft: netLeft, edgeRight: netRight, edgeWeight: netWeight,
  };
  if (netCap) net.edgeCap = netCap;
  return net;
}
