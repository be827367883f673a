// npm run bench:import — the nightly import at scale, against sqlite3's own `.import --csv`.
// 1M seeded volunteer rows (~231 MB): full validated import into a fresh database, and the nightly
// re-import with 1% of rows changed. Results go to docs/BENCHMARKS.md (section "import").
// Needs the Debian package sqlite3 for the reference (`apt-get install sqlite3`); without it the ratio is skipped.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { machine, median, timed, writeSection } from './lib/report.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const out = 'bench/out';
// Hand-written analysis kept beside the script and appended under the generated table.
const notesPath = 'bench/import-notes.md';
mkdirSync(out, { recursive: true });
const base = `${out}/volunteers-${ROWS}.csv`;
const changed = `${out}/volunteers-${ROWS}-1pct.csv`;

function generate(args) {
  const r = spawnSync(process.execPath, ['bench/generate-volunteers.js', ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('generator failed');
}
if (!existsSync(base)) generate([base, String(ROWS), '--seed', '42']);
if (!existsSync(changed)) generate([changed, String(ROWS), '--seed', '42', '--change-percent', '1', '--base', base]);
const mb = statSync(base).size / 1e6;

const kyodo = (db, file) => timed(process.execPath, ['bin/kyodo.js', '--db', db, '--quiet', '--json', 'import', 'volunteers', file, '--rejects', `${out}/rejects.csv`]);
const fresh = (name) => {
  const db = `${out}/${name}.db`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  return db;
};

const hasSqlite = spawnSync('sqlite3', ['--version']).status === 0;
const rows = { sqlite: [], stored: [], full: [], reimport: [] };
const sqlite = (db, ...args) => {
  const r = spawnSync('sqlite3', [db, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`sqlite3 ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

/**
 * The database side alone, in C: sqlite3's own `.import` of the values kyodo stores (the columns its
 * import writes, exported from the database it filled) into a table of the same key, column types
 * and journal (WAL, synchronous=FULL), without any validation. kyodo's import cannot be faster than
 * this; its ratio to the raw `.import` is the floor of the full-import ratio.
 */
const storedCsv = `${out}/volunteers-${ROWS}-stored.csv`;
let storedCols;
function exportStored(db) {
  const info = JSON.parse(sqlite(db, '-json', 'SELECT name, type, pk FROM pragma_table_info(\'volunteers\')'));
  const sample = JSON.parse(sqlite(db, '-json', 'SELECT * FROM volunteers LIMIT 1000'));
  storedCols = info.filter((c) => c.name !== 'retired_run' && sample.some((r) => r[c.name] !== null));
  rmSync(storedCsv, { force: true });
  sqlite(db, '-csv', '-cmd', `.output ${storedCsv}`, `SELECT ${storedCols.map((c) => `"${c.name}"`).join(', ')} FROM volunteers`);
}
function importStored() {
  const db = fresh('sqlite-stored');
  const cols = storedCols.map((c) => `"${c.name}" ${c.type}${c.pk ? ' PRIMARY KEY' : ''}`);
  sqlite(db, `PRAGMA journal_mode = WAL; CREATE TABLE volunteers (${cols.join(', ')}) WITHOUT ROWID;`);
  return timed('sqlite3', [db, '.import --csv ' + storedCsv + ' volunteers']);
}
let updatedRows = 0;
for (let run = 0; run < RUNS; run++) {
  if (hasSqlite) {
    const db = fresh('sqlite-import');
    rows.sqlite.push(timed('sqlite3', [db, '.import --csv ' + base + ' t']));
  }
  const db = fresh('kyodo-import');
  const full = kyodo(db, base);
  const result = JSON.parse(full.stdout);
  if (result.inserted !== ROWS) throw new Error(`expected ${ROWS} inserted, got ${JSON.stringify(result).slice(0, 400)}`);
  rows.full.push(full);
  if (hasSqlite) {
    if (run === 0) exportStored(db);
    rows.stored.push(importStored());
  }
  const again = kyodo(db, changed);
  const r2 = JSON.parse(again.stdout);
  // The generator changes ~1% of rows (a few of its edits leave a row's values as they were).
  if (!(r2.updated > ROWS / 200 && r2.updated <= ROWS / 100) || r2.inserted + r2.updated + r2.unchanged !== ROWS || r2.rejected !== 0) {
    throw new Error(`expected ~${ROWS / 100} updated and the rest unchanged, got ${JSON.stringify(r2).slice(0, 400)}`);
  }
  updatedRows = r2.updated;
  rows.reimport.push(again);
  process.stderr.write(`run ${run + 1}/${RUNS}: sqlite3 ${rows.sqlite.at(-1)?.wall ?? '-'} s (stored form ${rows.stored.at(-1)?.wall ?? '-'} s), kyodo ${full.wall} s (${full.rssMb} MB), re-import ${again.wall} s (${again.rssMb} MB)\n`);
}

const m = (xs, k) => median(xs.map((x) => x[k]));
const sq = hasSqlite ? m(rows.sqlite, 'wall') : undefined;
// Each run's kyodo time over the same run's sqlite3 time (this VM's noise moves both), median and range.
const ratios = (xs) => xs.map((x, i) => x.wall / rows.sqlite[i].wall);
const line = (label, xs, target) => {
  const wall = m(xs, 'wall');
  const rs = sq ? ratios(xs) : [];
  const ratio = sq ? `${median(rs).toFixed(2)}× (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)}×)` : 'n/a';
  return `| ${label} | ${wall.toFixed(2)} s | ${Math.round(ROWS / wall).toLocaleString('en')} | ${m(xs, 'rssMb')} MB | ${ratio} | ${target} |`;
};
const info = machine();
const notes = existsSync(notesPath) ? readFileSync(notesPath, 'utf8').trim() + '\n' : '';
const md = `## Import (${ROWS.toLocaleString('en')} volunteer rows, ${mb.toFixed(0)} MB, 15 columns)

Machine: ${info.cpu}, ${info.memory}, ${info.os}; Node ${info.node}; sqlite3 CLI ${info.sqlite3}. Date: ${info.date}.
Command: \`npm run bench:import\` (median of ${RUNS} runs; wall time and peak RSS of the whole process by GNU time;
ratios are each run's time over the sqlite3 time of the same run, median and range). Wall times per run —
sqlite3: ${rows.sqlite.map((x) => x.wall.toFixed(2)).join(' / ') || 'n/a'} s; sqlite3 on the stored form: ${rows.stored.map((x) => x.wall.toFixed(2)).join(' / ') || 'n/a'} s; kyodo: ${rows.full.map((x) => x.wall.toFixed(2)).join(' / ')} s;
re-import: ${rows.reimport.map((x) => x.wall.toFixed(2)).join(' / ')} s.

| what | wall (median) | rows/s | peak RSS | × sqlite3 .import | target |
| --- | --- | --- | --- | --- | --- |
${hasSqlite ? `| sqlite3 \`.import --csv\` (no validation) | ${sq.toFixed(2)} s | ${Math.round(ROWS / sq).toLocaleString('en')} | ${m(rows.sqlite, 'rssMb')} MB | 1.00× | reference |\n` : ''}${hasSqlite ? `${line(`sqlite3 \`.import\` of the ${storedCols.length} values per row kyodo stores (its key, types, WAL; no validation)`, rows.stored, 'the floor of a full import')}\n` : ''}${line('kyodo import, fresh database (full validation)', rows.full, '≤ 1.5×, ≤ 256 MB')}
${line(`kyodo re-import, 1% of rows changed (${updatedRows.toLocaleString('en')} updated)`, rows.reimport, '≤ 1.0×')}
${hasSqlite ? '' : '\nsqlite3 is not installed (`apt-get install sqlite3`): ratios skipped.\n'}
${notes}`;
writeSection('import', md);
process.stdout.write(md + '\n');
