// npm run bench: every benchmark, each writing its own section of docs/BENCHMARKS.md.
// BENCH_ONLY=import,solver,matching,resources,reports,safety picks some.
import { spawnSync } from 'node:child_process';

const only = (process.env.BENCH_ONLY ?? 'import,solver,matching,resources,reports,safety').split(',');
const steps = [
  ['import', ['bench/import.js']],
  ['solver', ['bench/solver.js', '--sizes', 'a,b', '--no-highs-for', 'b'], ['bench/solver-report.js']],
  ['matching', ['bench/matching.js']],
  ['resources', ['bench/resources.js']],
  ['reports', ['bench/reports.js']],
  ['safety', ['bench/safety.js']],
];
for (const [name, ...commands] of steps) {
  if (!only.includes(name)) continue;
  for (const args of commands) {
    process.stderr.write(`\n== bench ${name}: node ${args.join(' ')}\n`);
    const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
