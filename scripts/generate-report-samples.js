// Sample history of the fictional ward for the yearly reports (FY2021–FY2025), seeded: same seed, same bytes.
//
//   node scripts/generate-report-samples.js [OUT_DIR=data/sample/reports] [--seed N]
//
// Reads data/sample/orgs.csv (ORG001–ORG150) and writes, UTF-8 with BOM and CRLF with Japanese headers:
// activities.csv, financials.csv, programs.csv, grants.csv, projects.csv, events.csv, indicators.csv and README.md.
// Kept apart from generate-samples.js so that the roster samples stay byte-identical.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from './lib/rng.js';
import { csvRecord, parseCsvLine } from './lib/csv.js';

export const REPORT_SEED = 20260331;
const YEARS = [2021, 2022, 2023, 2024, 2025];
const ERA_STYLES = [(fy) => String(fy), (fy) => `R${fy - 2018}`, (fy) => `令和${fy - 2018}年度`, (fy) => `${fy}年度`];

function csvText(header, rows) {
  return `\uFEFF${[csvRecord(header), ...rows.map((r) => csvRecord(r))].join('\r\n')}\r\n`;
}

/** Fisher–Yates with the seeded source. */
function shuffle(rng, items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function iso(y, m, d) {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A day of fiscal year `fy` (April–March); month 1–3 fall in the next calendar year. */
function dayOf(rng, fy) {
  const m = rng.pick([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]);
  const y = m <= 3 ? fy + 1 : fy;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return iso(y, m, rng.int(1, last));
}

function readOrgs(orgsCsv) {
  const lines = readFileSync(orgsCsv, 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  return lines.slice(1).map(parseCsvLine).map((c) => ({ id: c[0], form: c[4], status: c[20] || (c[21] ? '解散' : '活動中') }));
}

/** The report samples as { file: text }, from the roster sample's organizations. */
export function generateReportSamples({ seed = REPORT_SEED, orgsCsv = 'data/sample/orgs.csv' } = {}) {
  const rng = createRng(seed);
  const orgs = readOrgs(orgsCsv);
  const live = orgs.filter((o) => o.status !== '解散');
  const npoLike = live.filter((o) => /NPO|特定非営利/.test(o.form));
  const files = {};

  // Activity records: more each year as the platform grows; a few pasted with 和暦 and slashes.
  const activities = [];
  let n = 0;
  YEARS.forEach((fy, yi) => {
    const count = 500 + yi * 150;
    for (let i = 0; i < count; i++) {
      const date = dayOf(rng, fy);
      const shown = rng.chance(0.1) ? date.replace(/-0?/g, '/') : date;
      const group = rng.chance(0.08);
      activities.push([
        `ACT${String(++n).padStart(5, '0')}`, rng.pick(live).id, group ? '' : `V${String(rng.int(1, 600)).padStart(4, '0')}`, '',
        shown, String(rng.pick([1, 1.5, 2, 2, 3, 3, 4, 5])), group ? String(rng.int(5, 40)) : '',
      ]);
    }
  });
  // The fiscal-year edges, on purpose: 2026-03-31 is FY2025, 2026-04-01 is FY2026 (not in the FY2025 report).
  activities.push([`ACT${String(++n).padStart(5, '0')}`, live[0].id, 'V0001', '', '2026-03-31', '2', '']);
  activities.push([`ACT${String(++n).padStart(5, '0')}`, live[0].id, 'V0001', '', '2026-04-01', '2', '']);
  files['activities.csv'] = csvText(['活動ID', '団体ID', 'ボランティアID', '募集ID', '活動日', '活動時間', '参加人数'], activities);

  // Financials per fiscal year: income grows for most, donations and business income vary.
  const financials = [];
  for (const o of live) {
    let income = rng.int(5, 120) * 100_000;
    const donationShare = rng.next() * 0.35;
    const businessShare = rng.next() * 0.45;
    for (const fy of YEARS) {
      if (fy > 2021 && rng.chance(0.05)) continue; // a missing 活動計算書
      income = Math.round(income * (0.9 + rng.next() * 0.3) / 1000) * 1000;
      const donations = Math.round(income * donationShare * (0.8 + rng.next() * 0.4) / 1000) * 1000;
      const fees = Math.round(income * 0.05 / 1000) * 1000;
      const grants = Math.round(income * 0.2 / 1000) * 1000;
      const business = Math.min(Math.round(income * businessShare / 1000) * 1000, income - donations - fees - grants);
      const commissions = Math.max(0, income - donations - business - fees - grants);
      financials.push([o.id, rng.pick(ERA_STYLES)(fy), String(income), String(donations), String(fees), String(business), String(grants), String(commissions)]);
    }
  }
  files['financials.csv'] = csvText(['団体ID', '年度', '収入合計', '寄付金', '会費', '事業収入', '補助金・助成金', '受託収入'], financials);

  // Programs: one active, one in its final year (PFS tiers), one expired, one still paying after its sunset, one PFS linear.
  const programs = [
    ['SUB-01', '地域の居場所づくり補助金', '協働推進課', 'R7', '3', '', '6000000', ''],
    ['SUB-02', '子ども食堂運営支援補助金', 'こども家庭課', '2023年度', '3', '', '8000000', 'tiers: 0.5:50%, 0.8:80%, 1.0:100%'],
    ['SUB-03', '市民活動スタートアップ補助金', '協働推進課', '令和2年度', '', '令和4年度', '3000000', ''],
    ['SUB-04', '地域防災活動補助金', '危機管理課', '2021', '3', '', '5000000', ''],
    ['SUB-05', '就労支援成果連動型補助金', '福祉政策課', '2024', '3', '', '10000000', 'linear: cap=1.2 floor=0.3'],
  ];
  files['programs.csv'] = csvText(['制度ID', '制度名', '担当課', '開始年度', '存続年数', '終期年度', '年間予算', '成果連動ルール'], programs);

  const grants = [];
  let g = 0;
  const grant = (program, org, fy, amount, target = '', actual = '') => grants.push([`GR${String(++g).padStart(4, '0')}`, program, org, rng.pick(ERA_STYLES)(fy), String(amount), target, actual]);
  const pickOrgs = (k) => shuffle(rng, [...npoLike]).slice(0, k).map((o) => o.id);
  for (const o of pickOrgs(5)) grant('SUB-01', o, 2025, rng.int(5, 12) * 100_000);
  const sub02 = pickOrgs(6);
  for (const fy of [2023, 2024, 2025]) for (const o of sub02) grant('SUB-02', o, fy, 1_200_000, '1200', String(rng.int(500, 1400)));
  for (const fy of [2020, 2021, 2022]) for (const o of pickOrgs(4)) grant('SUB-03', o, fy, 700_000);
  const sub04 = pickOrgs(4);
  for (const fy of [2021, 2022, 2023, 2024, 2025]) for (const o of (fy >= 2024 ? sub04.slice(0, 2) : sub04)) grant('SUB-04', o, fy, 1_000_000);
  for (const fy of [2024, 2025]) for (const o of pickOrgs(5)) grant('SUB-05', o, fy, 2_000_000, '20', String(rng.int(4, 30)));
  files['grants.csv'] = csvText(['交付ID', '制度ID', '団体ID', '年度', '交付額', '成果目標', '成果実績'], grants);

  // Collaboration projects: from 58 towards 75 a year, with methods and partner organizations.
  const methods = [['委託', 30], ['補助', 25], ['共催', 15], ['実行委員会', 10], ['協定', 8], ['後援', 7], ['情報交換', 5]];
  const departments = ['協働推進課', 'こども家庭課', '福祉政策課', '環境政策課', '危機管理課', '文化振興課', '地域振興課'];
  const projects = [];
  let p = 0;
  YEARS.forEach((fy, yi) => {
    const count = 58 + yi * 3 + rng.int(0, 2);
    for (let i = 0; i < count; i++) {
      const partners = shuffle(rng, [...live]).slice(0, rng.int(1, 3)).map((o) => o.id);
      projects.push([`PJ${fy}-${String(++p).padStart(4, '0')}`, rng.pick(ERA_STYLES)(fy), `協働事業 ${fy}-${i + 1}`, rng.weighted(methods), rng.pick(departments), partners.join(';'), String(rng.int(3, 60) * 50_000)]);
    }
  });
  files['projects.csv'] = csvText(['事業ID', '年度', '事業名', '協働の方法', '担当課', '団体ID', '予算'], projects);

  // Events and center usage: trainings, exchange meetings, consultations and room use by organizations.
  const events = [];
  let e = 0;
  YEARS.forEach((fy, yi) => {
    const plan = [['講座', 12 + yi * 2], ['研修', 6 + yi], ['交流会', 4], ['相談', 40 + yi * 10], ['施設利用', 60 + yi * 20]];
    for (const [kind, count] of plan) {
      for (let i = 0; i < count; i++) {
        const org = kind === '相談' || kind === '施設利用' ? rng.pick(live).id : (rng.chance(0.3) ? rng.pick(live).id : '');
        const participants = kind === '相談' ? rng.int(1, 3) : kind === '施設利用' ? rng.int(3, 30) : rng.int(8, 60);
        events.push([`EV${String(++e).padStart(5, '0')}`, dayOf(rng, fy), kind, `${kind} ${fy}-${i + 1}`, org, String(participants)]);
      }
    }
  });
  files['events.csv'] = csvText(['行事ID', '日付', '種別', '名称', '団体ID', '参加人数'], events);

  // Manual indicators: survey results and the platform's monthly active users.
  const indicators = [];
  const survey = { volunteer_participation_rate: [17, 18.2, 19.1, 21.0, 22.6], participation_rate: [9.5, 10.8, 12.9, 14.1, 16.4], mau_share: [null, 0.8, 1.9, 2.7, 4.1] };
  for (const [id, values] of Object.entries(survey)) {
    YEARS.forEach((fy, i) => {
      if (values[i] !== null) indicators.push([id, ERA_STYLES[i % ERA_STYLES.length](fy), String(values[i]), id === 'mau_share' ? 'アクセス解析' : '区民意識調査']);
    });
  }
  files['indicators.csv'] = csvText(['指標ID', '年度', '値', '出典'], indicators);

  files['README.md'] = `# data/sample/reports — five fiscal years of a fictional ward (FY2021–FY2025)

Generated by \`node scripts/generate-report-samples.js\` (seed ${seed}) from the organizations of
\`../orgs.csv\`; do not edit by hand. UTF-8 with BOM, CRLF, Japanese headers; the 年度 cells mix
2025, R7, 令和7年度 and 2025年度 on purpose.

| file | rows | what |
| --- | --- | --- |
| activities.csv | ${activities.length} | activity records, growing each year; the last two rows sit on the fiscal-year edge (2026-03-31 = FY2025, 2026-04-01 = FY2026) |
| financials.csv | ${financials.length} | income, donations, fees, business income, grants, commissions per organization and year |
| programs.csv | ${programs.length} | SUB-01 active (R7–R9), SUB-02 final year in FY2025 (PFS tiers), SUB-03 expired (R2–R4), SUB-04 violation (R3–R5, still granting in R6 and R7), SUB-05 PFS capped linear |
| grants.csv | ${grants.length} | grants by program, organization and year, with agreed KPI target/actual for PFS programs |
| projects.csv | ${projects.length} | collaboration projects (協働事業), 58 → 70 a year, by method |
| events.csv | ${events.length} | 講座, 研修, 交流会, 相談, 施設利用 |
| indicators.csv | ${indicators.length} | manual values: volunteer_participation_rate, participation_rate, mau_share |

Load after the rosters (\`kyodo init --demo\`), programs before grants:

    for k in activities financials programs grants projects events indicators; do kyodo import $k data/sample/reports/$k.csv; done
    kyodo report kpi --fy 2025
    kyodo report sunset --fy R7 --format html --out sunset.html
`;
  return files;
}

function main(argv) {
  const args = argv.slice(2);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : REPORT_SEED;
  const out = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--seed') ?? 'data/sample/reports';
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(generateReportSamples({ seed }))) writeFileSync(join(out, name), text);
  process.stderr.write(`wrote ${out}/ (seed ${seed})\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv);
