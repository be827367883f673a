import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, kyodo, tempDir } from '../helpers/cli.js';

const ugly = (name: string) => join(FIXTURES, 'ugly', name);

describe('nightly import of the files centers really have', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = tempDir();
    db = join(dir, 'kyodo.db');
  });
  const volunteers = () => kyodo(['--db', db, '--json', 'list', 'volunteers']).json().rows as Record<string, any>[];

  it('UTF-8 with BOM and CRLF: the BOM is not part of the first header', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'volunteers', ugly('bom-crlf.csv')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ kind: 'volunteers', encoding: 'utf-8', rows: 3, inserted: 3, rejected: 0, dry_run: false });
    const v1 = volunteers().find((v) => v.volunteer_id === 'V001')!;
    expect(v1).toMatchObject({ name: '山田 太郎', kana: 'ヤマダ タロウ', birth_date: '1970-03-02', consent_share: true, status: 'active' });
    expect(v1.skills).toEqual(['手話', 'パソコン']);
    expect(v1.availability).toEqual(['sat-pm', 'sun-am']);
  });

  it('a CP932 Excel export: ①㈱髙﨑, full-width digits, half-width kana and 和暦 are read; 令和1年4月1日 is rejected', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'volunteers', ugly('sjis-excel.csv')]);
    expect(r.code).toBe(3);
    const out = r.json();
    expect(out).toMatchObject({ encoding: 'shift_jis', rows: 3, inserted: 2, rejected: 1 });
    expect(out.rejects[0]).toMatchObject({ line: 4, column: 'birth_date', value: expect.stringContaining('') });
    expect(out.rejects[0].reason).toMatch(/2019-05-01/);
    const [v101, v102] = volunteers();
    expect(v101).toMatchObject({ volunteer_id: 'V101', name: '髙橋 1子', kana: 'タカハシ イチコ', birth_date: '1996-12-01', phone: '090-1234-5678', consent_share: true });
    expect(v102).toMatchObject({ volunteer_id: 'V102', name: '(株)さくら 山﨑 次郎', birth_date: '1970-01-01', phone: '03-1234-5678', consent_share: false });
    expect(v102!.skills).toEqual(['パソコン']);
  });

  it('bytes valid in no encoding: refused with where they are, nothing stored', () => {
    const r = kyodo(['--db', db, 'import', 'volunteers', ugly('invalid-bytes.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid-bytes\.csv/);
    expect(r.stderr).toMatch(/offset|line 3/);
    expect(volunteers()).toEqual([]);
  });

  it('an unclosed quote: the file is refused naming the line where the quote opened', () => {
    const r = kyodo(['--db', db, 'import', 'volunteers', ugly('unclosed-quote.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unclosed-quote\.csv/);
    expect(r.stderr).toMatch(/line 3/);
    expect(volunteers()).toEqual([]);
  });

  it('ragged rows are rejected one by one; the others are stored', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'volunteers', ugly('ragged.csv')]);
    expect(r.code).toBe(3);
    const out = r.json();
    expect(out).toMatchObject({ rows: 4, inserted: 2, rejected: 2 });
    expect(out.rejects.map((x: any) => [x.line, x.code])).toEqual([[3, 'ragged_row'], [4, 'ragged_row']]);
    expect(volunteers().map((v) => v.volunteer_id)).toEqual(['V001', 'V004']);
  });

  it('duplicate header names are refused (never "last one wins")', () => {
    const r = kyodo(['--db', db, 'import', 'volunteers', ugly('duplicate-headers.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('duplicate column "電話番号" at fields 5 and 6');
  });

  it('a NUL inside a cell rejects that row only', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'volunteers', ugly('nul.csv')]);
    expect(r.code).toBe(3);
    expect(r.json().rejects).toEqual([expect.objectContaining({ line: 3, column: 'name', code: 'control_character' })]);
    expect(volunteers().map((v) => v.volunteer_id)).toEqual(['V001', 'V003']);
  });

  it('a runaway 2 MiB field is refused with the line where its record starts', () => {
    const file = join(dir, 'huge.csv');
    const H = 'ボランティアID,氏名,フリガナ';
    writeFileSync(file, [H, 'V001,山田 太郎,ヤマダ', `V002,"${'あ'.repeat(2 * 1024 * 1024)}",x`, 'V003,鈴木,スズキ'].join('\n'));
    const r = kyodo(['--db', db, 'import', 'volunteers', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3/);
    expect(volunteers()).toEqual([]);
  });

  it('a cell with an embedded CRLF shifts later line numbers; the address keeps one line', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'volunteers', ugly('embedded-crlf.csv')]);
    expect(r.code).toBe(3);
    expect(r.json().rejects).toEqual([expect.objectContaining({ line: 5, column: 'birth_date', value: '20********' })]);
    expect(volunteers().find((v) => v.volunteer_id === 'V002')!.address).toBe('架空市さくら区2-2 さくらハイツ101');
  });

  it('every bad cell is rejected with line, column, masked value, code and reason; the rejects file can be fixed and re-imported', () => {
    const rejects = join(dir, 'rejects.csv');
    const r = kyodo(['--db', db, '--json', 'import', 'volunteers', ugly('bad-cells.csv'), '--rejects', rejects]);
    expect(r.code).toBe(3);
    const out = r.json();
    expect(out).toMatchObject({ rows: 9, inserted: 1, rejected: 8, rejects_file: rejects });
    expect(out.rejects.map((x: any) => [x.line, x.column, x.code])).toEqual([
      [3, 'birth_date', expect.stringMatching(/date/)],
      [4, 'birth_date', expect.stringMatching(/date/)],
      [5, 'phone', 'invalid_phone'],
      [6, 'email', 'invalid_email'],
      [7, 'availability', 'invalid_availability'],
      [8, 'consent_share', 'invalid_boolean'],
      [9, 'volunteer_id', 'duplicate_key'],
      [10, 'volunteer_id', 'missing_value'],
    ]);
    // Personal values are masked in reports; the rejects file keeps the row as it was, readable by its owner only.
    expect(out.rejects.find((x: any) => x.column === 'phone').value).not.toContain('090');
    expect(out.rejects.find((x: any) => x.column === 'email').value).not.toBe('foo@');
    expect(statSync(rejects).mode & 0o777).toBe(0o600);
    const text = readFileSync(rejects, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split(/\r?\n/)[0]).toBe('\uFEFFボランティアID,氏名,フリガナ,生年月日,電話番号,メール,スキル,活動可能日時,情報提供同意,line,column,code,reason');
    // Fix one row in the rejects file and re-import it: the rest are rejected again, nothing duplicates.
    writeFileSync(rejects, text.replace('2023-02-30', '2023-02-28'));
    const again = kyodo(['--db', db, '--json', 'import', 'volunteers', rejects, '--rejects', join(dir, 'r2.csv')]);
    expect(again.code).toBe(3);
    expect(again.json()).toMatchObject({ inserted: 1, rejected: 6, unchanged: 0 });
    expect(again.stderr).not.toMatch(/not imported/);
    // The import history keeps every rejected row.
    const history = kyodo(['--db', db, '--json', 'imports']).json();
    expect(history.runs[1]).toMatchObject({ rejected: 8, status: 'done' });
  });

  it('unknown headers without a TTY: fails listing the unknown and missing columns', () => {
    const r = kyodo(['--db', db, 'import', 'volunteers', ugly('unknown-headers.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('volunteer_id, name');
    expect(r.stderr).toContain('会員番号, おなまえ, でんわ');
    expect(r.stderr).toMatch(/--mapping/);
  });

  it('a mapping file maps unknown headers, and the same file re-imported is unchanged', () => {
    const mapping = join(dir, 'm.yaml');
    writeFileSync(mapping, 'kind: volunteers\ncolumns:\n  会員番号: volunteer_id\n  おなまえ: name\n  でんわ: phone\n');
    const r = kyodo(['--db', db, '--json', 'import', 'volunteers', ugly('unknown-headers.csv'), '--mapping', mapping]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ inserted: 1 });
    const again = kyodo(['--db', db, '--json', 'import', 'volunteers', ugly('unknown-headers.csv'), '--mapping', mapping]);
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('Japanese messages with --lang ja', () => {
    const r = kyodo(['--db', db, '--lang', 'ja', 'import', 'volunteers', ugly('duplicate-headers.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/エラー/);
  });
});
