import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, fileWriter, kyodo, tempDir } from '../helpers/cli.js';

/** Issue 9, points 1–6: an import never loses what a person entered, and every run is in the history. */

const VOLS = 'ボランティアID,氏名,電話番号\n';
const volunteers = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `V${String(from + i).padStart(4, '0')},人${from + i},090-1234-${String(from + i).padStart(4, '0')}\n`).join('');

describe('--full never retires the roster because of a truncated export', () => {
  let dir: string;
  let db: string;
  const write = fileWriter(() => dir);
  const list = () => kyodo(['--db', db, '--json', 'list', 'volunteers']).stdout;
  beforeEach(() => {
    dir = tempDir();
    db = join(dir, 'kyodo.db');
    expect(kyodo(['--db', db, 'import', 'volunteers', write('all.csv', VOLS + volunteers(20))]).code).toBe(0);
  });

  it('a header-only file retires nothing (exit 1, how many, how to allow it); --max-retire all allows it', () => {
    const before = list();
    const header = write('header.csv', VOLS);
    const r = kyodo(['--db', db, 'import', 'volunteers', header, '--full']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no data rows: --full would retire all 20 active volunteers; nothing was changed/);
    expect(r.stderr).toMatch(/--max-retire all/);
    expect(r.stderr).not.toMatch(/bug/);
    expect(list()).toBe(before);
    // Even a generous share does not let an empty file retire anything.
    expect(kyodo(['--db', db, 'import', 'volunteers', header, '--full', '--max-retire', '100%']).code).toBe(1);
    expect(list()).toBe(before);
    const all = kyodo(['--db', db, '--json', 'import', 'volunteers', header, '--full', '--max-retire', 'all']);
    expect(all.code).toBe(0);
    expect(all.json()).toMatchObject({ rows: 0, retired: 20 });
  });

  it('more than 10% (the default) is refused; a share or a count given with --max-retire allows it', () => {
    const before = list();
    const seventeen = write('17.csv', VOLS + volunteers(17));
    const refused = kyodo(['--db', db, '--json', 'import', 'volunteers', seventeen, '--full']);
    expect(refused.code).toBe(1);
    expect(refused.json().error).toMatchObject({ code: 'retire_limit', file: seventeen });
    expect(refused.json().error.message).toMatch(/retire 3 of 20 active volunteers \(15%\), more than --max-retire 10%/);
    expect(list()).toBe(before);
    // The same count when a worker thread reads the file (one part, or two).
    for (const env of [{ KYODO_IMPORT_WORKER: '1' }, { KYODO_IMPORT_WORKER: '1', KYODO_IMPORT_SPLIT: '40' }]) {
      expect(kyodo(['--db', db, '--json', 'import', 'volunteers', seventeen, '--full'], { env }).json().error.message).toMatch(/retire 3 of 20 active/);
    }
    expect(kyodo(['--db', db, 'import', 'volunteers', seventeen, '--full', '--max-retire', '2']).code).toBe(1);
    expect(kyodo(['--db', db, '--json', 'import', 'volunteers', seventeen, '--full', '--max-retire', '15%']).json()).toMatchObject({ retired: 3 });
  });

  it('exactly the limit is allowed (2 of 20 = 10%)', () => {
    expect(kyodo(['--db', db, '--json', 'import', 'volunteers', write('18.csv', VOLS + volunteers(18)), '--full']).json()).toMatchObject({ retired: 2 });
  });

  it('a bad --max-retire is a usage error', () => {
    for (const bad of ['ten', '150%', '-3', '']) {
      const r = kyodo(['--db', db, 'import', 'volunteers', write('x.csv', VOLS), '--full', '--max-retire', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--max-retire/);
    }
  });
});

/** The 30 columns of a 法人番号 row (no header), as the agency publishes them. */
function houjinRow(cn: string, name: string, kind: string, opts: { process?: string; city?: string; street?: string; kana?: string; closedOn?: string } = {}): string {
  const f = ['1', cn, opts.process ?? '01', '0', '2024-03-29', '2015-10-05', `"${name}"`, '', kind, '"鳥取県"', `"${opts.city ?? '鳥取市'}"`, `"${opts.street ?? '東町１丁目１'}"`, '',
    '31', '201', '6800011', '', '', opts.closedOn ?? '', opts.closedOn ? '01' : '', '', '', '2015-10-05', '1', '', '', '', '', `"${opts.kana ?? ''}"`, '0'];
  return `${f.join(',')}\n`;
}

describe('--format houjin: a whole prefecture, of which a center wants the non-profits', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = tempDir();
    db = join(dir, 'kyodo.db');
  });
  const orgs = () => kyodo(['--db', db, '--json', 'list', 'orgs']).json().rows as Record<string, any>[];

  it('adds only non-profit legal forms, updates any corporation the roster holds, counts the rest as skipped (not rejected)', () => {
    // The center already supports a company's foundation by its number, with its own data.
    writeFileSync(join(dir, 'own.csv'), '団体ID,団体名,団体名カナ,法人番号,代表者,状態\nN9,島田商事株式会社,シマダショウジ,1280001007263,山田花子,休止\n');
    expect(kyodo(['--db', db, 'import', 'orgs', join(dir, 'own.csv')]).code).toBe(0);
    const file = join(dir, 'houjin.csv');
    // The real file ends without a line feed.
    writeFileSync(file, `${readFileSync(join(FIXTURES, 'real', '31_tottori_test_20240329.csv'), 'utf8').trimEnd()}\n`
      + houjinRow('6270005001234', '特定非営利活動法人とっとり子ども応援団', '399', { kana: 'トットリコドモオウエンダン' })
      + houjinRow('9270005002345', '一般社団法人鳥取まちづくり協会', '399')
      + houjinRow('3270005003456', '社会福祉法人いなば福祉会', '399')
      + houjinRow('2470005004567', '鳥取駅前株式会社', '301'));
    const r = kyodo(['--db', db, '--json', 'import', 'orgs', file, '--format', 'houjin']);
    expect(r.json().rejects).toEqual([]);
    expect(r.code).toBe(0);
    // 18 rows: 3 non-profits added, the roster's company (1280001007263, in the real file) updated, 14 others skipped.
    expect(r.json()).toMatchObject({ rows: 18, inserted: 3, updated: 1, rejected: 0, skipped: 14, skipped_not_nonprofit: 14 });
    const byNumber = new Map(orgs().map((o) => [o.corporate_number, o]));
    expect(byNumber.get('6270005001234')).toMatchObject({ org_id: 'C6270005001234', legal_form: 'npo', status: 'active' });
    expect(byNumber.get('9270005002345')).toMatchObject({ legal_form: 'general_association' });
    expect(byNumber.get('3270005003456')).toMatchObject({ legal_form: 'social_welfare' });
    expect(byNumber.has('1000013050238')).toBe(false); // a court
    expect(byNumber.has('2470005004567')).toBe(false); // a company the roster does not hold
    // The roster's own organization: the file's address is new, but the fields it does not carry
    // (representative) or leaves empty (フリガナ), and its 休止 status, are the center's and stay.
    expect(byNumber.get('1280001007263')).toMatchObject({ org_id: 'N9', name_kana: 'シマダショウジ', representative: '山田花子', status: 'dormant' });
    expect(byNumber.get('1280001007263')!.address).toBe('島根県安来市安来町1193番地');
    const text = kyodo(['--db', db, 'import', 'orgs', file, '--format', 'houjin']).stdout;
    expect(text).toMatch(/14 corporations of other legal forms skipped \(--all-kinds takes them\)/);
  });

  it('--all-kinds takes every corporation; a closed one becomes dissolved', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'orgs', join(FIXTURES, 'real', '31_tottori_test_20240329.csv'), '--format', 'houjin', '--all-kinds']);
    expect(r.json()).toMatchObject({ rows: 14, inserted: 14, skipped: 0 });
    expect(orgs().find((o) => o.corporate_number === '1280001002413')).toMatchObject({ status: 'dissolved', dissolved_on: '2018-01-05' });
  });
});

/** The 60 columns of the NPO portal file, as formats.md gives them. */
const PORTAL_HEADER = '法人名称,法人名称カナ,所轄庁,権限移譲先市町村,主たる事務所の所在地,主たる事業所の郵便番号,従たる事務所の所在地,代表者氏名,団体代表者名（フリガナ）,法人設立認証年月日,設立年月日,定款に記載された目的,活動分野１,活動分野２,活動分野３,活動分野４,活動分野５,活動分野６,活動分野７,活動分野８,活動分野９,活動分野１０,活動分野１１,活動分野１２,活動分野１３,活動分野１４,活動分野１５,活動分野１６,活動分野１７,活動分野１８,活動分野１９,活動分野２０,認定（認定・特例認定１）,認定（認定・特例認定２）,認定（認定・特例認定３）,認定（認定・特例認定４）,認定（PST基準１）,認定（PST基準２）,認定（PST基準３）,認定（PST基準 条例指定（都道府県及び市区町村名））,認定（認定開始日）,認定（認定満了日）,認定（認定取消日）,認定（特例認定年月日）,認定（特例認定満了日）,認定（特例認定取消日）,監督情報,解散情報,法人情報URL,法人番号,条例個別指定フラグ,特定非営利活動に係る事業,その他の事業,事業年度開始日,事業年度終了日,条例個別指定：有効期間(開始日),条例個別指定：有効期間(満了日),条例個別指定：有効期限（更新申請日),条例個別指定：有効期限（更新日),条例個別指定：有効期限（条例個別指定：取消日)';

function portalRow(cells: Record<string, string>): string {
  const header = PORTAL_HEADER.split(',');
  return `${header.map((h) => cells[h] ?? '').join(',')}\n`;
}

describe('a source only changes what it says', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = tempDir();
    db = join(dir, 'kyodo.db');
  });
  const org = (id: string) => kyodo(['--db', db, '--json', 'show', 'orgs', id]).json().record as Record<string, any>;

  it('an NPO portal row matched by 法人番号 keeps what it leaves empty, updates what it carries, and the sources say which run set each field', () => {
    writeFileSync(join(dir, 'own.csv'), '団体ID,団体名,団体名カナ,法人番号,所在地,郵便番号,代表者,設立日,活動分野,電話番号\n'
      + 'N1,子ども応援団,コドモオウエンダン,6270005001234,鳥取県鳥取市東町1-1,680-0011,鈴木一郎,2012-04-01,13,0857-00-0000\n');
    expect(kyodo(['--db', db, 'import', 'orgs', join(dir, 'own.csv')]).code).toBe(0);
    const portal = join(dir, 'portal.csv');
    writeFileSync(portal, iconv.encode(PORTAL_HEADER + '\n' + portalRow({
      法人名称: '特定非営利活動法人とっとり子ども応援団', 所轄庁: '鳥取県', 法人番号: '6270005001234', 活動分野２: '○', 活動分野１３: '○',
    }), 'cp932'));
    const r = kyodo(['--db', db, '--json', 'import', 'orgs', portal, '--format', 'npo-portal']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ encoding: 'shift_jis', inserted: 0, updated: 1 });
    expect(org('N1')).toMatchObject({
      name: '特定非営利活動法人とっとり子ども応援団', competent_authority: '鳥取県', fields: [2, 13], legal_form: 'npo',
      // Left empty by the portal: the center's values stay.
      name_kana: 'コドモオウエンダン', address: '鳥取県鳥取市東町1-1', postal_code: '680-0011', representative: '鈴木一郎', established_on: '2012-04-01',
      phone: '0857-00-0000', status: 'active',
    });
    const sources = kyodo(['--db', db, '--json', 'show', 'orgs', 'N1', '--sources']).json().sources as Record<string, any>[];
    const by = new Map(sources.map((s) => [s.field, s]));
    expect(by.get('name')).toMatchObject({ run_id: 2, format: 'npo-portal', file: portal });
    expect(by.get('representative')).toMatchObject({ run_id: 1, format: 'native' });
    expect(by.get('address')).toMatchObject({ run_id: 1, format: 'native' });
    // The same import again changes nothing.
    expect(kyodo(['--db', db, '--json', 'import', 'orgs', portal, '--format', 'npo-portal']).json()).toMatchObject({ updated: 0, unchanged: 1 });
    // A human-readable table too.
    expect(kyodo(['--db', db, '--lang', 'ja', 'show', 'orgs', 'N1', '--sources']).stdout).toMatch(/npo-portal/);
  });

  it('native: a column absent from the file is never touched; an empty cell of a present column clears the field', () => {
    writeFileSync(join(dir, 'a.csv'), '団体ID,団体名,代表者,電話番号\nN1,さくら会,鈴木一郎,0857-00-0000\n');
    kyodo(['--db', db, 'import', 'orgs', join(dir, 'a.csv')]);
    writeFileSync(join(dir, 'b.csv'), '団体ID,団体名,電話番号\nN1,さくら会,\n');
    expect(kyodo(['--db', db, '--json', 'import', 'orgs', join(dir, 'b.csv')]).json()).toMatchObject({ updated: 1 });
    expect(org('N1')).toMatchObject({ representative: '鈴木一郎', phone: null });
  });

  it('--sources is for the kinds several sources feed', () => {
    writeFileSync(join(dir, 'v.csv'), VOLS + volunteers(1));
    kyodo(['--db', db, 'import', 'volunteers', join(dir, 'v.csv')]);
    const r = kyodo(['--db', db, 'show', 'volunteers', 'V0001', '--sources']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sources is kept for orgs and facilities/);
  });
});

describe('open data without IDs', () => {
  const HEADER = '全国地方公共団体コード,ID,地方公共団体名,名称,所在地_連結表記,緯度,経度\n';
  it('two toilets of one name and address at other coordinates are two facilities; the same place twice is a duplicate named by name and address', () => {
    const dir = tempDir();
    const db = join(dir, 'kyodo.db');
    const file = join(dir, 'nakano.csv');
    writeFileSync(file, HEADER
      + '131148,,中野区,中野区立平和の森公園公衆便所,東京都中野区新井2-1,35.712,139.668\n'
      + '131148,,中野区,中野区立平和の森公園公衆便所,東京都中野区新井2-1,35.7135,139.6702\n'
      + '131148,,中野区,中野区立哲学堂公園公衆便所,東京都中野区松が丘1-34,35.7180,139.6714\n');
    const r = kyodo(['--db', db, '--json', 'import', 'facilities', file, '--format', 'opendata']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ rows: 3, inserted: 3, rejected: 0 });
    // Nightly: the same file changes nothing.
    expect(kyodo(['--db', db, '--json', 'import', 'facilities', file, '--format', 'opendata']).json()).toMatchObject({ unchanged: 3, inserted: 0 });
    // The same place twice (the coordinates written another way) is a true duplicate, named so a person can find it.
    writeFileSync(file, `${readFileSync(file, 'utf8')}131148,,中野区,中野区立平和の森公園公衆便所,東京都中野区新井2-1,35.71350,139.67020\n`);
    const dup = kyodo(['--db', db, '--json', 'import', 'facilities', file, '--format', 'opendata']);
    expect(dup.code).toBe(3);
    const reject = dup.json().rejects[0];
    expect(reject).toMatchObject({ line: 5, code: 'duplicate_key' });
    expect(reject.value).toBe('中野区立平和の森公園公衆便所 (東京都中野区新井2-1)');
    expect(reject.reason).not.toMatch(/131148-[0-9a-z]{4,}/);
  });
});

describe('every run is in the history', () => {
  let dir: string;
  let db: string;
  const runs = () => kyodo(['--db', db, '--json', 'imports']).json().runs as Record<string, any>[];
  beforeEach(() => {
    dir = tempDir();
    db = join(dir, 'kyodo.db');
    writeFileSync(join(dir, 'v.csv'), VOLS + volunteers(3));
    expect(kyodo(['--db', db, 'import', 'volunteers', join(dir, 'v.csv')]).code).toBe(0);
  });

  it('an unreadable file, missing columns and a --strict rollback are recorded with the reason; --json failures are one error document', () => {
    const missing = kyodo(['--db', db, '--json', 'import', 'volunteers', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.json()).toEqual({ error: expect.objectContaining({ code: 'unreadable_file', file: expect.stringContaining('nope.csv'), line: null, column: null }) });
    writeFileSync(join(dir, 'cols.csv'), '番号,名前\n1,a\n');
    const cols = kyodo(['--db', db, '--json', 'import', 'volunteers', join(dir, 'cols.csv')]);
    expect(cols.code).toBe(1);
    expect(cols.json().error).toMatchObject({ code: 'missing_required_column', line: 1 });
    expect(cols.stdout.trim().split('\n').at(-1)).toBe('}'); // one document, nothing else on stdout
    writeFileSync(join(dir, 'bad.csv'), `${VOLS}V0009,九,090-1234-0009\nV0010,,090\n`);
    const strict = kyodo(['--db', db, '--json', 'import', 'volunteers', join(dir, 'bad.csv'), '--strict']);
    expect(strict.code).toBe(3);
    expect(strict.json()).toMatchObject({ rolled_back: true, rejected: 1, inserted: 0 });
    const history = runs();
    expect(history.map((r) => r.status)).toEqual(['rolled_back', 'failed', 'failed', 'done']);
    expect(history[0]).toMatchObject({ run_id: strict.json().run_id, rejected: 1, note: expect.stringMatching(/--strict: 1 row\(s\) rejected/) });
    expect(history[1]).toMatchObject({ error_code: 'missing_required_column', note: expect.stringMatching(/required column/) });
    expect(history[2]).toMatchObject({ error_code: 'unreadable_file', note_ja: expect.stringMatching(/読み込めません/) });
    expect(existsSync(strict.json().rejects_file)).toBe(true);
    // The rolled-back rows are not stored.
    expect(kyodo(['--db', db, '--json', 'list', 'volunteers']).json().rows).toHaveLength(3);
  });

  it('--json usage errors are one error document too', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'volunteers']);
    expect(r.code).toBe(2);
    expect(r.json()).toEqual({ error: { code: 'usage', message: expect.stringMatching(/missing required argument 'file'/), file: null, line: null, column: null } });
    const bad = kyodo(['--db', db, '--json', 'import', 'volunteers', join(dir, 'v.csv'), '--full', '--max-retire', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.json().error).toMatchObject({ code: 'invalid_max_retire' });
  });

  it('a dry run takes no run number; the next run does not reuse one', () => {
    writeFileSync(join(dir, 'bad.csv'), `${VOLS}V0010,,090\n`);
    const dry = kyodo(['--db', db, '--json', 'import', 'volunteers', join(dir, 'bad.csv'), '--dry-run']).json();
    expect(dry).toMatchObject({ run_id: null, dry_run: true, rejected: 1 });
    expect(dry.rejects_file).toMatch(/kyodo-import-dry-run-\d{8}T\d{6}-rejects\.csv$/);
    expect(runs()).toHaveLength(1);
    expect(kyodo(['--db', db, '--json', 'import', 'volunteers', join(dir, 'v.csv')]).json().run_id).toBe(2);
  });

  it('a run that committed and died before removing its marker is not shown as interrupted', () => {
    const raw = new Database(db);
    raw.prepare(`UPDATE import_runs SET token = 'abc' WHERE run_id = 1`).run();
    raw.close();
    const marker = join(dir, 'kyodo.db.import-abc.running');
    writeFileSync(marker, JSON.stringify({ token: 'abc', pid: 999_999_999, host: 'elsewhere', started_at: '2026-01-01T00:00:00Z', kind: 'volunteers', file: 'v.csv', format: 'native' }));
    expect(runs().map((r) => r.status)).toEqual(['done']);
    kyodo(['--db', db, 'import', 'volunteers', join(dir, 'v.csv')]);
    expect(runs().map((r) => r.status)).toEqual(['done', 'done']);
    expect(existsSync(marker)).toBe(false);
  });

  it('a run locked out by another program is failed with the reason, shown at once and recorded by the next import', () => {
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = kyodo(['--db', db, '--wait', '0.2', 'import', 'volunteers', join(dir, 'v.csv')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/in use by another program \(waited 0.2 s\); nothing was changed/);
      expect(r.stderr).toMatch(/--wait/);
      expect(r.stderr).not.toMatch(/bug|at .*\.js/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(runs()[0]).toMatchObject({ run_id: null, status: 'failed', error_code: 'database_busy' });
    kyodo(['--db', db, 'import', 'volunteers', join(dir, 'v.csv')]);
    expect(runs().map((r) => [r.status, r.error_code])).toEqual([['done', null], ['failed', 'database_busy'], ['done', null]]);
  });

  it('rejects files of two databases in one folder never overwrite each other', () => {
    writeFileSync(join(dir, 'bad.csv'), `${VOLS}V0010,,090\n`);
    const other = join(dir, 'other.db');
    const a = kyodo(['--db', db, '--json', 'import', 'volunteers', join(dir, 'bad.csv')]).json();
    const b = kyodo(['--db', other, '--json', 'import', 'volunteers', join(dir, 'bad.csv')]).json();
    expect(a.run_id).toBe(2);
    expect(b.run_id).toBe(1);
    writeFileSync(join(dir, 'kyodo-import-3-rejects.csv'), 'kept\n');
    const c = kyodo(['--db', db, '--json', 'import', 'volunteers', join(dir, 'bad.csv')]).json();
    expect([a.rejects_file, b.rejects_file, c.rejects_file]).toEqual([join(dir, 'kyodo-import-2-rejects.csv'), join(dir, 'other-import-1-rejects.csv'), join(dir, 'kyodo-import-3-rejects-2.csv')]);
    expect(readFileSync(join(dir, 'kyodo-import-3-rejects.csv'), 'utf8')).toBe('kept\n');
  });
});
