import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  parseBoolean,
  parseDecimal,
  parseInteger,
  parseLatitude,
  parseLongitude,
  parseYen,
  splitList,
} from '../../../src/jp/values.js';

const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);

describe('parseBoolean', () => {
  it.each(['はい', '有', 'あり', '○', '◯', 'yes', 'YES', 'Yes', 'y', 'Y', 'true', 'TRUE', '1', '１', '済', '同意', '可', 'ｙｅｓ'])(
    '%s → true', (s) => expect(parseBoolean(s)).toEqual({ ok: true, value: true }));
  it.each(['いいえ', '無', 'なし', '×', '✕', 'no', 'NO', 'n', 'false', 'False', '0', '未', '不同意', '不可'])(
    '%s → false', (s) => expect(parseBoolean(s)).toEqual({ ok: true, value: false }));
  it('empty → code empty (the caller applies its default)', () => {
    expect(code(parseBoolean(''))).toBe('empty');
    expect(code(parseBoolean('\u3000'))).toBe('empty');
  });
  it('anything else is invalid_boolean', () => {
    expect(code(parseBoolean('maybe'))).toBe('invalid_boolean');
    expect(code(parseBoolean('2'))).toBe('invalid_boolean');
  });
});

describe('parseInteger', () => {
  it.each([
    ['12', 12], ['1,000', 1000], ['12,345,678', 12345678], ['１２', 12], ['１，０００', 1000], ['-5', -5], ['+5', 5],
    ['▲1,000', -1000], ['△3', -3], ['12.0', 12], ['0', 0], ['-0', 0],
  ])('%s → %d', (s, v) => expect(parseInteger(s)).toEqual({ ok: true, value: v }));
  it.each(['1.5', '1,00', '1234,567', ',100', '100,', '1e3', 'abc', '12 000', '0x10', 'NaN', 'Infinity', '1.', '.5'])(
    'rejects %s', (s) => expect(code(parseInteger(s))).toBe('invalid_integer'));
  it('range', () => {
    expect(code(parseInteger('-1', { min: 0 }))).toBe('out_of_range');
    expect(code(parseInteger('0', { min: 1 }))).toBe('out_of_range');
    expect(code(parseInteger('101', { max: 100 }))).toBe('out_of_range');
    expect(parseInteger('100', { min: 0, max: 100 })).toEqual({ ok: true, value: 100 });
    expect(code(parseInteger('99999999999999999999'))).toBe('out_of_range');
  });
  it('property: never NaN; formatted integers round-trip', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const r = parseInteger(s);
      if (r.ok) expect(Number.isSafeInteger(r.value)).toBe(true);
    }));
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
      expect(parseInteger(n.toLocaleString('en-US'))).toEqual({ ok: true, value: n === 0 ? 0 : n });
    }));
  });
});

describe('parseDecimal', () => {
  it('accepts decimals', () => {
    expect(parseDecimal('35.6812')).toEqual({ ok: true, value: 35.6812 });
    expect(parseDecimal('１，２３４．５')).toEqual({ ok: true, value: 1234.5 });
    expect(parseDecimal('-0.5')).toEqual({ ok: true, value: -0.5 });
  });
  it('rejects non-numbers and checks range', () => {
    expect(code(parseDecimal('1e5'))).toBe('invalid_number');
    expect(code(parseDecimal('1.2.3'))).toBe('invalid_number');
    expect(code(parseDecimal('5', { max: 4.5 }))).toBe('out_of_range');
  });
});

describe('parseYen', () => {
  it.each([
    ['¥1,200', 1200], ['￥1,200', 1200], ['1,200円', 1200], ['1200', 1200], ['12万円', 120000], ['12万', 120000],
    ['1.5万円', 15000], ['0.0001万', 1], ['\\1,200', 1200], ['▲¥500', -500], ['１，２００円', 1200], ['¥ 300', 300],
  ])('%s → %d', (s, v) => expect(parseYen(s)).toEqual({ ok: true, value: v }));
  it.each(['1.5円', '1.23456万円', '12万3000円', '円', '¥', 'abc', '1,2000円'])('rejects %s', (s) => {
    expect(code(parseYen(s))).toBe('invalid_integer');
  });
  it('range', () => expect(code(parseYen('-1', { min: 0 }))).toBe('out_of_range'));
});

describe('coordinates', () => {
  it('latitude and longitude ranges', () => {
    expect(parseLatitude('35.6812')).toEqual({ ok: true, value: 35.6812 });
    expect(parseLongitude('139.7671')).toEqual({ ok: true, value: 139.7671 });
    expect(code(parseLatitude('91'))).toBe('out_of_range');
    expect(code(parseLongitude('-181'))).toBe('out_of_range');
    expect(code(parseLatitude('abc'))).toBe('invalid_number');
  });
  it('hints at a swapped 緯度/経度', () => {
    const r = parseLatitude('139.7671');
    expect(!r.ok && r.reason.en).toMatch(/swapped/);
  });
});

describe('splitList', () => {
  it('splits on all separators, trims, drops empties, de-duplicates keeping order', () => {
    expect(splitList('手話;点訳、料理,英語・PC/運転\n事務\r\n手話')).toEqual(['手話', '点訳', '料理', '英語', 'PC', '運転', '事務']);
    expect(splitList('a ／ b ；c，d')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitList(' ; ;、 ')).toEqual([]);
    expect(splitList('')).toEqual([]);
    expect(splitList('ｶﾞｲﾄﾞ･通訳')).toEqual(['ガイド', '通訳']);
  });
  it('property: joining unique items with any separator splits back', () => {
    const item = fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.replace(/[;、,・/\n\r\s\u3000]/g, '').normalize('NFKC'))
      .filter((s) => s.length > 0 && !/[;、,・/\n\r\s]/.test(s) && s === s.trim());
    fc.assert(fc.property(fc.uniqueArray(item, { maxLength: 6 }), fc.constantFrom(';', '、', ',', '・', '/', '\n', ' ; '), (items, sep) => {
      expect(splitList(items.join(sep))).toEqual(items);
    }));
  });
});
