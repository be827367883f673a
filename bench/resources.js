// Synthetic resource-bank instance for `kyodo match resources`: N offers × N requests (default 10 000 each),
// 16 categories, one unit per category, spread over a 15 km radius (the 10 km rule prunes some arcs).
//
//   npm run build && node bench/resources.js [N=10000] [--seed S]
//
// Prints the arc count and the time of solveResourceMatching (arc building + exact solve + reasons).
import { createRng } from '../scripts/lib/rng.js';
import { solveResourceMatching } from '../dist/matching/resources/match.js';

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
const t0 = performance.now();
const r = solveResourceMatching({ offers, requests, declined: new Map() }, '2026-04-01');
const t1 = performance.now();
const units = r.allocations.reduce((s, a) => s + a.quantity, 0);
console.log(`${n} offers × ${n} requests: ${r.candidate_count} arcs, ${r.allocations.length} allocations (${units} units), objective ${r.objective}`);
console.log(`solveResourceMatching (arcs + solve + reasons): ${((t1 - t0) / 1000).toFixed(2)} s`);
