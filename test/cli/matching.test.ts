import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleWard } from '../helpers/cli.js';

describe('kyodo match volunteers on the sample ward, and the life of its proposals', () => {
  let ward: ReturnType<typeof sampleWard>;
  const run = (args: string[]) => ward.run(args);
  beforeAll(() => {
    ward = sampleWard();
    expect(ward.init.code).toBe(3);
  });

  it('same input, same bytes; --candidates has the documented header and the objective is the sum of pair scores', () => {
    const a = run(['--json', 'match', 'volunteers', '--as-of', '2026-04-01', '--candidates', join(ward.dir, 'c1.csv')]);
    const b = run(['--json', 'match', 'volunteers', '--as-of', '2026-04-01', '--candidates', join(ward.dir, 'c2.csv')]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(readFileSync(join(ward.dir, 'c1.csv'))).toEqual(readFileSync(join(ward.dir, 'c2.csv')));
    const doc = a.json();
    expect(doc).toMatchObject({ run_id: null, kind: 'volunteers' });
    expect(doc.pairs.length).toBeGreaterThan(100);
    const sum = doc.pairs.reduce((s: number, p: any) => s + p.score, 0);
    expect(doc.objective).toBeCloseTo(sum, 4);
    const csv = readFileSync(join(ward.dir, 'c1.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('volunteer_id,opening_id,score,volunteer_capacity,opening_capacity');
    // Every proposed pair is an allowed pair, and no capacity is exceeded.
    const allowed = new Set(csv.slice(1).filter(Boolean).map((l) => l.split(',').slice(0, 2).join('→')));
    const cap = new Map(csv.slice(1).filter(Boolean).flatMap((l) => { const [v, o, , vc, oc] = l.split(','); return [[v!, Number(vc)], [o!, Number(oc)]] as [string, number][]; }));
    const used = new Map<string, number>();
    for (const p of doc.pairs) {
      expect(allowed.has(`${p.volunteer_id}→${p.opening_id}`)).toBe(true);
      for (const k of [p.volunteer_id, p.opening_id]) used.set(k, (used.get(k) ?? 0) + 1);
      expect(p.reasons.length).toBeGreaterThan(0);
    }
    for (const [k, n] of used) expect(n).toBeLessThanOrEqual(cap.get(k)!);
    // Pairs are in the documented order.
    const keys = doc.pairs.map((p: any) => `${p.opening_id} ${p.volunteer_id}`);
    expect(keys).toEqual([...keys].sort());
    for (const u of doc.unfilled) expect(u.reasons.length).toBeGreaterThan(0);
  });

  it('--save, accept, decline, complete with hours; invalid moves change nothing', () => {
    const saved = run(['--json', 'match', 'volunteers', '--as-of', '2026-04-01', '--save']).json();
    expect(saved.run_id).toBe(1);
    const listed = run(['--json', 'matches', 'list', '--status', 'proposed']).json();
    // Every kind's JSON says which kind it is (facilities: proposals, resources: allocations).
    expect(listed.kind).toBe('volunteers');
    const proposed = listed.matches;
    expect(proposed).toHaveLength(saved.pairs.length);
    const [m1, m2, m3] = proposed;
    expect(run(['matches', 'accept', String(m1.match_id), String(m2.match_id)]).code).toBe(0);
    expect(run(['matches', 'decline', String(m3.match_id)]).code).toBe(0);
    const bad = run(['matches', 'complete', String(m1.match_id), String(m3.match_id), '--hours', '3']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/declined, cannot become completed/);
    // Said in Japanese too, as for rooms and allocations (it was English inside a Japanese sentence).
    const badJa = run(['--lang', 'ja', 'matches', 'complete', String(m3.match_id), '9999', '--hours', '3']);
    expect(badJa.stderr).toContain(`変更していません: マッチ #${m3.match_id}: 状態が辞退のため完了にできません、マッチ #9999: そのようなマッチはありません`);
    expect(run(['--json', 'matches', 'list', '--status', 'completed']).json().matches).toEqual([]);
    expect(run(['matches', 'complete', String(m1.match_id), '--hours', '3.5']).code).toBe(0);
    expect(run(['--json', 'matches', 'list', '--status', 'completed']).json().matches[0]).toMatchObject({ match_id: m1.match_id, hours: 3.5 });
    // A new saved run supersedes undecided proposals and never re-proposes the declined pair.
    const again = run(['--json', 'match', 'volunteers', '--as-of', '2026-04-01', '--save']).json();
    expect(again.pairs.some((p: any) => p.volunteer_id === m3.volunteer_id && p.opening_id === m3.opening_id)).toBe(false);
    expect(run(['--json', 'matches', 'list', '--status', 'superseded']).json().matches.length).toBe(proposed.length - 3);
  });

  it("an NPO's list shows contact data only for consenting volunteers, and the export is recorded", () => {
    // The list holds accepted matches (test/cli/privacy.test.ts: proposed ones, and what goes out of whom).
    const matches = run(['--json', 'matches', 'list', '--status', 'accepted']).json().matches;
    const org = matches[0].org_id;
    const out = join(ward.dir, `${org}.csv`);
    const r = run(['matches', 'export', '--org', org, '--out', out]);
    expect(r.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('マッチID,募集ID,件名,ボランティアID,氏名,電話番号,メール,情報提供同意,状態,点数,理由');
    const volunteers = run(['--json', 'list', 'volunteers']).json().rows as any[];
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const v = volunteers.find((x) => x.volunteer_id === cells[3])!;
      if (v.consent_share) {
        expect(cells[7]).toBe('同意あり');
        if (v.phone) expect(cells[5]).toBe(v.phone);
      } else {
        expect(cells[7]).toBe('要同意確認');
        if (v.phone) expect(cells[5]).not.toBe(v.phone);
        if (v.email) expect(line).not.toContain(v.email);
        expect(line).not.toContain(v.name);
      }
    }
    // (Listing the volunteers as JSON above is recorded too: the export is the record before it.)
    const audit = run(['--json', 'audit']).json().audit.find((a: any) => a.action === 'export_org_list');
    expect(audit).toMatchObject({ action: 'export_org_list', recipient: org, operator: 'tester', file: out });
    expect(audit.file_sha256).toBe(createHash('sha256').update(readFileSync(out)).digest('hex'));
    expect(audit.subject_ids.length).toBe(lines.length - 1 > 0 ? new Set(lines.slice(1).map((l) => l.split(',')[3])).size : 0);
    // A list that could not be written (the file exists, no --force) leaves no record behind.
    const recorded = run(['--json', 'audit']).json().audit.length;
    const again = run(['matches', 'export', '--org', org, '--out', out]);
    expect(again.code).not.toBe(0);
    expect(run(['--json', 'audit']).json().audit.length).toBe(recorded);
  });

  it('volunteers forget: personal data gone, match counts kept, the next import reports the person as suppressed', () => {
    const completed = run(['--json', 'matches', 'list', '--status', 'completed']).json().matches[0];
    const id = completed.volunteer_id;
    const r = run(['--json', 'volunteers', 'forget', id, '--yes']);
    expect(r.code).toBe(0);
    const anon = r.json().anonymous_id;
    expect(run(['--json', 'show', 'volunteers', id]).code).toBe(2);
    const erased = run(['--json', 'show', 'volunteers', anon]).json().record;
    expect(erased).toMatchObject({ name: null, phone: null, email: null, birth_date: null, status: 'erased' });
    expect(run(['--json', 'matches', 'list', '--volunteer', anon]).json().matches.length).toBeGreaterThan(0);
    const file = join(ward.dir, 'back.csv');
    writeFileSync(file, `volunteer_id,name,phone\n${id},戻ってきた人,090-1111-2222\n`);
    const imp = run(['--json', 'import', 'volunteers', file]).json();
    expect(imp).toMatchObject({ inserted: 0, suppressed: 1 });
    expect(run(['--json', 'show', 'volunteers', id]).code).toBe(2);
    expect(run(['--json', 'audit']).json().audit[0]).toMatchObject({ action: 'erase_volunteer', subject_ids: [anon] });
  });

  it('xlsx output needs --out and keeps IDs as text', async () => {
    expect(run(['match', 'volunteers', '--format', 'xlsx']).code).toBe(2);
    const out = join(ward.dir, 'match.xlsx');
    expect(run(['match', 'volunteers', '--as-of', '2026-04-01', '--format', 'xlsx', '--out', out]).code).toBe(0);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('提案')!;
    expect(ws.getRow(1).getCell(1).value).toBe('募集ID');
    expect(typeof ws.getRow(2).getCell(1).value).toBe('string');
    expect(typeof ws.getRow(2).getCell(4).value).toBe('number');
  });

  it('--save with an --out or --candidates file that exists (no --force) is refused before anything is saved', () => {
    const runs = () => run(['--json', 'matches', 'list']).json().matches.length;
    const before = runs();
    const existing = join(ward.dir, 'already-there.csv');
    writeFileSync(existing, 'keep me');
    for (const args of [['--out', existing, '--format', 'csv'], ['--candidates', existing], ['--out', join(ward.dir, 'no-such-dir', 'x.csv')]]) {
      const r = run(['match', 'volunteers', '--as-of', '2026-04-01', '--save', ...args]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/already-there\.csv|no-such-dir/);
    }
    expect(runs()).toBe(before);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    for (const kind of ['facilities', 'resources']) {
      expect(run(['match', kind, '--as-of', '2026-04-01', '--save', '--out', existing]).code).not.toBe(0);
      expect(run(['--json', 'matches', 'list', '--kind', kind]).json()[kind === 'facilities' ? 'proposals' : 'allocations']).toEqual([]);
    }
  });
});
