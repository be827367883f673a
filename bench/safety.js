// npm run bench:safety — what the safety checks of issue 9 cost on a 1M-volunteer database (282 MB):
// - a write command checks the file first (PRAGMA quick_check, so a damaged file is never written):
//   `db migrate` on a current database (open, check, nothing to migrate) against a read command
//   (`imports --limit 1`: open read-only, no check), in turn, pair by pair;
// - `volunteers forget` (the erasure with secure_delete, VACUUM, WAL checkpoint), on a fresh copy each run.
// The nightly re-import skips the check of its own table (it reads every stored key anyway): its time is
// the import section's re-import row. Results go to docs/BENCHMARKS.md (section "safety").
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { machine, median, timed, writeSection } from './lib/report.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const out = 'bench/out';
mkdirSync(out, { recursive: true });
const csv = `${out}/volunteers-${ROWS}.csv`;
const base = `${out}/safety-${ROWS}.db`;
if (!existsSync(csv)) {
  const r = spawnSync(process.execPath, ['bench/generate-volunteers.js', csv, String(ROWS), '--seed', '42'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('generator failed');
}
const kyodo = (db, ...args) => timed(process.execPath, ['bin/kyodo.js', '--db', db, '--quiet', ...args]);
if (!existsSync(base)) kyodo(base, 'import', 'volunteers', csv, '--rejects', `${out}/safety-rejects.csv`);
const mb = statSync(base).size / 1e6;

const write = [];
const read = [];
for (let run = 0; run < RUNS + 1; run++) {
  const w = kyodo(base, 'db', 'migrate');
  const r = kyodo(base, 'imports', '--limit', '1');
  if (run === 0) continue; // warm-up: the file into the page cache
  write.push(w.wall);
  read.push(r.wall);
  process.stderr.write(`run ${run}/${RUNS}: write open ${w.wall} s, read open ${r.wall} s\n`);
}
const diffs = write.map((w, i) => w - read[i]);

const forget = [];
const copy = `${out}/safety-forget.db`;
for (let run = 0; run < Math.max(1, Math.ceil(RUNS / 2)); run++) {
  for (const s of ['', '-wal', '-shm']) rmSync(copy + s, { force: true });
  copyFileSync(base, copy);
  const f = kyodo(copy, 'volunteers', 'forget', `V${String(Math.floor(ROWS / 2)).padStart(7, '0')}`, '--yes');
  forget.push(f);
  process.stderr.write(`forget ${run + 1}: ${f.wall} s, ${f.rssMb} MB\n`);
}
for (const s of ['', '-wal', '-shm']) rmSync(copy + s, { force: true });

const info = machine();
const md = `## Safety checks (${ROWS.toLocaleString('en')} volunteers, ${mb.toFixed(0)} MB database)

Machine: ${info.cpu}, ${info.memory}, ${info.os}; Node ${info.node}. Date: ${info.date}.
Command: \`npm run bench:safety\` (medians of ${RUNS} runs, after one warm-up that puts the file in the page cache; whole
processes timed by GNU time).

| what | wall (median) | runs |
| --- | --- | --- |
| a write command's open: \`db migrate\` on a current database (quick_check of every table, nothing to migrate) | ${median(write).toFixed(2)} s | ${write.map((x) => x.toFixed(2)).join(' / ')} |
| a read command's open: \`imports --limit 1\` (read-only, no check) | ${median(read).toFixed(2)} s | ${read.map((x) => x.toFixed(2)).join(' / ')} |
| the check's cost (write − read, pair by pair) | **${median(diffs).toFixed(2)} s** | ${diffs.map((x) => x.toFixed(2)).join(' / ')} |
| \`volunteers forget\` of one person (erasure with secure_delete, VACUUM, WAL checkpoint, rejects files) | ${median(forget.map((f) => f.wall)).toFixed(2)} s, ${median(forget.map((f) => f.rssMb))} MB | ${forget.map((f) => f.wall.toFixed(2)).join(' / ')} |

Decision: every write command checks the whole file before it writes (a zeroed page is noticed by SQLite only when
read, and import, init and migrate used to write into such a file and exit 0). On a typical center database (a few
thousand records) the check takes milliseconds; on this 1M-volunteer file it is the figure above, almost all of it
the volunteers table. The nightly import skips the check of the table it imports when that table has no index of
its own, because it reads every stored key of it anyway and stops on any damage there: the re-import of the import
section keeps its time. The erasure's cost is the VACUUM (see docs/privacy.md for why secure_delete alone is not
enough).
`;
writeSection('safety', md);
process.stdout.write(md + '\n');
