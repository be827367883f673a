// Turns bench/out/solver.json (written by bench/solver.js) into the "solver" section of docs/BENCHMARKS.md.
import { readFileSync } from 'node:fs';
import { machine, writeSection } from './lib/report.js';

const data = JSON.parse(readFileSync('bench/out/solver.json', 'utf8'));
const LEMON = { a: 0.26, b: 6.8 };
const info = machine();
const rows = data.results.map((r) => {
  const highs = !r.highs || r.highs.skipped ? 'not run: the whole LP exceeds the 2 GiB memory of HiGHS-WASM (performance.md); optimality rests on the property tests and size a' : r.highs.agrees ? `agrees (${r.highs.objective.toLocaleString('en')})` : `DIFFERS (${r.highs.objective})`;
  const lemon = LEMON[r.size];
  return `| ${r.size}: ${r.volunteers.toLocaleString('en')} × ${r.openings.toLocaleString('en')} | ${r.edges.toLocaleString('en')} | ${r.solveSecondsMedian.toFixed(3)} s | ${lemon ? `${lemon} s (${(r.solveSecondsMedian / lemon).toFixed(2)}×)` : '—'} | ${r.targetSeconds ? `≤ ${r.targetSeconds} s` : '—'} | ${r.greedySecondsMedian.toFixed(3)} s | ${r.greedyPercentOfOptimum.toFixed(2)} % | ${r.peakRssMiB} MiB | ${highs} |`;
});
writeSection('solver', `## Matching solver (network simplex, \`src/matching/solver/\`)

Machine: ${info.cpu}, ${info.memory}, ${info.os}; Node ${data.node}. Measured: ${data.date.slice(0, 10)}.
Command: \`npx tsc -p tsconfig.json && node bench/solver.js --sizes a,b,ab2 --no-highs-for b\` (median of ${data.repeats}; instances from
\`bench/lib/matching-instance.js\`, seed ${data.seed}). LEMON's C++ NetworkSimplex figures are the ones measured on this kind of machine
(performance.md), not re-run here.

| instance | edges | solver | LEMON (ratio) | target | greedy | greedy vs optimum | peak RSS | HiGHS optimum |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`);
