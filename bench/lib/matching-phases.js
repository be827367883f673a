// In-process phase timings of one matching run (used by bench/matching.js): node matching-phases.js DB RUNS highs|no-highs
import Database from 'better-sqlite3';
import { loadMatchingTemplate } from '../../dist/matching/template.js';
import { loadMatchingData } from '../../dist/matching/volunteers/load.js';
import { buildMatchingProblem } from '../../dist/matching/volunteers/match.js';
import { solveAssignment, greedyAssignment } from '../../dist/matching/solver/assignment.js';
import { median } from './report.js';

const [db, runs, highsFlag] = process.argv.slice(2);
const template = loadMatchingTemplate();
const conn = new Database(db, { readonly: true });
const t = { load: [], pairsTime: [], solve: [], greedy: [] };
let problem;
let optimum;
let greedyObjective;
for (let r = 0; r < Number(runs); r++) {
  let t0 = performance.now();
  const data = loadMatchingData(conn, '2026-04-01');
  t.load.push((performance.now() - t0) / 1000);
  t0 = performance.now();
  problem = buildMatchingProblem(data, '2026-04-01', template).problem;
  t.pairsTime.push((performance.now() - t0) / 1000);
  t0 = performance.now();
  optimum = solveAssignment(problem).objective;
  t.solve.push((performance.now() - t0) / 1000);
  t0 = performance.now();
  greedyObjective = greedyAssignment(problem).objective;
  t.greedy.push((performance.now() - t0) / 1000);
}
let highs = null;
if (highsFlag === 'highs') {
  const { componentsOf, highsComponentOptimum } = await import('./highs-oracle.js');
  const solver = await (await import('highs')).default();
  highs = 0;
  for (const edges of componentsOf(problem)) highs += highsComponentOptimum(solver, problem, edges);
  highs = Math.round(highs);
}
process.stdout.write(JSON.stringify({
  load: median(t.load), pairsTime: median(t.pairsTime), solve: median(t.solve), greedy: median(t.greedy),
  optimum, greedyPct: (100 * greedyObjective) / optimum, highs,
}));
