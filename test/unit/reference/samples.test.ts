import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalSkill, fieldNumberOf, legalFormOf } from '../../../src/reference/index.js';
// @ts-expect-error plain-JS generator script without type declarations
import { generateSamples } from '../../../scripts/generate-samples.js';
// @ts-expect-error plain-JS helper without type declarations
import { parseCsvLine } from '../../../scripts/lib/csv.js';
// @ts-expect-error plain-JS helper without type declarations
import { corporateCheckDigit, municipalityCheckDigit, WARD } from '../../../scripts/lib/people.js';

interface Messy { id: string; line: number; column: string }
interface Generated { counts: Record<string, number>; messy: Messy[] }
const generate = generateSamples as (dir: string, opts?: { seed?: number }) => Generated;
const parseLine = parseCsvLine as (line: string) => string[];

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kyodo-samples-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const a = tempDir();
const result = generate(a);

/** Rows of a generated CSV as header + records (no multi-line cells in these files). */
function table(text: string, eol: string): { header: string[]; rows: Record<string, string>[] } {
  const lines = text.replace(/^\uFEFF/, '').split(eol);
  expect(lines.pop()).toBe('');
  const header = parseLine(lines[0]!);
  const rows = lines.slice(1).map((l) => {
    const cells = parseLine(l);
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]!]));
  });
  return { header, rows };
}

const split = (cell: string): string[] => cell.split(/[;、,／]/).map((s) => s.trim()).filter((s) => s !== '');

describe('generate-samples', () => {
  it('is seeded: a second run writes identical bytes', () => {
    const b = tempDir();
    generate(b);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['README.md', 'booking_requests.csv', 'bookings.csv', 'facilities.csv', 'needs.csv', 'offers.csv', 'openings.csv', 'orgs.csv', 'volunteers.csv']);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    const c = tempDir();
    generate(c, { seed: 7 });
    expect(readFileSync(join(c, 'orgs.csv')).equals(readFileSync(join(a, 'orgs.csv')))).toBe(false);
  });

  it('writes volunteers.csv as valid CP932 with CRLF, 和暦 and CP932-only characters', () => {
    const bytes = readFileSync(join(a, 'volunteers.csv'));
    const text = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    expect(text.split('\r\n')).toHaveLength(result.counts.volunteers! + 2);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toMatch(/昭和\d+年\d+月\d+日/);
    expect(text).toMatch(/,S\d+\.\d+\.\d+,/);
    expect(text).toMatch(/[髙﨑]/);
    expect(text).toMatch(/[①②③]/);
    expect(text).toMatch(/[０-９]{3}－[０-９]{4}/);
    expect(text).toMatch(/[ｱ-ﾝ]/);
    const { header, rows } = table(text, '\r\n');
    expect(header.slice(0, 3)).toEqual(['ボランティアID', '氏名', 'フリガナ']);
    expect(rows).toHaveLength(600);
  });

  it('lists every deliberately messy row in README.md, one problem each, ~3%', () => {
    const readme = readFileSync(join(a, 'README.md'), 'utf8');
    expect(result.messy.length).toBeGreaterThanOrEqual(15);
    expect(result.messy.length).toBeLessThanOrEqual(24);
    for (const m of result.messy) expect(readme).toContain(`| ${m.line} | ${m.id} | ${m.column} |`);
    const text = new TextDecoder('shift_jis').decode(readFileSync(join(a, 'volunteers.csv')));
    const { rows } = table(text, '\r\n');
    const ids = rows.map((r) => r['ボランティアID']);
    expect(ids.filter((id) => id === 'V0010')).toHaveLength(2);
    expect(text).toContain('令和1年4月1日');
    expect(text).toContain('2023/02/30');
    expect(text).toContain(',foo@,');
    expect(text).toContain('土曜ごご');
  });

  it('writes orgs.csv with a BOM, valid 法人番号, known legal forms and fields', () => {
    const text = readFileSync(join(a, 'orgs.csv'), 'utf8');
    expect(text.startsWith('\uFEFF団体ID,')).toBe(true);
    const { rows } = table(text, '\r\n');
    expect(rows).toHaveLength(150);
    const forms = new Set<string>();
    for (const r of rows) {
      const cn = r['法人番号']!;
      if (cn !== '') expect(Number(cn[0]), cn).toBe(corporateCheckDigit(cn.slice(1)));
      const form = legalFormOf(r['法人格']!);
      expect(form, r['法人格']).toBeDefined();
      forms.add(form!.code);
      for (const label of split(r['活動分野']!)) expect(fieldNumberOf(label), label).toBeDefined();
    }
    expect([...forms].sort()).toEqual(['certified_npo', 'general_association', 'general_foundation', 'neighborhood', 'npo', 'other',
      'public_interest_association', 'public_interest_foundation', 'social_welfare', 'special_certified_npo', 'voluntary']);
    expect(rows.filter((r) => r['解散日'] !== '').length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r['宗教・政治活動'] === 'はい')).toHaveLength(2);
  });

  it('writes openings of existing, active organizations only', () => {
    const orgs = table(readFileSync(join(a, 'orgs.csv'), 'utf8'), '\r\n').rows;
    const active = new Set(orgs.filter((o) => o['状態'] === '活動中').map((o) => o['団体ID']));
    const { rows } = table(readFileSync(join(a, 'openings.csv'), 'utf8'), '\r\n');
    expect(rows).toHaveLength(250);
    for (const r of rows) {
      expect(active.has(r['団体ID']), r['募集ID']).toBe(true);
      for (const label of split(r['活動分野']!)) expect(fieldNumberOf(label), label).toBeDefined();
    }
    expect(new Set(rows.map((r) => r['種別']))).toEqual(new Set(['単発', '短期', '継続', 'プロボノ']));
    expect(rows.some((r) => r['専門職'] === '税理士')).toBe(true);
    expect(rows.some((r) => split(r['必須スキル']!).map(canonicalSkill).includes('手話'))).toBe(true);
  });

  it('writes facilities in the 公共施設一覧 current layout plus room columns, keyed by ID + 部屋名', () => {
    const { header, rows } = table(readFileSync(join(a, 'facilities.csv'), 'utf8'), '\r\n');
    expect(header.slice(0, 3)).toEqual(['全国地方公共団体コード', 'ID', '地方公共団体名']);
    expect(header.slice(-4)).toEqual(['部屋名', '定員', '設備', '1時間料金']);
    const keys = rows.map((r) => `${r['ID']}/${r['部屋名']}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(rows.map((r) => r['ID'])).size).toBe(10);
  });

  it('lives in a fictional ward with a check-digit-valid code', () => {
    const ward = WARD as { code: string; code5: string };
    expect(ward.code).toBe(`${ward.code5}${municipalityCheckDigit(ward.code5)}`);
    expect(municipalityCheckDigit('13117')).toBe(2);
  });
});

describe('bench/generate-volunteers', () => {
  it('is seeded, writes the 15 native columns, and --change-percent changes ~P% of rows only', async () => {
    // @ts-expect-error plain-JS generator script without type declarations
    const bench = (await import('../../../bench/generate-volunteers.js')) as {
      generateVolunteersCsv: (file: string, o: { rows: number; seed: number }) => Promise<void>;
      changeVolunteersCsv: (file: string, o: { base: string; percent: number; seed: number }) => Promise<number>;
    };
    const dir = tempDir();
    const [one, two, changed] = ['one.csv', 'two.csv', 'changed.csv'].map((f) => join(dir, f)) as [string, string, string];
    await bench.generateVolunteersCsv(one, { rows: 3000, seed: 5 });
    await bench.generateVolunteersCsv(two, { rows: 3000, seed: 5 });
    expect(readFileSync(one).equals(readFileSync(two))).toBe(true);
    const lines = readFileSync(one, 'utf8').split('\n');
    expect(lines[0]).toBe('volunteer_id,name,kana,birth_date,gender,postal_code,address,municipality_code,phone,email,skills,interests,availability,max_assignments,consent_share');
    expect(lines).toHaveLength(3002);
    for (const l of lines.slice(1, -1)) expect(parseLine(l)).toHaveLength(15);
    const n = await bench.changeVolunteersCsv(changed, { base: one, percent: 5, seed: 5 });
    const after = readFileSync(changed, 'utf8').split('\n');
    const diff = after.filter((l, i) => l !== lines[i]);
    expect(after).toHaveLength(lines.length);
    expect(diff).toHaveLength(n);
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(200);
    for (const l of diff) expect(lines).not.toContain(l);
  });
});
