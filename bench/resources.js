// Synthetic resource-bank instance for `kyodo match resources`: N offers × N requests (default 10 000 each),
// 16 categories, one unit per category, spread over a 15 km radius (the 10 km rule prunes some arcs).
//
//   npm run build && node bench/resources.js [N=10000] [--seed S]
//
// Times solveResourceMatching (arc building + exact solve + reasons), median of 3, and writes the
// "resources" section of docs/BENCHMARKS.md.
import { createRng } from '../scripts/lib/rng.js';
import { solveResourceMatching } from '../dist/matching/resources/match.js';
import { machine, median, writeSection } from './lib/report.js';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const seedAt = args.indexOf('--seed');
const rng = createRng(seedAt >= 0 ? Number(args[seedAt + 1]) : 20260401);
const CATEGORIES = ['食品', '日用品', '文房具', '家具', '家電', 'パソコン・IT機器', '衣類', '寝具', 'おもちゃ・絵本', '書籍', 'スポーツ用品', '福祉用具', '防災用品', '場所・スペース', '車両', 'その他'];
const date = (from, days) => new Date(Date.UTC(2026, 3, 1) + (from + rng.int(0, days)) * 86_400_000).toISOString().slice(0, 10);
const offers = [];
const requests = [];
for (let i = 0; i < n; i++) {
  const [lat, lon] = rng.near([35.7, 139.75], 15);
  const c = rng.int(0, CATEGORIES.length - 1);
  offers.push({ id: `OF${String(i).padStart(6, '0')}`, donorKind: 'company', category: CATEGORIES[c], item: null, unit: `u${c}`, lat, lon, municipality: null,
    availableUntil: rng.chance(0.2) ? null : date(-10, 180), remaining: rng.int(1, 50) });
}
for (let j = 0; j < n; j++) {
  const [lat, lon] = rng.near([35.7, 139.75], 15);
  const c = rng.int(0, CATEGORIES.length - 1);
  requests.push({ id: `RQ${String(j).padStart(6, '0')}`, orgId: `ORG${j % 500}`, category: CATEGORIES[c], item: null, unit: `u${c}`,
    neededBy: rng.chance(0.15) ? null : date(0, 150), urgency: rng.pick([null, null, 1, 2, 3]), lat, lon, municipality: null, remaining: rng.int(1, 60) });
}
const times = [];
let r;
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  r = solveResourceMatching({ offers, requests, declined: new Map() }, '2026-04-01');
  times.push((performance.now() - t0) / 1000);
}
const units = r.allocations.reduce((s, a) => s + a.quantity, 0);
const info = machine();
const md = `## Goods → needs (\`kyodo match resources\`, transportation problem on the network simplex)

Machine: ${info.cpu}, ${info.memory}, ${info.os}; Node ${info.node}. Date: ${info.date}.
Command: \`node bench/resources.js ${n}\` (seeded synthetic instance, median of 3 in-process runs of \`solveResourceMatching\`:
arcs, exact solve and reasons; loading from the database not included).

| instance | arcs | allocations | units | objective | time (median) |
| --- | --- | --- | --- | --- | --- |
| ${n.toLocaleString('en')} offers × ${n.toLocaleString('en')} requests | ${r.candidate_count.toLocaleString('en')} | ${r.allocations.length.toLocaleString('en')} | ${units.toLocaleString('en')} | ${r.objective} | ${median(times).toFixed(2)} s |

Runs: ${times.map((t) => `${t.toFixed(2)} s`).join(', ')}. Optimality is checked against HiGHS on random instances in
\`test/unit/matching/resources.test.ts\`.
`;
writeSection('resources', md);
process.stdout.write(md);
