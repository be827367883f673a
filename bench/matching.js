// npm run bench (matching section): end-to-end `kyodo match volunteers` on seeded synthetic wards,
// with the phases timed in-process (load, candidate pairs + scores, solver) and the optimum
// cross-checked by HiGHS on the 20k × 2k instance. Writes the "matching" section of docs/BENCHMARKS.md.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { machine, median, timed, writeSection } from './lib/report.js';
import { populateMatchingDb } from './lib/matching-db.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_MATCH_SIZES ?? '20000x2000,200000x20000').split(',').map((s) => s.split('x').map(Number));
mkdirSync('bench/out', { recursive: true });
const rows = [];
for (const [volunteers, openings] of SIZES) {
  const db = `bench/out/match-${volunteers}x${openings}.db`;
  if (!existsSync(db)) {
    for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
    spawnSync(process.execPath, ['bin/kyodo.js', '--db', db, 'init'], { stdio: 'ignore' });
    populateMatchingDb(db, { volunteers, openings });
  }
  const e2e = [];
  const withCandidates = [];
  let doc;
  const args = ['bin/kyodo.js', '--db', db, '--json', '--quiet', 'match', 'volunteers', '--as-of', '2026-04-01'];
  for (let r = 0; r < RUNS; r++) {
    const t = timed(process.execPath, args);
    e2e.push(t);
    doc = JSON.parse(t.stdout);
    withCandidates.push(timed(process.execPath, [...args, '--candidates', `bench/out/cand-${volunteers}.csv`, '--force']));
  }
  const phases = JSON.parse(spawnSync(process.execPath, ['bench/lib/matching-phases.js', db, String(RUNS), volunteers <= 20000 ? 'highs' : 'no-highs'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout);
  rows.push({ volunteers, openings, e2e: median(e2e.map((x) => x.wall)), rss: median(e2e.map((x) => x.rssMb)), e2eCand: median(withCandidates.map((x) => x.wall)), rssCand: median(withCandidates.map((x) => x.rssMb)), pairs: doc.pairs.length, candidates: doc.candidates, objective: doc.objective, ...phases });
  process.stderr.write(`${volunteers}×${openings}: ${JSON.stringify(rows.at(-1))}\n`);
}
const info = machine();
const fmt = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(2)} s`);
const md = `## Matching, end to end (\`kyodo match volunteers\`)

Machine: ${info.cpu}, ${info.memory}, ${info.os}; Node ${info.node}. Date: ${info.date}.
Command: \`npm run bench\` (or \`node bench/matching.js\`); synthetic wards from \`bench/lib/matching-db.js\` (seeded), median of ${RUNS} runs.
"end to end" is the whole CLI process (start, load, pairs, solve, JSON out); "with --candidates" also writes every allowed pair to a CSV file. The phases are timed in-process.

| instance | allowed pairs | proposed | end to end | peak RSS | with --candidates | peak RSS | load | pairs + scores | solver | greedy | greedy vs optimum | HiGHS optimum |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.map((r) => `| ${r.volunteers.toLocaleString('en')} × ${r.openings.toLocaleString('en')} | ${r.candidates.toLocaleString('en')} | ${r.pairs.toLocaleString('en')} | ${fmt(r.e2e)} | ${r.rss} MB | ${fmt(r.e2eCand)} | ${r.rssCand} MB | ${fmt(r.load)} | ${fmt(r.pairsTime)} | ${fmt(r.solve)} | ${fmt(r.greedy)} | ${r.greedyPct.toFixed(2)} % | ${r.highs === null ? 'not run (HiGHS WASM memory cap)' : r.highs === r.optimum ? 'agrees' : `DIFFERS (${r.highs} vs ${r.optimum})`} |`).join('\n')}

Target: 20k × 2k end to end ≤ 2 s. "greedy vs optimum" is the total score of a best-score-first greedy pass on the
same allowed pairs as a share of the exact optimum: the value the exact solver adds.
`;
writeSection('matching', md);
process.stdout.write(md);
