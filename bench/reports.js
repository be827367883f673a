// Benchmark of `kyodo report kpi`: a seeded ward of 1M volunteers and 5M activity records (FY2021–FY2025),
// written straight into a kyodo database with better-sqlite3 (not through the import), then
// `kyodo report kpi --fy 2025 --format json` with the shipped KPI templates (15 indicators × 5 fiscal years).
//
//   node bench/reports.js [--volunteers N] [--activities N] [--runs N] [--keep]
//
// Writes the "reports" section of docs/BENCHMARKS.md. Target: ≤ 1 s (median of the runs).
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { createRng } from '../scripts/lib/rng.js';
import { machine, median, timed, writeSection } from './lib/report.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const VOLUNTEERS = opt('volunteers', 1_000_000);
const ACTIVITIES = opt('activities', 5_000_000);
const ORGS = opt('orgs', 10_000);
const RUNS = opt('runs', 3);
const SEED = 20260401;
const YEARS = [2021, 2022, 2023, 2024, 2025];

const pad = (n, w) => String(n).padStart(w, '0');
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;
const fyStart = (fy) => Date.UTC(fy, 3, 1);

function generate(db) {
  const rng = createRng(SEED);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -400000');
  const t0 = Date.now();
  // Bulk load without the secondary indexes, then build them once (same definitions as the migration).
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
    AND tbl_name IN ('activities', 'volunteers', 'organizations', 'events', 'financials', 'projects')`).all();
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
  // The activity totals triggers are dropped for the load and the totals rebuilt in one statement after it:
  // the same content the triggers keep (test/unit/reports/activity-totals.test.ts), 5M trigger runs faster.
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'activities'`).all();
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  const run = Number(db.prepare(`INSERT INTO import_runs (kind, file, format, started_at, status) VALUES ('bench', 'bench/reports.js', 'native', ?, 'done')`).run(new Date().toISOString()).lastInsertRowid);

  db.transaction(() => {
    const forms = ['npo', 'npo', 'npo', 'certified_npo', 'voluntary', 'voluntary', 'general_association', 'neighborhood'];
    const org = db.prepare(`INSERT INTO organizations (org_id, name, legal_form, fields, fields_mask, established_on, certified_on, status, dissolved_on, registered_on, created_run, updated_run)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${run}, ${run})`);
    for (let i = 1; i <= ORGS; i++) {
      const form = rng.pick(forms);
      const f1 = rng.int(1, 20);
      const f2 = rng.int(1, 20);
      const fields = [...new Set([f1, f2])].sort((a, b) => a - b);
      const reg = fyStart(2010) + rng.int(0, 16 * 365) * DAY;
      const dissolved = rng.chance(0.05) ? iso(reg + rng.int(30, 3000) * DAY) : null;
      org.run(`ORG${pad(i, 6)}`, `ベンチ団体${i}`, form, JSON.stringify(fields), fields.reduce((m, f) => m | (1 << (f - 1)), 0), iso(reg - 400 * DAY),
        form === 'certified_npo' ? iso(reg + rng.int(0, 2000) * DAY) : null, dissolved ? 'dissolved' : 'active', dissolved, iso(reg));
    }
    const vol = db.prepare(`INSERT INTO volunteers (volunteer_id, name, kana, birth_date, postal_code, address, municipality_code, phone, email, skills, interests, interests_mask, availability, availability_mask, status, registered_on, created_run, updated_run)
      VALUES (?, ?, 'ベンチ タロウ', ?, '1990817', '東京都架空市さくら区本町1丁目', '131903', '03-0000-0000', ?, '["調理","パソコン"]', '[1,13]', 4097, '["sat-am","sun-pm"]', 5, ?, ?, ${run}, ${run})`);
    for (let i = 1; i <= VOLUNTEERS; i++) {
      vol.run(`V${pad(i, 7)}`, `ベンチ 太郎${i}`, iso(Date.UTC(1950, 0, 1) + rng.int(0, 55 * 365) * DAY), `v${i}@example.org`,
        rng.chance(0.03) ? 'withdrawn' : 'active', iso(fyStart(2012) + rng.int(0, 14 * 365) * DAY));
    }
    // Activities: 5M over five fiscal years, inserted in key order.
    const act = db.prepare(`INSERT INTO activities (activity_id, org_id, volunteer_id, opening_id, date, hours, participants, created_run, updated_run)
      VALUES (?, ?, ?, NULL, ?, ?, ?, ${run}, ${run})`);
    for (let i = 1; i <= ACTIVITIES; i++) {
      const fy = YEARS[Math.floor(((i - 1) * YEARS.length) / ACTIVITIES)];
      const group = rng.chance(0.05);
      act.run(`A${pad(i, 8)}`, `ORG${pad(rng.int(1, ORGS), 6)}`, group ? null : `V${pad(rng.int(1, VOLUNTEERS), 7)}`,
        iso(fyStart(fy) + rng.int(0, 364) * DAY), rng.int(2, 16) / 2, group ? rng.int(5, 50) : null);
    }
    const ev = db.prepare(`INSERT INTO events (event_id, date, kind, org_id, participants, created_run, updated_run) VALUES (?, ?, ?, ?, ?, ${run}, ${run})`);
    const kinds = ['講座', '研修', '交流会', '相談', '施設利用', '施設利用', '施設利用'];
    for (let i = 1; i <= 50_000; i++) {
      ev.run(`E${pad(i, 6)}`, iso(fyStart(2021) + rng.int(0, 5 * 365) * DAY), rng.pick(kinds), `ORG${pad(rng.int(1, ORGS), 6)}`, rng.int(1, 60));
    }
    const fin = db.prepare(`INSERT INTO financials (org_id, fy, income_total, donations, business_income, created_run, updated_run) VALUES (?, ?, ?, ?, ?, ${run}, ${run})`);
    for (let i = 1; i <= ORGS; i++) {
      let income = rng.int(5, 500) * 100_000;
      for (const fy of YEARS) {
        income = Math.round(income * (0.9 + rng.next() * 0.3));
        fin.run(`ORG${pad(i, 6)}`, fy, income, Math.round(income * rng.next() * 0.3), Math.round(income * rng.next() * 0.4));
      }
    }
    const pj = db.prepare(`INSERT INTO projects (project_id, fy, title, method, org_ids, created_run, updated_run) VALUES (?, ?, ?, ?, ?, ${run}, ${run})`);
    for (let i = 1; i <= 2_000; i++) pj.run(`PJ${pad(i, 5)}`, rng.pick(YEARS), `協働事業${i}`, rng.pick(['委託', '補助', '共催']), JSON.stringify([`ORG${pad(rng.int(1, ORGS), 6)}`]));
    const ind = db.prepare(`INSERT INTO indicators (indicator_id, fy, value, created_run, updated_run) VALUES (?, ?, ?, ${run}, ${run})`);
    for (const id of ['volunteer_participation_rate', 'participation_rate', 'mau_share']) for (const fy of YEARS) ind.run(id, fy, rng.int(10, 250) / 10);
  })();
  const loaded = Date.now();
  db.transaction(() => {
    const FY = `CAST(substr(date, 1, 4) AS INTEGER) - (substr(date, 6, 2) < '04')`;
    db.exec(`INSERT INTO activity_year_volunteers (fy, volunteer_id, records, hours)
      SELECT ${FY}, volunteer_id, count(*), total(hours) FROM activities WHERE retired_run IS NULL AND volunteer_id IS NOT NULL GROUP BY 1, 2`);
    db.exec(`INSERT INTO activity_years (fy, records, hours, volunteers)
      SELECT ${FY}, count(*), total(hours), 0 FROM activities WHERE retired_run IS NULL GROUP BY 1`);
    db.exec(`UPDATE activity_years SET volunteers = (SELECT count(*) FROM activity_year_volunteers v WHERE v.fy = activity_years.fy)`);
  })();
  for (const t of triggers) db.exec(t.sql);
  for (const ix of indexes) db.exec(ix.sql);
  db.exec('ANALYZE');
  return { loadS: (loaded - t0) / 1000, indexS: (Date.now() - loaded) / 1000 };
}

function main() {
  const dir = 'bench/out';
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'reports.db');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(db + suffix)) rmSync(db + suffix);
  const init = spawnSync(process.execPath, ['bin/kyodo.js', '--db', db, 'init'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`kyodo init failed: ${init.stderr}`);
  const handle = new Database(db);
  const t0 = Date.now();
  const gen = generate(handle);
  handle.pragma('journal_mode = WAL');
  handle.close();
  const genS = (Date.now() - t0) / 1000;
  process.stderr.write(`generated ${VOLUNTEERS} volunteers, ${ACTIVITIES} activities in ${genS.toFixed(1)} s (load ${gen.loadS.toFixed(1)} s, indexes ${gen.indexS.toFixed(1)} s)\n`);

  const cmd = ['bin/kyodo.js', '--db', db, 'report', 'kpi', '--fy', '2025', '--format', 'json'];
  timed(process.execPath, cmd); // warm the page cache once
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(timed(process.execPath, cmd));
  const doc = JSON.parse(runs[0].stdout);
  const wall = median(runs.map((r) => r.wall));
  const rss = median(runs.map((r) => r.rssMb));
  const hours = doc.indicators.find((i) => i.id === 'volunteer_hours');
  const active = doc.indicators.find((i) => i.id === 'volunteers_active');
  const m = machine();
  const md = `## reports

Command: \`node bench/reports.js\` — a seeded ward written straight into a kyodo database with better-sqlite3
(${ORGS.toLocaleString('en')} organizations, ${VOLUNTEERS.toLocaleString('en')} volunteers, ${ACTIVITIES.toLocaleString('en')} activity records over FY2021–FY2025,
50,000 events, financials for every organization and year), then
\`kyodo report kpi --fy 2025 --format json\` with the shipped KPI templates (${doc.indicators.length} indicators, each for FY2025 and the 4 years before).
Median of ${RUNS} runs after one warm-up run; wall time of the whole process (Node start, open, migrate check, queries, JSON).

| machine | date | Node | volunteers | activities | report kpi (median) | peak RSS | target |
| --- | --- | --- | ---: | ---: | ---: | ---: | --- |
| ${m.cpu}, ${m.memory}, ${m.os} | ${m.date} | ${m.node} | ${VOLUNTEERS.toLocaleString('en')} | ${ACTIVITIES.toLocaleString('en')} | **${wall.toFixed(2)} s** | ${rss} MB | ≤ 1 s ${wall <= 1 ? '✔' : '✘'} |

Runs: ${runs.map((r) => `${r.wall.toFixed(2)} s`).join(', ')}. Generation: ${genS.toFixed(0)} s (load ${gen.loadS.toFixed(0)} s, indexes ${gen.indexS.toFixed(0)} s).
Check values: FY2025 volunteer hours ${hours?.actual}, volunteers active ${active?.actual}.

Why it is fast: triggers (migrations 0006 and 0008) keep per-fiscal-year totals of the live activity records
(\`activity_years\`: records, hours, distinct volunteers; \`activity_year_volunteers\`: per volunteer and year), so a
year's activity metrics are one primary-key read instead of a scan of a million index entries (measured first: a
covering-index scan grouped by volunteer took ~0.3 µs a row, ≈ 1.5 s for five years of 1M records). The bench drops
those triggers for the bulk load and rebuilds the totals with one GROUP BY (same content; the triggers are
property-tested against that recomputation). The import pays the triggers instead: three small upserts per record.`;
  writeSection('reports', md);
  process.stdout.write(`${md}\n`);
  if (!args.includes('--keep')) for (const suffix of ['', '-wal', '-shm']) if (existsSync(db + suffix)) rmSync(db + suffix);
}

main();
