import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping, normalizeHeader, resolveHeader } from '../../../src/roster/headers.js';
import { volunteersSpec } from '../../../src/roster/kinds/volunteers.js';
import { facilitiesSpec } from '../../../src/roster/kinds/facilities.js';
import { evaluationsSpec, scoresSpec } from '../../../src/roster/kinds/selection.js';
import { tempDir } from '../../helpers/cli.js';

describe('header matching', () => {
  it('ignores case, spaces and full/half width', () => {
    expect(normalizeHeader(' Ｖｏｌｕｎｔｅｅｒ_ＩＤ ')).toBe('volunteer_id');
    expect(normalizeHeader('\uFEFF氏名')).toBe('氏名');
    expect(normalizeHeader('建物名等（方書）')).toBe('建物名等(方書)');
  });

  it('maps English names and Japanese aliases, reports unknown columns, finds missing required ones', () => {
    const plan = resolveHeader(volunteersSpec, ['ボランティアID', 'NAME', '趣味', '電話番号']);
    expect(plan.present.map((p) => p.col.name)).toEqual(['volunteer_id', 'name', 'phone']);
    expect(plan.unknown).toEqual(['趣味']);
    expect(plan.missingRequired).toEqual([]);
    expect(resolveHeader(volunteersSpec, ['氏名']).missingRequired).toEqual(['volunteer_id']);
  });

  it('refuses duplicate names and two headers meaning the same column', () => {
    expect(() => resolveHeader(volunteersSpec, ['ボランティアID', '氏名', '電話', '電話'], undefined, 'v.csv')).toThrow(/duplicate column "電話" at fields 3 and 4/);
    expect(() => resolveHeader(volunteersSpec, ['ボランティアID', '氏名', '電話', '電話番号'])).toThrow(/both phone/);
  });

  it('ignores the line,column,code,reason tail of a rejects file and empty trailing headers', () => {
    const plan = resolveHeader(volunteersSpec, ['ボランティアID', '氏名', '', 'line', 'column', 'code', 'reason']);
    expect(plan.unknown).toEqual([]);
  });

  it('accepts all three 公共施設一覧 layouts by name', () => {
    for (const header of [
      ['全国地方公共団体コード', 'ID', '地方公共団体名', '名称', '名称_カナ', '所在地_連結表記', '緯度', '経度'],
      ['都道府県コード又は市区町村コード', 'NO', '都道府県名', '市区町村名', '名称', '名称_カナ', '住所', '経度', '緯度'],
      ['市区町村コード', 'NO', '都道府県名', '市区町村名', '名称', '名称_カナ', '名称_英字', '住所'],
    ]) {
      const plan = resolveHeader(facilitiesSpec, header);
      expect(plan.missingRequired).toEqual([]);
      expect(plan.present.map((p) => p.col.name)).toEqual(expect.arrayContaining(['municipality_code', 'source_id', 'name', 'name_kana', 'address']));
    }
  });

  it('a mapping file maps and ignores headers, and is validated', () => {
    const dir = tempDir();
    const good = join(dir, 'm.yaml');
    writeFileSync(good, 'kind: volunteers\ncolumns:\n  会員番号: volunteer_id\n  おなまえ: name\n  メモ: null\n');
    const plan = resolveHeader(volunteersSpec, ['会員番号', 'おなまえ', 'メモ'], loadMapping(good, volunteersSpec));
    expect(plan.present.map((p) => p.col.name)).toEqual(['volunteer_id', 'name']);
    expect(plan.unknown).toEqual([]);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'columns:\n  会員番号: member_no\n');
    expect(() => loadMapping(bad, volunteersSpec)).toThrow(/member_no/);
    const other = join(dir, 'other.yaml');
    writeFileSync(other, 'kind: orgs\ncolumns:\n  a: name\n');
    expect(() => loadMapping(other, volunteersSpec)).toThrow(/for orgs/);
  });
});

describe('the selection files share one header vocabulary', () => {
  it('公募番号 and 項目ID name the call and the item in scores and evaluations alike', () => {
    for (const spec of [scoresSpec, evaluationsSpec]) {
      const plan = resolveHeader(spec, ['事業ID', '公募番号', '審査委員', '団体ID', '評価者区分', '項目ID', '点数']);
      expect(plan.used['公募番号']).toBe('call_id');
      expect(plan.used['項目ID']).toBe('item');
    }
  });
});
