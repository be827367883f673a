import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, kyodo, sampleWard, tempDir } from '../helpers/cli.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

/** A database of 2,000 people plus one with values found nowhere else, as the tests below need it. */
function roster(): { dir: string; db: string; run: (args: string[]) => ReturnType<typeof kyodo> } {
  const dir = tempDir();
  const db = join(dir, 'kyodo.db');
  const run = (args: string[]) => kyodo(['--db', db, ...args], { env: { KYODO_OPERATOR: 'tester' } });
  expect(run(['init']).code).toBe(0);
  return { dir, db, run };
}

const HEADER = 'volunteer_id,name,kana,birth_date,address,phone,email,consent_share';
function people(n: number, extra: string): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    const k = String(i).padStart(5, '0');
    lines.push(`V${k},山田 太郎${i},ヤマダ タロウ,1980-01-01,架空市さくら区${i}丁目,090-1111-${String(i % 10000).padStart(4, '0')},p${k}@example.jp,はい`);
  }
  lines.push(extra);
  // Not in key order (step 7 through the list), as a roster that grew over the years: the table's pages are
  // left part-empty by splits, so an update of a row puts it into free room and leaves the old bytes behind.
  return `${[HEADER, ...lines.map((_, j) => lines[(j * 7) % lines.length]!)].join('\n')}\n`;
}

// Values that appear nowhere else in the database, so finding their bytes means a copy was left.
const PERSON = {
  id: 'V01000A',
  name: '鷺ノ宮 珠緒',
  kana: 'サギノミヤ タマオ',
  oldAddress: '架空市旧住所町九丁目8-7',
  address: '架空市新住所町一丁目2-3 コーポ桜201',
  phone: '090-8642-9753',
  email: 'tamao.saginomiya@example.net',
  birth: '1971-07-29',
};
const row = (address: string) => `${PERSON.id},${PERSON.name},${PERSON.kana},${PERSON.birth},${address},${PERSON.phone},${PERSON.email},いいえ`;

describe('volunteers forget erases the person everywhere the file and its rejects keep them (issue 9, point 17)', () => {
  it('after forget, neither the database file nor its -wal nor any rejects file holds the name, kana, addresses, phone or e-mail', () => {
    const { dir, db, run } = roster();
    expect(run(['import', 'orgs', join(ROOT, 'data/sample/orgs.csv')]).code).toBe(0);
    writeFileSync(join(dir, 'a.csv'), people(2000, row(PERSON.oldAddress)));
    expect(run(['import', 'volunteers', join(dir, 'a.csv')]).code).toBe(0);
    // A move: the roster's update leaves the old address in the page's free space (secure_delete alone cannot reach it).
    writeFileSync(join(dir, 'b.csv'), people(2000, row(PERSON.address)));
    expect(run(['--json', 'import', 'volunteers', join(dir, 'b.csv')]).json()).toMatchObject({ updated: 1 });
    // Whether that copy survives depends on the page's layout; a page freed with a copy on it always keeps it
    // (SQLite frees pages without clearing them): made here the plain way, a table of one row dropped.
    const before = new Database(db);
    before.exec(`CREATE TABLE scratch AS SELECT * FROM volunteers WHERE volunteer_id = '${PERSON.id}'; DROP TABLE scratch;`);
    before.close();
    const copies = (b: Buffer) => b.toString('latin1').split(Buffer.from(PERSON.phone).toString('latin1')).length - 1;
    expect(copies(readFileSync(db)) + (existsSync(`${db}-wal`) ? copies(readFileSync(`${db}-wal`)) : 0)).toBeGreaterThanOrEqual(2);
    // Rejected rows of the person: stored in the import history and in a rejects file; a dry run leaves a file the history does not know.
    writeFileSync(join(dir, 'c.csv'), `${HEADER}\n${row(PERSON.address)},extra cell\nV00001,山田 太郎1,ヤマダ タロウ,1980-01-01,架空市,090-1111-0001,not-an-email,はい\n`);
    const rejected = run(['--json', 'import', 'volunteers', join(dir, 'c.csv')]).json();
    expect(rejected.rejected).toBe(2);
    writeFileSync(join(dir, 'd.csv'), `${HEADER}\n${row(PERSON.address)},extra cell\n`);
    expect(run(['import', 'volunteers', join(dir, 'd.csv'), '--dry-run']).code).toBe(3);
    // Activity records name the person by ID.
    writeFileSync(join(dir, 'act.csv'), `activity_id,org_id,volunteer_id,date,hours\nA1,ORG001,${PERSON.id},2026-05-10,3\nA2,ORG001,V00001,2026-05-11,2\n`);
    expect(run(['import', 'activities', join(dir, 'act.csv')]).code).toBe(0);
    const rejectsFiles = () => readdirSync(dir).filter((f) => /rejects\.csv$/.test(f)).map((f) => join(dir, f));
    expect(rejectsFiles()).toHaveLength(2);
    for (const f of rejectsFiles()) expect(readFileSync(f, 'utf8')).toContain(PERSON.name);

    const r = run(['--json', 'volunteers', 'forget', PERSON.id, '--yes']);
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(doc).toMatchObject({ volunteer_id: PERSON.id, activities_kept: 1, rejected_rows_removed: 1, file_rebuilt: true, wal_cleared: true, problems: [] });
    expect(doc.rejects_files.map((f: any) => [f.status, f.rows])).toEqual([['rewritten', 1], ['rewritten', 1]]);

    const files = [db, `${db}-wal`, ...rejectsFiles()].filter(existsSync);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const [what, value] of Object.entries(PERSON)) {
        if (what === 'id' || what === 'birth') continue;
        expect(bytes.includes(Buffer.from(value)), `${what} found in ${f}`).toBe(false);
      }
    }
    // Other people's rejected rows stay in their rejects file, which stays private.
    const left = readFileSync(rejectsFiles().find((f) => !f.includes('dry-run'))!, 'utf8');
    expect(left).toContain('not-an-email');
    for (const f of rejectsFiles()) expect(statSync(f).mode & 0o777).toBe(0o600);
    // Counts stay: the activity record counts under the anonymous ID.
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare('SELECT volunteer_id FROM activities ORDER BY activity_id').pluck().all()).toEqual([doc.anonymous_id, 'V00001']);
    expect(sqlite.prepare('SELECT count(*) FROM import_rejects').pluck().get()).toBe(1);
    sqlite.close();
  });
});

describe('suppression cannot be bypassed by another spelling of the ID (point 18)', () => {
  it('v01000a and Ｖ０１０００Ａ are suppressed after V01000A was erased; a person found only in rejected rows can be forgotten', () => {
    const { dir, run } = roster();
    writeFileSync(join(dir, 'a.csv'), people(3, row(PERSON.address)));
    expect(run(['import', 'volunteers', join(dir, 'a.csv')]).code).toBe(0);
    expect(run(['volunteers', 'forget', PERSON.id, '--yes']).code).toBe(0);
    writeFileSync(join(dir, 'back.csv'), `volunteer_id,name\nv01000a,戻った人\nＶ０１０００Ａ,戻った人\n`);
    expect(run(['--json', 'import', 'volunteers', join(dir, 'back.csv')]).json()).toMatchObject({ inserted: 0, suppressed: 2, rejected: 0 });
    expect(run(['--json', 'list', 'volunteers', '--where', 'name=戻った人']).json().rows).toEqual([]);

    // Only ever rejected (a ragged row): forgetting the ID works, and suppresses it.
    writeFileSync(join(dir, 'r.csv'), `volunteer_id,name,phone\nR777,却下された人,090-7777-1234,extra\n`);
    expect(run(['import', 'volunteers', join(dir, 'r.csv')]).code).toBe(3);
    const f = run(['--json', 'volunteers', 'forget', 'r777', '--yes']);
    expect(f.code).toBe(0);
    expect(f.json()).toMatchObject({ anonymous_id: null, rejected_rows_removed: 1 });
    writeFileSync(join(dir, 'r2.csv'), `volunteer_id,name\nR777,却下された人\n`);
    expect(run(['--json', 'import', 'volunteers', join(dir, 'r2.csv')]).json()).toMatchObject({ inserted: 0, suppressed: 1 });
    // An ID found nowhere is still refused (a typo must not create a suppression).
    expect(run(['volunteers', 'forget', 'NOBODY', '--yes']).code).toBe(2);
  });

  it('an erased person listed twice, in a ragged row or a row with a stray quote comes back neither as a record nor as a rejected row', () => {
    const { dir, db, run } = roster();
    writeFileSync(join(dir, 'a.csv'), people(3, row(PERSON.address)));
    expect(run(['import', 'volunteers', join(dir, 'a.csv')]).code).toBe(0);
    expect(run(['volunteers', 'forget', PERSON.id, '--yes']).code).toBe(0);
    writeFileSync(join(dir, 'again.csv'), `${HEADER}\n${row(PERSON.address)}\n${row(PERSON.address)}\n${row(PERSON.address)},extra cell\n`
      + `${PERSON.id},${PERSON.name} "x",${PERSON.kana},,,,,\nV09999,別の人,,,,,,\n`);
    const r = run(['--json', 'import', 'volunteers', join(dir, 'again.csv')]).json();
    expect(r).toMatchObject({ inserted: 1, suppressed: 4, rejected: 0, rejects_file: null });
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM import_rejects').pluck().get()).toBe(0);
    raw.close();
  });
});

describe('rejects files of a database of another name', () => {
  it('are found by their name too; one that cannot be read back is named for staff to handle', () => {
    const dir = tempDir();
    const db = join(dir, 'center.db');
    const run = (args: string[]) => kyodo(['--db', db, ...args], { env: { KYODO_OPERATOR: 'tester' } });
    expect(run(['init']).code).toBe(0);
    writeFileSync(join(dir, 'a.csv'), people(3, row(PERSON.address)));
    expect(run(['import', 'volunteers', join(dir, 'a.csv')]).code).toBe(0);
    writeFileSync(join(dir, 'd.csv'), `${HEADER}\n${row(PERSON.address)},extra cell\n`);
    const dry = run(['--json', 'import', 'volunteers', join(dir, 'd.csv'), '--dry-run']).json();
    expect(dry.rejects_file).toMatch(/center-import-dry-run-/);
    writeFileSync(dry.rejects_file, Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x22]));
    const r = run(['--json', 'volunteers', 'forget', PERSON.id, '--yes']).json();
    expect(r.rejects_files).toEqual([expect.objectContaining({ file: dry.rejects_file, status: 'manual' })]);
  });
});

describe('erasure is deliberate (point 19)', () => {
  it('without a terminal forget needs --yes and changes nothing', () => {
    const { dir, run } = roster();
    writeFileSync(join(dir, 'a.csv'), people(3, row(PERSON.address)));
    expect(run(['import', 'volunteers', join(dir, 'a.csv')]).code).toBe(0);
    const refused = run(['volunteers', 'forget', PERSON.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(run(['--json', 'show', 'volunteers', PERSON.id]).json().record.name).toBe(PERSON.name);
    const ja = kyodo(['--db', join(dir, 'kyodo.db'), '--lang', 'ja', 'volunteers', 'forget', PERSON.id]);
    expect(ja.stderr).toContain('個人の消去は取り消せません。端末以外から実行するときは --yes を付けて確認してください');
    expect(run(['volunteers', 'forget', PERSON.id, '--yes']).code).toBe(0);
  });

  it.skipIf(!hasPython)('at a terminal it shows the ID and the masked name and asks; no keeps the person, yes erases', () => {
    const { dir, db, run } = roster();
    writeFileSync(join(dir, 'a.csv'), people(3, row(PERSON.address)));
    expect(run(['import', 'volunteers', join(dir, 'a.csv')]).code).toBe(0);
    const atTerminal = (answer: string) => {
      const spec = { cmd: [process.execPath, BIN, '--db', db, '--lang', 'ja', 'volunteers', 'forget', PERSON.id], answers: [['消去しますか', answer]], timeout: 30 };
      return spawnSync('python3', [join(ROOT, 'test/helpers/pty-drive.py'), JSON.stringify(spec)], {
        encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', TERM: 'xterm', KYODO_OPERATOR: 'tester' }, timeout: 60_000,
      }).stdout;
    };
    const no = atTerminal('n\r');
    expect(no).toContain(`${PERSON.id}（鷺＊＊）を消去しますか`);
    expect(no).not.toContain(PERSON.name);
    expect(no).toMatch(/EXIT 1/);
    expect(run(['--json', 'show', 'volunteers', PERSON.id]).json().record.name).toBe(PERSON.name);
    const yes = atTerminal('y\r');
    expect(yes).toMatch(/EXIT 0/);
    expect(run(['show', 'volunteers', PERSON.id]).code).toBe(2);
  });

  it('show of an erased ID, in any spelling, says it was erased and when; the anonymous record says since when', () => {
    const { dir, run } = roster();
    writeFileSync(join(dir, 'a.csv'), people(3, row(PERSON.address)));
    expect(run(['import', 'volunteers', join(dir, 'a.csv')]).code).toBe(0);
    const done = run(['--json', 'volunteers', 'forget', PERSON.id, '--yes']).json();
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    for (const id of [PERSON.id, 'v01000a']) {
      const shown = run(['--json', 'show', 'volunteers', id]);
      expect(shown.code).toBe(2);
      expect(shown.json().error).toMatchObject({ code: 'erased' });
      expect(shown.json().error.message).toContain(`erased on ${today}`);
    }
    const anon = run(['--json', 'show', 'volunteers', done.anonymous_id]).json();
    expect(anon).toMatchObject({ record: { status: 'erased', name: null }, erased_at: done.erased_at });
    expect(run(['show', 'volunteers', done.anonymous_id]).stderr).toContain(`erased on ${today}`);
  });
});

describe('every output of personal data is recorded; screens mask contact columns (point 20)', () => {
  let r: ReturnType<typeof roster>;
  const audit = () => r.run(['--json', 'audit']).json().audit as any[];
  beforeAll(() => {
    r = roster();
    writeFileSync(join(r.dir, 'a.csv'), people(3, row(PERSON.address)));
    expect(r.run(['import', 'volunteers', join(r.dir, 'a.csv')]).code).toBe(0);
  });

  it('a terminal table masks phone, e-mail, address and birth date and records nothing; --reveal shows them and is recorded', () => {
    const show = r.run(['show', 'volunteers', PERSON.id]);
    expect(show.stdout).toContain('090-****-9753');
    expect(show.stdout).toContain('t***@example.net');
    expect(show.stdout).toContain('1971-**-**');
    for (const v of [PERSON.phone, PERSON.email, PERSON.address, PERSON.birth]) expect(show.stdout).not.toContain(v);
    const list = r.run(['list', 'volunteers']);
    expect(list.stdout).toContain('090-****-9753');
    expect(list.stdout).not.toContain(PERSON.phone);
    expect(audit()).toEqual([]);

    const revealed = r.run(['show', 'volunteers', PERSON.id, '--reveal']);
    expect(revealed.stdout).toContain(PERSON.phone);
    expect(audit()[0]).toMatchObject({ action: 'reveal_volunteers', operator: 'tester', subject_ids: [PERSON.id], file: null, file_sha256: sha256(revealed.stdout) });
    const listed = r.run(['list', 'volunteers', '--reveal']);
    expect(listed.stdout).toContain(PERSON.phone);
    expect(audit()[0]).toMatchObject({ action: 'reveal_volunteers', subject_ids: ['V00001', 'V00002', 'V00003', PERSON.id] });
  });

  it('CSV and JSON on stdout and --out files are recorded: operator, items, IDs, count and the hash of exactly the bytes written', () => {
    const csv = r.run(['list', 'volunteers', '--format', 'csv', '--where', 'consent_share=false']);
    expect(csv.stdout).toContain(PERSON.phone);
    const a = audit()[0];
    expect(a).toMatchObject({ action: 'export_volunteers', operator: 'tester', subject_ids: [PERSON.id], file: null, file_sha256: sha256(csv.stdout) });
    expect(a.items).toEqual(expect.arrayContaining(['volunteer_id', 'name', 'phone', 'email', 'address']));
    expect(JSON.parse(a.detail)).toEqual({ command: 'list', format: 'csv', count: 1 });

    const json = r.run(['--json', 'show', 'volunteers', PERSON.id]);
    expect(audit()[0]).toMatchObject({ action: 'export_volunteers', subject_ids: [PERSON.id], file_sha256: sha256(json.stdout) });

    const out = join(r.dir, '名簿.csv');
    expect(r.run(['list', 'volunteers', '--format', 'csv', '--out', out]).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(audit()[0]).toMatchObject({ action: 'export_volunteers', file: out, file_sha256: sha256(readFileSync(out)) });
    // An existing file is not overwritten without --force, and nothing is recorded for it.
    const before = audit().length;
    expect(r.run(['list', 'volunteers', '--format', 'csv', '--out', out]).code).toBe(1);
    expect(audit()).toHaveLength(before);
    expect(r.run(['list', 'volunteers', '--format', 'csv', '--out', out, '--force']).code).toBe(0);
    expect(audit()).toHaveLength(before + 1);
    // Other kinds are not people: nothing is recorded.
    expect(r.run(['--json', 'list', 'orgs']).code).toBe(0);
    expect(audit()).toHaveLength(before + 1);
  });
});

describe('the list an NPO receives (point 21) and decisions recorded and dated (point 22)', () => {
  let ward: ReturnType<typeof sampleWard>;
  const run = (args: string[]) => ward.run(args);
  let volunteers: Map<string, any>;
  let proposed: any[];
  beforeAll(() => {
    ward = sampleWard();
    expect(ward.init.code).toBe(3);
    expect(run(['match', 'volunteers', '--as-of', '2026-04-01', '--save']).code).toBe(0);
    volunteers = new Map((run(['--json', 'list', 'volunteers']).json().rows as any[]).map((v) => [v.volunteer_id, v]));
    proposed = run(['--json', 'matches', 'list', '--status', 'proposed']).json().matches;
  });

  it('accepted matches only; a volunteer without consent is the ID and 要同意確認, nothing of name, phone or e-mail; --include-proposed adds proposals without contact', () => {
    // One organization with a consenting and a non-consenting volunteer accepted, and more proposals.
    const byOrg = new Map<string, any[]>();
    for (const m of proposed) byOrg.set(m.org_id, [...(byOrg.get(m.org_id) ?? []), m]);
    const [org, ms] = [...byOrg].find(([, l]) => l.length >= 3 && l.some((m) => volunteers.get(m.volunteer_id).consent_share)
      && l.some((m) => !volunteers.get(m.volunteer_id).consent_share && volunteers.get(m.volunteer_id).phone))!;
    const yes = ms.find((m) => volunteers.get(m.volunteer_id).consent_share)!;
    const no = ms.find((m) => !volunteers.get(m.volunteer_id).consent_share && volunteers.get(m.volunteer_id).phone)!;
    expect(run(['matches', 'accept', String(yes.match_id), String(no.match_id)]).code).toBe(0);

    const list = run(['matches', 'export', '--org', org, '--format', 'json']).json().matches as any[];
    expect(list.map((m) => m.match_id).sort()).toEqual([yes.match_id, no.match_id].sort());
    const shown = list.find((m) => m.match_id === yes.match_id);
    expect(shown).toMatchObject({ name: volunteers.get(yes.volunteer_id).name, consent: '同意あり', status: '受入決定' });
    const withheld = list.find((m) => m.match_id === no.match_id);
    expect(withheld).toMatchObject({ volunteer_id: no.volunteer_id, name: '', phone: '', email: '', consent: '要同意確認' });
    // Not a character, digit group or domain of the withheld person leaves.
    const v = volunteers.get(no.volunteer_id);
    const text = JSON.stringify(withheld);
    expect(text).not.toContain(v.name.slice(0, 1));
    expect(text).not.toContain(v.phone.slice(-4));
    if (v.email) expect(text).not.toContain(v.email.slice(v.email.indexOf('@')));

    const all = run(['matches', 'export', '--org', org, '--format', 'json', '--include-proposed']).json().matches as any[];
    expect(all.length).toBe(ms.length);
    for (const m of all.filter((x) => x.status === '提案')) expect(m).toMatchObject({ name: '', phone: '', email: '' });
    const exportRecord = (run(['--json', 'audit']).json().audit as any[])[0];
    expect(exportRecord).toMatchObject({ action: 'export_org_list', recipient: org });
    expect(exportRecord.detail).toContain(`${ms.length - 2} proposed`);
  });

  it('accept, decline and complete of every kind are recorded with the operator; --on dates the decision, a future day is refused', () => {
    const [m1, m2] = run(['--json', 'matches', 'list', '--status', 'proposed']).json().matches;
    // Proposed in March, decided in March, entered now: the decision counts in 令和7年度 (FY2025).
    const sqlite = new Database(ward.db);
    sqlite.prepare(`UPDATE matches SET proposed_at = '2026-03-02T01:00:00.000Z' WHERE match_id IN (?, ?)`).run(m1.match_id, m2.match_id);
    sqlite.close();
    const kpi = () => (run(['--json', 'report', 'kpi', '--fy', '2025']).json().indicators as any[]).find((i) => i.id === 'matches').actual;
    const before = kpi();
    const future = run(['matches', 'accept', String(m1.match_id), '--on', '2099-01-01']);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('after today');
    const early = run(['matches', 'accept', String(m1.match_id), '--on', '2026-03-01']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('before it was proposed (2026-03-02)');
    expect(run(['--json', 'matches', 'list', '--status', 'accepted']).json().matches.some((m: any) => m.match_id === m1.match_id)).toBe(false);

    expect(run(['matches', 'accept', String(m1.match_id), '--on', '令和8年3月31日']).code).toBe(0);
    const accepted = run(['--json', 'matches', 'list', '--status', 'accepted']).json().matches.find((m: any) => m.match_id === m1.match_id);
    expect(accepted.decided_at).toBe('2026-03-31T03:00:00.000Z');
    expect(kpi()).toBe(before + 1);
    expect(run(['matches', 'complete', String(m1.match_id), '--hours', '2', '--on', '2026-04-01']).code).toBe(0);
    expect(run(['matches', 'decline', String(m2.match_id)]).code).toBe(0);
    const log = (run(['--json', 'audit']).json().audit as any[]).slice(0, 3);
    expect(log.map((a) => [a.action, a.operator, a.subject_ids, JSON.parse(a.detail).decided_on])).toEqual([
      ['decline_matches', 'tester', [String(m2.match_id)], new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)],
      ['complete_matches', 'tester', [String(m1.match_id)], '2026-04-01'],
      ['accept_matches', 'tester', [String(m1.match_id)], '2026-03-31'],
    ]);
    expect(JSON.parse(log[1].detail).hours).toBe(2);

    // Rooms and resource allocations are recorded the same way.
    expect(run(['match', 'facilities', '--as-of', '2026-04-01', '--save']).code).toBe(0);
    const room = run(['--json', 'matches', 'list', '--kind', 'facilities', '--status', 'proposed']).json().proposals[0];
    expect(run(['matches', 'accept', '--kind', 'facilities', String(room.proposal_id)]).code).toBe(0);
    expect(run(['match', 'resources', '--as-of', '2026-04-01', '--save']).code).toBe(0);
    const alloc = run(['--json', 'matches', 'list', '--kind', 'resources', '--status', 'proposed']).json().allocations[0];
    expect(run(['matches', 'decline', '--kind', 'resources', String(alloc.allocation_id), '--note', '団体都合']).code).toBe(0);
    const last = (run(['--json', 'audit']).json().audit as any[]).slice(0, 2).map((a) => [a.action, a.operator, a.subject_ids]);
    expect(last).toEqual([['decline_resource_allocations', 'tester', [String(alloc.allocation_id)]], ['accept_facility_proposals', 'tester', [String(room.proposal_id)]]]);
  });

  it('a match list about volunteers written with --out is private (mode 0600), the candidates file too', () => {
    const out = join(ward.dir, 'proposals.csv');
    const cand = join(ward.dir, 'pairs.csv');
    expect(run(['match', 'volunteers', '--as-of', '2026-04-01', '--format', 'csv', '--out', out, '--candidates', cand]).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(statSync(cand).mode & 0o777).toBe(0o600);
  });
});
