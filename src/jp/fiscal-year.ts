/** 年度 (fiscal year, April 1 – March 31), as used by municipalities and NPO reports. */
import { digits } from './calendar.js';
import { ERAS, eraYearLabel, findEra, type Era } from './era.js';
import { bad, ok, type Parsed } from './parsed.js';
import { normalizeCell } from './text.js';

const MIN_FY = 1868;
const MAX_FY = 2200;

/** Fiscal year an ISO date belongs to: 2026-03-31 → 2025, 2026-04-01 → 2026. */
export function fiscalYearOf(isoDate: string): number {
  const y = digits(isoDate, 0, 4);
  const m = digits(isoDate, 5, 7);
  return m < 4 ? y - 1 : y;
}

/** First and last day (ISO) of fiscal year `fy`: 2025 → 2025-04-01 … 2026-03-31. */
export function fiscalYearRange(fy: number): { start: string; end: string } {
  return { start: `${fy}-04-01`, end: `${fy + 1}-03-31` };
}

const HOW = 'write it as 2025, 2025年度, FY2025, R7 or 令和7年度';
const HOW_JA = '2025、2025年度、FY2025、R7、令和7年度 のように入力してください';
const INVALID = bad<number>('invalid_fiscal_year', `not a fiscal year; ${HOW}`, `年度として読めません。${HOW_JA}`);
const RANGE = bad<number>('out_of_range', `the fiscal year must be between ${MIN_FY} and ${MAX_FY}`,
  `年度は${MIN_FY}〜${MAX_FY}の範囲で入力してください`);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Parses a fiscal-year cell: 2025, 2025年度, FY2025, R7, r7, 令和7, 令和7年度, 令和元年度, H30, 平成30年度.
 * A 和暦 fiscal year is the calendar year of its April, so 令和元年度 = 平成31年度 = 2019.
 */
export function parseFiscalYear(input: string): Parsed<number> {
  const s = normalizeCell(input);
  let n = s.length;
  if (n === 0) return bad('empty', 'the cell is empty', 'セルが空です');
  // Suffix 年度 (or 年, which in a fiscal-year column can only mean the same thing).
  if (s.endsWith('年度')) n -= 2;
  else if (s.endsWith('年')) n -= 1;
  let i = 0;
  let era: Era | undefined;
  const c0 = s.charCodeAt(0);
  if ((c0 === 0x46 || c0 === 0x66) && (s.charCodeAt(1) === 0x59 || s.charCodeAt(1) === 0x79)) {
    i = 2; // FY / fy prefix
    if (s.charCodeAt(i) === 0x20) i++;
  } else if (!isDigit(c0)) {
    for (const e of ERAS) {
      if (s.startsWith(e.name)) {
        era = e;
        i = e.name.length;
        break;
      }
    }
    if (!era) {
      era = findEra(s[0] as string);
      if (!era) return INVALID;
      i = 1;
    }
    if (s.charCodeAt(i) === 0x20) i++;
  }
  let year: number;
  if (era && n - i === 1 && s.charCodeAt(i) === 0x5143 /* 元 */) {
    year = 1;
  } else {
    const len = n - i;
    if (len < 1 || len > 4 || (era ? len > 3 : len !== 4)) return INVALID;
    year = digits(s, i, n);
    if (year < 0) return INVALID;
  }
  if (!era) return year < MIN_FY || year > MAX_FY ? RANGE : ok(year);
  if (year === 0) {
    return bad('invalid_fiscal_year', 'year 0 does not exist in 和暦: the first year is 元年 (e.g. 令和元年度)',
      '和暦に0年はありません。最初の年は元年です（例: 令和元年度）');
  }
  const fy = era.firstYear + year - 1;
  if (fy > MAX_FY) return RANGE;
  // The fiscal year must overlap the era: 平成31年度 (Apr 2019 – Mar 2020) is fine, 平成32年度 is not.
  const { start, end } = fiscalYearRange(fy);
  if (era.end !== null && start > era.end) {
    const alt = formatFiscalYear(fy);
    return bad('invalid_fiscal_year', `${era.name} ended on ${era.end}; did you mean ${alt}?`,
      `${era.name}は${era.end}で終わっています。${alt}の誤りではありませんか`);
  }
  if (end < era.start) {
    return bad('invalid_fiscal_year', `${era.name} began on ${era.start}; did you mean ${formatFiscalYear(fy)}?`,
      `${era.name}は${era.start}に始まりました。${formatFiscalYear(fy)}の誤りではありませんか`);
  }
  return fy < MIN_FY ? RANGE : ok(fy);
}

/** The era a fiscal year is labelled with: the latest era whose 元年 is not after it (2019 → 令和, 2018 → 平成). */
function fiscalEra(fy: number): Era | undefined {
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const e = ERAS[i] as Era;
    if (e.firstYear <= fy) return e;
  }
  return undefined;
}

/**
 * Report label of a fiscal year: `令和7年度` (style 'wareki'), `2025年度（令和7年度）` ('both'), `2025年度` ('western').
 * Falls back to the Western label before 明治.
 */
export function formatFiscalYear(fy: number, style: 'wareki' | 'both' | 'western' = 'wareki'): string {
  const era = fiscalEra(fy);
  if (style === 'western' || !era) return `${fy}年度`;
  const w = `${era.name}${eraYearLabel(fy - era.firstYear + 1)}度`;
  return style === 'both' ? `${fy}年度（${w}）` : w;
}
