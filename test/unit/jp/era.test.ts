import { describe, it, expect } from 'vitest';
import { ERAS, eraOf, findEra, loadEras, toWareki } from '../../../src/jp/era.js';

describe('eras.json', () => {
  it('loads the five modern eras with derived end dates', () => {
    expect(ERAS.map((e) => [e.name, e.letter, e.start, e.end, e.firstYear])).toEqual([
      ['明治', 'M', '1868-10-23', '1912-07-29', 1868],
      ['大正', 'T', '1912-07-30', '1926-12-24', 1912],
      ['昭和', 'S', '1926-12-25', '1989-01-07', 1926],
      ['平成', 'H', '1989-01-08', '2019-04-30', 1989],
      ['令和', 'R', '2019-05-01', null, 2019],
    ]);
  });
  it('validates the document when loaded', () => {
    expect(() => loadEras({})).toThrow(/eras\.json is invalid/);
    expect(() => loadEras({ eras: [{ name: 'X', letter: 'X', romaji: 'x', start: '2019-02-30' }] })).toThrow(/start/);
    expect(() =>
      loadEras({
        eras: [
          { name: 'A', letter: 'A', romaji: 'a', start: '2000-01-01' },
          { name: 'B', letter: 'B', romaji: 'b', start: '1999-01-01' },
        ],
      }),
    ).toThrow(/after the previous/);
    expect(() =>
      loadEras({ eras: [{ name: 'A', letter: 'AB', romaji: 'a', start: '2000-01-01' }] }),
    ).toThrow(/letter/);
  });
});

describe('findEra / eraOf', () => {
  it('finds by name, kanji initial and letter in either case', () => {
    expect(findEra('令和')?.letter).toBe('R');
    expect(findEra('r')?.name).toBe('令和');
    expect(findEra('H')?.name).toBe('平成');
    expect(findEra('平')?.name).toBe('平成');
    expect(findEra('X')).toBeUndefined();
  });
  it('eraOf uses the first day boundaries', () => {
    expect(eraOf('2019-04-30')?.name).toBe('平成');
    expect(eraOf('2019-05-01')?.name).toBe('令和');
    expect(eraOf('1868-10-22')).toBeUndefined();
  });
});

describe('toWareki', () => {
  it('formats with 元年 for year 1', () => {
    expect(toWareki('2019-04-01')).toBe('平成31年4月1日');
    expect(toWareki('2019-05-01')).toBe('令和元年5月1日');
    expect(toWareki('2024-04-01')).toBe('令和6年4月1日');
    expect(toWareki('1989-01-07')).toBe('昭和64年1月7日');
    expect(toWareki('1989-01-08')).toBe('平成元年1月8日');
    expect(toWareki('1868-10-23')).toBe('明治元年10月23日');
  });
  it('returns null before 明治 or for an invalid date', () => {
    expect(toWareki('1868-01-01')).toBeNull();
    expect(toWareki('2023-02-30')).toBeNull();
    expect(toWareki('nope')).toBeNull();
  });
});
