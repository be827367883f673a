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
