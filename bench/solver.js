// Benchmark of the exact matching optimiser (src/matching/solver) against the
// greedy baseline, with the optimum cross-checked by HiGHS.
//
//   npx tsc -p tsconfig.json && node bench/solver.js [--sizes a,b,ab2] [--repeats 3] [--no-highs] [--seed 1]
//     [--highs-time-limit 600] [--no-highs-for b]
//
// Size ab2 is two independent copies of size a (seeds 1 and 2) side by side: two
// big components, to measure whether solving them on two threads pays off.
//
// KYODO_SOLVER_DIST=/dir/with/assignment.js points at another build (e.g. one
// compiled on its own with `npx tsc --outDir /tmp/solverdist … src/matching/solver/*.ts`).
// Each size runs in its own child process so peak RSS is per size. Figures go
// to stderr as they come and to bench/out/solver.json at the end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateMatchingInstance } from './lib/matching-instance.js';
import { componentsOf, highsComponentOptimum } from './lib/highs-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const SIZES = {
  a: { volunteers: 20_000, openings: 2_000, targetSeconds: 0.52 },
  b: { volunteers: 200_000, openings: 20_000, targetSeconds: 13.6 },
  ab2: { volunteers: 40_000, openings: 4_000, targetSeconds: null, copies: 2 },
};

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 && k + 1 < args.length ? args[k + 1] : fallback;
};
const repeats = Number(flag('--repeats', '3'));
const seed = Number(flag('--seed', '1'));
const withHighs = !args.includes('--no-highs');
const highsTimeLimit = Number(flag('--highs-time-limit', '600'));
const log = (...xs) => console.error(...xs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round3 = (x) => Math.round(x * 1000) / 1000;

if (args[0] === '--child') await child(args[1]);
else parent();

function parent() {
  const sizes = flag('--sizes', 'a,b,ab2').split(',');
  const results = [];
  for (const size of sizes) {
    if (!SIZES[size]) throw new Error(`unknown size ${size} (use a or b)`);
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', size, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    if (run.status !== 0) throw new Error(`size ${size} failed with exit code ${run.status}`);
    results.push(JSON.parse(run.stdout.toString().trim().split('\n').pop()));
  }
  const out = { date: new Date().toISOString(), node: process.version, repeats, seed, results };
  mkdirSync(join(here, 'out'), { recursive: true });
  writeFileSync(join(here, 'out', 'solver.json'), JSON.stringify(out, null, 2) + '\n');
  log(`wrote bench/out/solver.json`);
  console.log(JSON.stringify(out, null, 2));
}

async function child(size) {
  const spec = SIZES[size];
  const dist = process.env.KYODO_SOLVER_DIST ?? join(here, '..', 'dist', 'matching', 'solver');
  const { solveAssignment, greedyAssignment } = await import(pathToFileURL(resolve(dist, 'assignment.js')).href);

  let t = performance.now();
  const p = spec.copies
    ? sideBySide(Array.from({ length: spec.copies }, (_, k) =>
        generateMatchingInstance({ volunteers: spec.volunteers / spec.copies, openings: spec.openings / spec.copies, seed: seed + k })))
    : generateMatchingInstance({ volunteers: spec.volunteers, openings: spec.openings, seed });
  const generateSeconds = (performance.now() - t) / 1000;
  const m = p.edgeLeft.length;
  const slots = p.rightCap.reduce((a, b) => a + b, 0);
  const comps = componentsOf(p).map((c) => c.length).sort((a, b) => b - a);
  log(`[${size}] ${spec.volunteers} × ${spec.openings}: ${m} edges (${(m / spec.volunteers).toFixed(1)}/volunteer), ` +
    `${slots} slots, ${comps.length} components (largest ${comps.slice(0, 3).join(', ')} edges), generated in ${generateSeconds.toFixed(2)} s`);

  const cpuTimes = [];
  const timeIt = (fn) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = fn();
    const t = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1e6);
    return [t, r];
  };
  const solveTimes = [];
  const parallelTimes = [];
  const greedyTimes = [];
  let first = null;
  let deterministic = true;
  let optimum = 0;
  for (let r = 0; r < repeats; r++) {
    const [s, sol] = timeIt(() => solveAssignment(p));
    solveTimes.push(s);
    if (first === null) first = sol.chosen;
    else if (!sameBytes(first, sol.chosen)) deterministic = false;
    optimum = sol.objective;
    log(`[${size}] solve run ${r + 1}: ${s.toFixed(3)} s (CPU ${cpuTimes.at(-1).toFixed(3)} s), objective ${sol.objective}`);
  }
  const solveCpu = cpuTimes.splice(0);
  checkFeasible(p, first, optimum);
  for (let r = 0; r < repeats; r++) {
    const [s, sol] = timeIt(() => solveAssignment(p, { parallel: true }));
    parallelTimes.push(s);
    if (!sameBytes(first, sol.chosen)) deterministic = false;
    log(`[${size}] solve with parallel: true, run ${r + 1}: ${s.toFixed(3)} s`);
  }
  let greedyObjective = 0;
  for (let r = 0; r < repeats; r++) {
    const [s, sol] = timeIt(() => greedyAssignment(p));
    greedyTimes.push(s);
    greedyObjective = sol.objective;
  }
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  const result = {
    size,
    volunteers: spec.volunteers,
    openings: spec.openings,
    edges: m,
    slots,
    components: comps.length,
    largestComponentEdges: comps[0] ?? 0,
    generateSeconds: round3(generateSeconds),
    solveSecondsMedian: round3(median(solveTimes)),
    solveSeconds: solveTimes.map(round3),
    solveCpuSecondsMedian: round3(median(solveCpu)),
    loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
    solveParallelOptionSecondsMedian: round3(median(parallelTimes)),
    targetSeconds: spec.targetSeconds,
    greedySecondsMedian: round3(median(greedyTimes)),
    optimum,
    greedyObjective,
    greedyPercentOfOptimum: Math.round((10000 * greedyObjective) / optimum) / 100,
    deterministic,
    peakRssMiB: Math.round(rssMiB),
    peakRssNote: 'process maxRSS after generating the instance and solving (before HiGHS)',
  };
  log(`[${size}] solve median ${result.solveSecondsMedian} s (parallel: true ${result.solveParallelOptionSecondsMedian} s), ` +
    `greedy ${result.greedySecondsMedian} s at ${result.greedyPercentOfOptimum}% of optimum, peak RSS ${result.peakRssMiB} MiB`);

  const skipFor = flag('--no-highs-for', '').split(',');
  if (withHighs && !skipFor.includes(size)) {
    try {
      const { default: highsLoader } = await import('highs');
      const highs = await highsLoader();
      const t0 = performance.now();
      let total = 0;
      for (const edges of componentsOf(p)) total += highsComponentOptimum(highs, p, edges, highsTimeLimit);
      result.highs = { objective: total, agrees: total === optimum, seconds: round3((performance.now() - t0) / 1000), method: 'one LP per component (createModel arrays), simplex, presolve off' };
      log(`[${size}] HiGHS optimum ${total} in ${result.highs.seconds} s: ${total === optimum ? 'agrees' : 'DISAGREES'}`);
    } catch (err) {
      result.highs = { skipped: String(err?.message ?? err) };
      log(`[${size}] HiGHS cross-check skipped: ${result.highs.skipped}`);
    }
  } else {
    result.highs = { skipped: `not attempted (--no-highs${skipFor.includes(size) ? '-for' : ''})` };
  }
  console.log(JSON.stringify(result));
}

/** Independent instances side by side as one problem (node and edge indices shifted). */
function sideBySide(parts) {
  const cat = (key, shiftBy) => {
    const out = new Int32Array(parts.reduce((n, q) => n + q[key].length, 0));
    let at = 0;
    let shift = 0;
    for (const q of parts) {
      for (let k = 0; k < q[key].length; k++) out[at + k] = q[key][k] + shift;
      at += q[key].length;
      if (shiftBy) shift += q[shiftBy];
    }
    return out;
  };
  return {
    leftCount: parts.reduce((n, q) => n + q.leftCount, 0),
    rightCount: parts.reduce((n, q) => n + q.rightCount, 0),
    leftCap: cat('leftCap'),
    rightCap: cat('rightCap'),
    edgeLeft: cat('edgeLeft', 'leftCount'),
    edgeRight: cat('edgeRight', 'rightCount'),
    edgeWeight: cat('edgeWeight'),
  };
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Capacities respected and the objective is the sum of chosen weights, or throw. */
function checkFeasible(p, chosen, objective) {
  const l = new Int32Array(p.leftCount);
  const r = new Int32Array(p.rightCount);
  let sum = 0;
  for (let e = 0; e < chosen.length; e++) {
    if (!chosen[e]) continue;
    sum += p.edgeWeight[e];
    if (++l[p.edgeLeft[e]] > p.leftCap[p.edgeLeft[e]]) throw new Error(`left capacity exceeded at ${p.edgeLeft[e]}`);
    if (++r[p.edgeRight[e]] > p.rightCap[p.edgeRight[e]]) throw new Error(`right capacity exceeded at ${p.edgeRight[e]}`);
  }
  if (sum !== objective) throw new Error(`objective ${objective} is not the sum of chosen weights ${sum}`);
}
