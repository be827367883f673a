import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fiscalYearOf, fiscalYearRange, formatFiscalYear, parseFiscalYear } from '../../../src/jp/fiscal-year.js';
import { daysInMonth, isoDate } from '../../../src/jp/calendar.js';

describe('fiscalYearOf / fiscalYearRange', () => {
  it('April starts the fiscal year', () => {
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
    expect(fiscalYearOf('2026-01-01')).toBe(2025);
    expect(fiscalYearOf('2025-12-31')).toBe(2025);
  });
  it('range is April 1 – March 31', () => {
    expect(fiscalYearRange(2025)).toEqual({ start: '2025-04-01', end: '2026-03-31' });
  });
  it('fiscalYearOf agrees with fiscalYearRange (property)', () => {
    const dateArb = fc
      .record({ y: fc.integer({ min: 1900, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
      .filter(({ y, m, d }) => d <= daysInMonth(y, m))
      .map(({ y, m, d }) => isoDate(y, m, d));
    fc.assert(fc.property(dateArb, (iso) => {
      const fy = fiscalYearOf(iso);
      const { start, end } = fiscalYearRange(fy);
      expect(iso >= start && iso <= end).toBe(true);
      expect(fiscalYearOf(start)).toBe(fy);
      expect(fiscalYearOf(end)).toBe(fy);
    }));
  });
});

describe('parseFiscalYear', () => {
  it.each([
    ['2025', 2025],
    ['R7', 2025],
    ['r7', 2025],
    ['令和7年度', 2025],
    ['令和7', 2025],
    ['令和7年', 2025],
    ['2025年度', 2025],
    ['FY2025', 2025],
    ['fy 2025', 2025],
    ['H30', 2018],
    ['平成30年度', 2018],
    ['令和元年度', 2019],
    ['平成31年度', 2019],
    ['令和6年度', 2024],
    ['昭和63年度', 1988],
    ['平成元年度', 1989],
    ['２０２５年度', 2025],
    ['Ｒ７', 2025],
    ['R07', 2025],
  ])('%s → %d', (s, fy) => {
    expect(parseFiscalYear(s)).toEqual({ ok: true, value: fy });
  });
  it.each([
    ['令和0年度', 'invalid_fiscal_year'],
    ['平成32年度', 'invalid_fiscal_year'],
    ['昭和64年度', 'invalid_fiscal_year'],
    ['25', 'invalid_fiscal_year'],
    ['20250', 'invalid_fiscal_year'],
    ['FY', 'invalid_fiscal_year'],
    ['X7', 'invalid_fiscal_year'],
    ['2025年度年度', 'invalid_fiscal_year'],
    ['1700', 'out_of_range'],
    ['2300', 'out_of_range'],
    ['', 'empty'],
  ])('%s is rejected (%s)', (s, code) => {
    const r = parseFiscalYear(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });
  it('平成32年度 suggests 令和2年度', () => {
    const r = parseFiscalYear('平成32年度');
    expect(!r.ok && r.reason.en).toContain('令和2年度');
  });
});

describe('formatFiscalYear', () => {
  it('uses 令和 from 2019 and 平成 for 1989–2018', () => {
    expect(formatFiscalYear(2025)).toBe('令和7年度');
    expect(formatFiscalYear(2019)).toBe('令和元年度');
    expect(formatFiscalYear(2018)).toBe('平成30年度');
    expect(formatFiscalYear(1989)).toBe('平成元年度');
    expect(formatFiscalYear(2025, 'both')).toBe('2025年度（令和7年度）');
    expect(formatFiscalYear(2025, 'western')).toBe('2025年度');
  });
  it('round-trips through parseFiscalYear (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1869, max: 2200 }), fc.constantFrom('wareki', 'both', 'western'), (fy, style) => {
      const label = formatFiscalYear(fy, style as 'wareki');
      // 'both' holds two labels; parse each part.
      const first = label.split('（')[0] as string;
      expect(parseFiscalYear(first)).toEqual({ ok: true, value: fy });
      if (style === 'both') expect(parseFiscalYear(label.slice(label.indexOf('（') + 1, -1))).toEqual({ ok: true, value: fy });
    }));
  });
});
