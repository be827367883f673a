// npm run demo: a fresh database from the sample rosters of a fictional ward, and the main jobs on it.
// Each step is the real CLI, exactly as staff would type it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const dir = 'demo';
const db = `${dir}/kyodo.db`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const steps = [
  ['データベースを作成 / create the database', ['init']],
  ['団体名簿を取り込む / import organizations (UTF-8, Japanese headers)', ['import', 'orgs', 'data/sample/orgs.csv']],
  ['ボランティア名簿を取り込む / import volunteers (CP932 Excel export, 和暦, deliberately messy rows → exit 3)', ['import', 'volunteers', 'data/sample/volunteers.csv']],
  ['施設を取り込む / import facilities (公共施設一覧 layout + room columns)', ['import', 'facilities', 'data/sample/facilities.csv', '--format', 'opendata']],
  ['募集を取り込む / import openings', ['import', 'openings', 'data/sample/openings.csv']],
  ['同じファイルをもう一度 / the nightly re-import: everything unchanged', ['import', 'volunteers', 'data/sample/volunteers.csv', '--rejects', `${dir}/rerun-rejects.csv`]],
  ['取込履歴 / import history', ['imports']],
  ['手話のできる活動中のボランティア / active volunteers with 手話', ['list', 'volunteers', '--where', 'status=active', '--where', 'skills~手話', '--limit', '10']],
  ['団体 / organizations', ['list', 'orgs', '--limit', '10']],
  ['募集 / openings', ['list', 'openings', '--limit', '10']],
  ['マッチング（最適解・理由つき）/ match volunteers to openings: the exact optimum, with reasons', ['match', 'volunteers', '--as-of', '2026-04-01', '--save', '--candidates', `${dir}/candidates.csv`]],
  ['提案を受入決定 / accept two proposals', ['matches', 'accept', '1', '2']],
  ['団体に渡すリスト（同意のない人は連絡先を伏せる）/ the list one NPO receives', ['matches', 'export', '--org', '__ORG_OF_MATCH_1__', '--out', `${dir}/org-list.csv`]],
  ['提供記録 / audit of personal-data exports', ['audit']],

  // Rooms and goods: the same exact optimum, with reasons.
  ['施設の利用申込と既存予約を取り込む / import booking requests', ['import', 'booking_requests', 'data/sample/booking_requests.csv']],
  ['既存予約 / rooms already taken', ['import', 'bookings', 'data/sample/bookings.csv']],
  ['部屋の割当（二重予約なし・最大充足）/ rooms → booking requests', ['match', 'facilities', '--as-of', '2026-04-01']],
  ['寄付物品の提供と団体の必要を取り込む / import offers and needs', ['import', 'offers', 'data/sample/offers.csv']],
  ['団体の必要 / needs', ['import', 'needs', 'data/sample/needs.csv']],
  ['物品の配分（緊急度・距離で重みづけ）/ goods → needs', ['match', 'resources', '--as-of', '2026-04-01']],

  // A whole partner-selection call: freeze the criteria, collect, score, check, decide, disclose.
  ['選定基準の点検 / lint the criteria', ['select', 'lint', 'templates/criteria/proposal-collaboration.yaml']],
  ['選定基準を確定して公募開始 / freeze the criteria and open the call', ['select', 'open', '--criteria', 'templates/criteria/proposal-collaboration.yaml', '--call', 'C2025-01']],
  ['応募を取り込む / import applications', ['import', 'applications', 'data/sample/selection/applications.csv']],
  ['利害関係の申告（委員C は ORG004 の理事）/ declare a conflict of interest', ['select', 'conflict', 'C2025-01', '--reviewer', '委員C', '--org', 'ORG004', '--note', '理事を兼任']],
  ['審査委員の採点（利害関係のある採点は拒否 → exit 3）/ reviewers\' scores', ['import', 'scores', 'data/sample/selection/scores.csv', '--rejects', `${dir}/scores-rejects.csv`]],
  ['適格性・得点・順位 / eligibility, scores and ranks', ['select', 'check', 'C2025-01']],
  ['選定結果と理由を記録 / decide, with the reason', ['select', 'decide', 'C2025-01', '--org', 'ORG004', '--reason', '得点が最も高く、地域の子育て支援の実績がある']],
  ['公表資料（個人情報なし）/ the disclosure document', ['select', 'disclose', 'C2025-01', '--format', 'html', '--out', `${dir}/選定結果.html`]],
  ['事業後の相互評価 / evaluations by both sides after the project', ['import', 'evaluations', 'data/sample/selection/evaluations.csv']],
  ['評価の比較（行政と NPO の食い違い）/ where the two sides disagree', ['select', 'evaluations', 'P2024-03']],

  // Five fiscal years of history, then the two yearly documents.
  ...['activities', 'financials', 'programs', 'grants', 'projects', 'events', 'indicators'].map((kind) => [
    `年度データを取り込む: ${kind} / import ${kind}`, ['import', kind, `data/sample/reports/${kind}.csv`],
  ]),
  ['KPI 報告（令和7年度）/ KPI report, FY2025', ['report', 'kpi', '--fy', '2025']],
  ['KPI 報告を HTML（グラフつき）で / the same as one HTML file with charts', ['report', 'kpi', '--fy', 'R7', '--format', 'html', '--out', `${dir}/kpi-r7.html`, '--force']],
  ['サンセット補助金報告 / sunset-subsidy report', ['report', 'sunset', '--fy', '令和7年度']],
  ['同じものを Excel で / the same as xlsx', ['report', 'sunset', '--fy', '2025', '--format', 'xlsx', '--out', `${dir}/sunset-r7.xlsx`, '--force']],
];

for (const [title, rawArgs] of steps) {
  const args = rawArgs.map((a) => (a === '__ORG_OF_MATCH_1__' ? orgOfMatch(1) : a));
  process.stdout.write(`\n\x1b[1m▶ ${title}\x1b[0m\n$ kyodo ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, ['bin/kyodo.js', '--db', db, '--lang', 'ja', ...args], { stdio: 'inherit' });
  // 3 = done with rejected rows: expected for the messy sample; anything else non-zero stops the demo.
  if (r.status !== 0 && r.status !== 3) {
    process.stderr.write(`demo step failed with exit ${r.status}: kyodo ${args.join(' ')}\n`);
    process.exit(1);
  }
}
function orgOfMatch(id) {
  const r = spawnSync(process.execPath, ['bin/kyodo.js', '--db', db, '--json', 'matches', 'list'], { encoding: 'utf8' });
  return JSON.parse(r.stdout).matches.find((m) => m.match_id === id)?.org_id ?? 'ORG001';
}

process.stdout.write(`\nデモのデータベース: ${db}（例: node bin/kyodo.js --db ${db} show volunteers V0001）\n`);
process.stdout.write(`公表資料と報告書: ${dir}/選定結果.html, ${dir}/kpi-r7.html, ${dir}/sunset-r7.xlsx\n`);
