/**
 * Primal network simplex for max-weight bipartite b-matching, over typed arrays.
 *
 * The design follows LEMON's NetworkSimplex (Kovács, "Minimum-cost flow
 * algorithms: an experimental evaluation", 2015): a strongly feasible spanning
 * tree stored as parent / pred / pred_dir / thread / rev_thread / succ_num /
 * last_succ arrays, block-search pricing, and Cunningham's leaving-arc rule
 * (which prevents cycling under degeneracy). It is specialised to our network:
 *
 *   left i --(cap 1, cost -w)--> right j --(cap rightCap[j], cost 0)--> T
 *   left i --(cap ∞, cost 0)--> T           "leave this slot unused"
 *
 * with supply leftCap[i] at left node i and the matching demand at T. With
 * `edgeCap` the left→right arcs get their own capacities instead of 1, which
 * makes it the transportation problem (./transport.ts); nothing else changes. The
 * zero-cost bypass arcs make the flow amount free, so no capacity has to be
 * filled. Rooting the tree at T with every node hanging from its own arc to T
 * is a feasible, strongly feasible starting basis (every zero-flow tree arc
 * points at the root), so unlike LEMON we need no artificial arcs and no big-M
 * cost.
 *
 * Everything is deterministic: the pivot sequence depends only on the arc
 * order and the costs.
 */

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;
/** Capacity standing for "unbounded"; flows never come near it (they are ≤ total supply < 2^31). */
const INF = 0x7fffffff;

/**
 * A bipartite network with compact node indices (every left and right node has capacity > 0).
 * Edges have capacity 1 (b-matching) unless `edgeCap` gives each its own (transportation).
 */
export interface BipartiteNetwork {
  leftCount: number;
  rightCount: number;
  leftCap: Int32Array;
  rightCap: Int32Array;
  /** Edges, ideally grouped by left node (better memory locality while pricing). */
  edgeLeft: Int32Array;
  edgeRight: Int32Array;
  /** Strictly positive weights. */
  edgeWeight: Int32Array;
  /** Capacity per edge, each ≥ 1 (default: all 1). */
  edgeCap?: Int32Array;
}

/** Solve the max-weight b-matching on `net` and return 0/1 per edge (same order as the input). */
export function networkSimplexMatching(net: BipartiteNetwork): Uint8Array {
  const m = net.edgeLeft.length;
  const chosen = new Uint8Array(m);
  if (m === 0) return chosen;
  const flow = networkSimplexFlow(net);
  for (let e = 0; e < m; e++) chosen[e] = flow[e]!;
  return chosen;
}

/**
 * Solve the max-weight flow on `net` (edge capacities `edgeCap`, default 1) and
 * return the flow per edge (same order as the input). With `edgeCap` this is
 * the transportation problem: left supplies, right demands, nothing has to move.
 */
export function networkSimplexFlow(net: BipartiteNetwork): Int32Array {
  const nL = net.leftCount;
  const nR = net.rightCount;
  const m = net.edgeLeft.length;
  const n = nL + nR; // the root T gets index n
  const arcCount = m + n;
  if (m === 0) return new Int32Array(0);
  const edgeCap = net.edgeCap;

  // Arc arrays. Arcs 0..m-1 are the edges, arc m+u is node u's arc to the root.
  const source = new Int32Array(arcCount);
  const target = new Int32Array(arcCount);
  const cost = new Int32Array(arcCount);
  const cap = new Int32Array(arcCount);
  const flow = new Int32Array(arcCount);
  const state = new Int8Array(arcCount);
  for (let e = 0; e < m; e++) {
    source[e] = net.edgeLeft[e]!;
    target[e] = nL + net.edgeRight[e]!;
    cost[e] = -net.edgeWeight[e]!;
    cap[e] = edgeCap === undefined ? 1 : edgeCap[e]!;
    state[e] = STATE_LOWER;
  }

  // Spanning tree arrays (node n is the root).
  const parent = new Int32Array(n + 1);
  const pred = new Int32Array(n + 1);
  const predDir = new Int8Array(n + 1);
  const thread = new Int32Array(n + 1);
  const revThread = new Int32Array(n + 1);
  const succNum = new Int32Array(n + 1);
  const lastSucc = new Int32Array(n + 1);
  // Potentials are sums of costs along tree paths; doubles keep them exact far beyond int32.
  const pi = new Float64Array(n + 1);
  const dirtyRevs = new Int32Array(n + 1);

  const root = n;
  parent[root] = -1;
  pred[root] = -1;
  thread[root] = 0;
  revThread[0] = root;
  succNum[root] = n + 1;
  lastSucc[root] = root - 1;
  for (let u = 0; u < n; u++) {
    const e = m + u;
    source[e] = u;
    target[e] = root;
    cost[e] = 0;
    state[e] = STATE_TREE;
    if (u < nL) {
      cap[e] = INF; // unbounded, so the full arc is not at its upper bound (strong feasibility)
      flow[e] = net.leftCap[u]!;
    } else {
      cap[e] = net.rightCap[u - nL]!;
      flow[e] = 0;
    }
    parent[u] = root;
    pred[u] = e;
    predDir[u] = DIR_UP;
    thread[u] = u + 1;
    revThread[u + 1] = u;
    succNum[u] = 1;
    lastSucc[u] = u;
    pi[u] = 0;
  }

  // Block search pricing (LEMON's default): scan blocks of ~sqrt(arcs) arcs and
  // take the most negative reduced cost of the first block that has one.
  const blockSize = Math.max(10, Math.floor(Math.sqrt(arcCount)));
  const cursor = new Int32Array(2); // [next arc to price, arcs priced so far]

  let inArc = -1;
  let join = 0;
  let uIn = 0;
  let vIn = 0;
  let uOut = 0;
  let delta = 0;

  // Heuristic first pivots (as LEMON's initialPivots): each left node's best
  // edge, lowest index among equals, in node order. Cheap pivots near the root
  // that give pricing a good start.
  const bestArc = new Int32Array(nL).fill(-1);
  for (let e = 0; e < m; e++) {
    const u = source[e]!;
    const b = bestArc[u]!;
    if (b < 0 || cost[e]! < cost[b]!) bestArc[u] = e;
  }
  let h = 0;

  for (;;) {
    // ---- find entering arc
    if (h < nL) {
      inArc = bestArc[h++]!;
      if (inArc < 0 || state[inArc]! * (cost[inArc]! + pi[source[inArc]!]! - pi[target[inArc]!]!) >= 0) continue;
    } else {
      inArc = findEnteringArc(state, cost, source, target, pi, arcCount, blockSize, cursor);
      if (inArc < 0) break;
    }

    // ---- find join node
    {
      let u = source[inArc]!;
      let v = target[inArc]!;
      while (u !== v) {
        if (succNum[u]! < succNum[v]!) u = parent[u]!;
        else v = parent[v]!;
      }
      join = u;
    }

    // ---- find leaving arc (Cunningham's rule: last blocking arc in cycle order)
    let first: number;
    let second: number;
    if (state[inArc] === STATE_LOWER) {
      first = source[inArc]!;
      second = target[inArc]!;
    } else {
      first = target[inArc]!;
      second = source[inArc]!;
    }
    delta = cap[inArc]!;
    let result = 0;
    for (let u = first; u !== join; u = parent[u]!) {
      const a = pred[u]!;
      let d = flow[a]!;
      if (predDir[u] === DIR_DOWN) {
        const c = cap[a]!;
        d = c === INF ? INF : c - d;
      }
      if (d < delta) {
        delta = d;
        uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]!) {
      const a = pred[u]!;
      let d = flow[a]!;
      if (predDir[u] === DIR_UP) {
        const c = cap[a]!;
        d = c === INF ? INF : c - d;
      }
      if (d <= delta) {
        delta = d;
        uOut = u;
        result = 2;
      }
    }
    if (result === 1) {
      uIn = first;
      vIn = second;
    } else {
      uIn = second;
      vIn = first;
    }
    const change = result !== 0;

    // ---- change flow along the cycle
    if (delta > 0) {
      const val = state[inArc]! * delta;
      flow[inArc] = flow[inArc]! + val;
      for (let u = source[inArc]!; u !== join; u = parent[u]!) {
        const a = pred[u]!;
        flow[a] = flow[a]! - predDir[u]! * val;
      }
      for (let u = target[inArc]!; u !== join; u = parent[u]!) {
        const a = pred[u]!;
        flow[a] = flow[a]! + predDir[u]! * val;
      }
    }
    if (!change) {
      // The entering arc itself is the bottleneck: it just flips bound.
      state[inArc] = -state[inArc]! as -1 | 1;
      continue;
    }
    state[inArc] = STATE_TREE;
    {
      const a = pred[uOut]!;
      state[a] = flow[a] === 0 ? STATE_LOWER : STATE_UPPER;
    }

    // ---- update tree structure
    const oldRevThread = revThread[uOut]!;
    const oldSuccNum = succNum[uOut]!;
    const oldLastSucc = lastSucc[uOut]!;
    const vOut = parent[uOut]!;

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc]!;
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn]!;
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      // When oldRevThread === vIn, join and vOut coincide as well.
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc]! : thread[vIn]!;
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn]!;
      let after = thread[last]!;
      thread[vIn] = uIn;
      let dirty = 0;
      dirtyRevs[dirty++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem]!;
        thread[last] = nextStem;
        dirtyRevs[dirty++] = last;
        const before = revThread[stem]!;
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem]! : lastSucc[stem]!;
        after = thread[last]!;
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < dirty; i++) {
        const u = dirtyRevs[i]!;
        revThread[thread[u]!] = u;
      }
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut]!;
      for (let u = uOut, p = parent[u]!; u !== uIn; u = p, p = parent[u]!) {
        pred[u] = pred[p]!;
        predDir[u] = -predDir[p]!;
        tmpSc += succNum[u]! - succNum[p]!;
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut]!;
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]!) {
      lastSucc[u] = lastSuccOut;
    }
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) {
        lastSucc[u] = oldRevThread;
      }
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) {
        lastSucc[u] = lastSuccOut;
      }
    }
    for (let u = vIn; u !== join; u = parent[u]!) succNum[u] = succNum[u]! + oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]!) succNum[u] = succNum[u]! - oldSuccNum;

    // ---- update potentials of the moved subtree
    const sigma = pi[vIn]! - pi[uIn]! - predDir[uIn]! * cost[inArc]!;
    const end = thread[lastSucc[uIn]!]!;
    for (let u = uIn; u !== end; u = thread[u]!) pi[u] = pi[u]! + sigma;
  }

  return flow.subarray(0, m);
}

/**
 * Block search: starting at cursor[0], price arcs in blocks of `blockSize` and
 * return the most negative reduced cost arc of the first block that has one,
 * or -1 when no arc prices out (optimal). A separate small function so V8
 * optimises this hot loop on its own.
 */
function findEnteringArc(
  state: Int8Array,
  cost: Int32Array,
  source: Int32Array,
  target: Int32Array,
  pi: Float64Array,
  arcCount: number,
  blockSize: number,
  cursor: Int32Array,
): number {
  let min = 0;
  let best = -1;
  let cnt = blockSize;
  const start = cursor[0]!;
  for (let e = start; e < arcCount; e++) {
    const s = state[e]!;
    if (s !== 0) {
      const c = s * (cost[e]! + pi[source[e]!]! - pi[target[e]!]!);
      if (c < min) {
        min = c;
        best = e;
      }
    }
    if (--cnt === 0) {
      if (min < 0) {
        cursor[0] = e + 1 === arcCount ? 0 : e + 1;
        cursor[1] = cursor[1]! + (e + 1 - start);
        return best;
      }
      cnt = blockSize;
    }
  }
  for (let e = 0; e < start; e++) {
    const s = state[e]!;
    if (s !== 0) {
      const c = s * (cost[e]! + pi[source[e]!]! - pi[target[e]!]!);
      if (c < min) {
        min = c;
        best = e;
      }
    }
    if (--cnt === 0) {
      if (min < 0) {
        cursor[0] = e + 1;
        cursor[1] = cursor[1]! + (arcCount - start + e + 1);
        return best;
      }
      cnt = blockSize;
    }
  }
  cursor[1] = cursor[1]! + arcCount;
  if (min < 0) cursor[0] = start;
  return best;
}
