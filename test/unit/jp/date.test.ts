import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseDate } from '../../../src/jp/date.js';
import { toWareki } from '../../../src/jp/era.js';
import { isoDate, daysInMonth } from '../../../src/jp/calendar.js';

const okv = (v: string) => ({ ok: true, value: v });

function rejects(input: string, code: string) {
  const r = parseDate(input);
  expect(r.ok, input).toBe(false);
  if (!r.ok) expect(r.code, input).toBe(code);
  return r.ok ? { en: '', ja: '' } : r.reason;
}

describe('parseDate accepts', () => {
  it.each([
    ['2024-04-01', '2024-04-01'],
    ['2024/4/1', '2024-04-01'],
    ['2024.4.1', '2024-04-01'],
    ['2024-4-1', '2024-04-01'],
    ['20240401', '2024-04-01'],
    ['2024年4月1日', '2024-04-01'],
    ['2024年04月01日', '2024-04-01'],
    ['2024年4月1', '2024-04-01'], // 日 may be left off
    ['令和6年4月1日', '2024-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R6.4.1', '2024-04-01'],
    ['R06/04/01', '2024-04-01'],
    ['r6.4.1', '2024-04-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['S45.1.1', '1970-01-01'],
    ['昭和45年1月1日', '1970-01-01'],
    ['M45.7.29', '1912-07-29'],
    ['T1.7.30', '1912-07-30'],
    ['令 6. 4. 1'.replace(/ /g, ''), '2024-04-01'],
    ['令和 6年 4月 1日', '2024-04-01'],
    ['２０２４－０４－０１', '2024-04-01'],
    ['２０２４年４月１日', '2024-04-01'],
    ['Ｒ６．４．１', '2024-04-01'],
    ['令和６年４月１日', '2024-04-01'],
    ['\u3000 2024/4/1 ', '2024-04-01'],
    ['2024-04-01T10:00:00', '2024-04-01'],
    ['2024-04-01T10:00:00.123', '2024-04-01'],
    ['2024/04/01 10:00', '2024-04-01'],
    ['2024/4/1 9:05:07', '2024-04-01'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toEqual(okv(expected));
  });
});

describe('Excel serials', () => {
  it.each([
    ['1', '1900-01-01'],
    ['59', '1900-02-28'],
    ['61', '1900-03-01'],
    ['45383', '2024-04-01'],
    ['45383.5', '2024-04-01'],
    ['45383.999988426', '2024-04-01'],
    ['25569', '1970-01-01'],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toEqual(okv(expected));
  });
  it('rejects serial 60 (1900-02-29 does not exist)', () => {
    expect(rejects('60', 'impossible_date').en).toMatch(/1900-02-29/);
  });
  it('rejects serial 0', () => {
    rejects('0', 'out_of_range');
  });
  it('8 digits are yyyymmdd, 6–7 digits are neither', () => {
    expect(parseDate('19700101')).toEqual(okv('1970-01-01'));
    rejects('202441', 'invalid_date');
    rejects('2024041', 'invalid_date');
  });
});

describe('parseDate rejects', () => {
  it('a day that does not exist', () => {
    expect(rejects('2023-02-30', 'impossible_date').en).toMatch(/only 28 days/);
    rejects('2023-02-29', 'impossible_date');
    rejects('20230230', 'impossible_date');
    rejects('2024/13/1', 'impossible_date');
    rejects('2024/4/31', 'impossible_date');
    rejects('1900-02-29', 'impossible_date');
  });
  it('令和1年4月1日: before 令和 began, suggests the 平成 date', () => {
    const r = rejects('令和1年4月1日', 'impossible_date');
    expect(r.en).toBe('令和 began on 2019-05-01; did you mean 平成31年4月1日?');
    expect(r.ja).toContain('平成31年4月1日');
  });
  it('R1.4.30 also suggests 平成31年4月30日', () => {
    expect(rejects('R1.4.30', 'impossible_date').en).toContain('平成31年4月30日');
  });
  it('平成32年 (year only): 平成 ended 2019-04-30', () => {
    expect(rejects('平成32年', 'impossible_date').en).toMatch(/平成 ended on 2019-04-30/);
    expect(rejects('H32', 'impossible_date').en).toMatch(/ended/);
  });
  it('平成32年1月1日 suggests 令和2年1月1日', () => {
    expect(rejects('平成32年1月1日', 'impossible_date').en).toContain('did you mean 令和2年1月1日?');
    expect(rejects('H31.5.1', 'impossible_date').en).toContain('令和元年5月1日');
  });
  it('令和0年', () => {
    rejects('令和0年', 'impossible_date');
    rejects('令和0年5月1日', 'impossible_date');
    rejects('R0.5.1', 'impossible_date');
  });
  it('year-only or year-month input asks for the rest', () => {
    expect(rejects('令和6年', 'invalid_date').en).toMatch(/month and day/);
    rejects('2024年4月', 'invalid_date');
  });
  it('a bare 1–5 digit number is always an Excel serial, even 2024 (= 1905-07-16)', () => {
    expect(parseDate('2024')).toEqual(okv('1905-07-16'));
  });
  it('years outside 1868..2200', () => {
    rejects('1867-12-31', 'out_of_range');
    rejects('2201-01-01', 'out_of_range');
    expect(parseDate('99999')).toEqual(okv('2173-10-13')); // largest 5-digit serial is still in range
  });
  it('garbage and ambiguous forms', () => {
    for (const s of ['abc', '24/4/1', '2024/4-1', '2024-04-01T25:00', '2024-04-01 foo', '2024-04-01Z', '令和', 'X6.4.1',
      '--', '2958465', '2024年4月1日x', '2024-04-01T', '1e5']) {
      const r = parseDate(s);
      expect(r.ok, s).toBe(false);
    }
  });
  it('empty cell has code empty', () => {
    rejects('', 'empty');
    rejects('\u3000', 'empty');
  });
  it('never throws on hostile input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => {
      const r = parseDate(s);
      expect(typeof r.ok).toBe('boolean');
    }));
  });
});

const dateArb = fc
  .record({ y: fc.integer({ min: 1900, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .filter(({ y, m, d }) => d <= daysInMonth(y, m))
  .map(({ y, m, d }) => isoDate(y, m, d));

describe('date properties', () => {
  it('ISO → parse is identity', () => {
    fc.assert(fc.property(dateArb, (iso) => {
      expect(parseDate(iso)).toEqual(okv(iso));
    }));
  });
  it('slash, compact and 年月日 forms agree with ISO', () => {
    fc.assert(fc.property(dateArb, (iso) => {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      expect(parseDate(`${y}/${m}/${d}`)).toEqual(okv(iso));
      expect(parseDate(iso.replace(/-/g, ''))).toEqual(okv(iso));
      expect(parseDate(`${y}年${m}月${d}日`)).toEqual(okv(iso));
    }));
  });
  it('toWareki → parseDate round-trips, also full-width', () => {
    fc.assert(fc.property(dateArb, (iso) => {
      const w = toWareki(iso);
      expect(w).not.toBeNull();
      expect(parseDate(w as string)).toEqual(okv(iso));
      const fw = (w as string).replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      expect(parseDate(fw)).toEqual(okv(iso));
    }));
  });
  it('Excel serial n and n+1 are consecutive days (except around 60)', () => {
    fc.assert(fc.property(fc.integer({ min: 61, max: 110000 }), (n) => {
      const a = parseDate(String(n));
      const b = parseDate(String(n + 1));
      if (a.ok && b.ok) {
        expect(Date.parse(b.value) - Date.parse(a.value)).toBe(86_400_000);
      }
    }));
  });
});

describe('calendar day arithmetic', () => {
  it('addDays agrees with Date.UTC (property)', async () => {
    const { addDays } = await import('../../../src/jp/calendar.js');
    fc.assert(fc.property(dateArb, fc.integer({ min: -100000, max: 100000 }), (iso, n) => {
      const expected = new Date(Date.parse(iso) + n * 86_400_000).toISOString().slice(0, 10);
      expect(addDays(iso, n)).toBe(expected);
    }));
  });
});
