import { describe, expect, it } from 'vitest';
import * as cell from '../../../src/roster/cells.js';
import { openDays, timeOfDay } from '../../../src/roster/kinds/facilities.js';

const f = cell.fields(['fields', 'fields_mask']);

describe('roster cell types', () => {
  it('fields by number, short name, official name — even with 、 and ・ inside names', () => {
    expect(f.parse('13;2')).toEqual({ ok: true, value: ['[2,13]', (1 << 1) | (1 << 12)] });
    expect(f.parse('保健・医療・福祉')).toEqual({ ok: true, value: ['[1]', 1] });
    expect(f.parse('保健、医療又は福祉の増進を図る活動;子どもの健全育成')).toEqual({ ok: true, value: ['[1,13]', 1 | (1 << 12)] });
    expect(f.parse('まちづくり、環境の保全')).toEqual({ ok: true, value: ['[3,7]', (1 << 2) | (1 << 6)] });
    expect(f.parse('宇宙開発')).toMatchObject({ ok: false, code: 'unknown_field' });
  });

  it('skills go through the synonym table', () => {
    expect(cell.skills.parse('手話通訳;PC;手話')).toEqual({ ok: true, value: ['["手話","パソコン"]'] });
  });

  it('booleans become 0/1', () => {
    expect(cell.boolean.parse('はい')).toEqual({ ok: true, value: [1] });
    expect(cell.boolean.parse('×')).toEqual({ ok: true, value: [0] });
    expect(cell.boolean.parse('たぶん')).toMatchObject({ ok: false, code: 'invalid_boolean' });
  });

  it('addresses lose pasted line breaks', () => {
    expect(cell.address.parse('さくら区1-1\r\nハイツ101')).toEqual({ ok: true, value: ['さくら区1-1 ハイツ101'] });
    expect(cell.address.parse('さくら区1-1 \n\n ハイツ101\r')).toEqual({ ok: true, value: ['さくら区1-1 ハイツ101 '] });
    expect(cell.address.parse('さくら区1-1  ハイツ101')).toEqual({ ok: true, value: ['さくら区1-1  ハイツ101'] });
    expect(cell.multilineText.parse('a\r\nb\rc\nd')).toEqual({ ok: true, value: ['a\nb\nc\nd'] });
    expect(cell.multilineText.parse('a  b')).toEqual({ ok: true, value: ['a  b'] });
  });

  it('opening days and hours of facilities', () => {
    expect(openDays.parse('月火水木金土日')).toEqual({ ok: true, value: ['["mon","tue","wed","thu","fri","sat","sun"]'] });
    expect(openDays.parse('月～金')).toEqual({ ok: true, value: ['["mon","tue","wed","thu","fri"]'] });
    expect(openDays.parse('平日')).toEqual({ ok: true, value: ['["mon","tue","wed","thu","fri"]'] });
    expect(openDays.parse('土日祝')).toEqual({ ok: true, value: ['["sat","sun"]'] });
    expect(openDays.parse('年中無休')).toMatchObject({ ok: true });
    expect(openDays.parse('要問合せ')).toMatchObject({ ok: false, code: 'invalid_open_days' });
    expect(timeOfDay.parse('9:00')).toEqual({ ok: true, value: ['09:00'] });
    expect(timeOfDay.parse('21時30分')).toEqual({ ok: true, value: ['21:30'] });
    expect(timeOfDay.parse('0930')).toEqual({ ok: true, value: ['09:30'] });
    expect(timeOfDay.parse('24:00')).toEqual({ ok: true, value: ['24:00'] });
    expect(timeOfDay.parse('25:00')).toMatchObject({ ok: false });
  });

  it('one of a set of labels', () => {
    const status = cell.oneOf({ 活動中: 'active', 解散: 'dissolved' }, { en: 'status', ja: '状態' });
    expect(status.parse('解散')).toEqual({ ok: true, value: ['dissolved'] });
    expect(status.parse('不明')).toMatchObject({ ok: false, code: 'invalid_status' });
  });
});
