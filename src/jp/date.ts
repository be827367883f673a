/**
 * Date cells → ISO `YYYY-MM-DD`. A hand-written scanner instead of a set of regexes: one pass, no
 * backtracking, and the exact position of a problem is known so the reason can say how to fix it.
 */
import { addDays, daysInMonth, digits, isoDate } from './calendar.js';
import { ERAS, findEra, toWareki, type Era } from './era.js';
import { bad, ok, type Parsed } from './parsed.js';
import { normalizeCell } from './text.js';

/** Accepted Gregorian years: 明治 onwards, and far enough ahead for planned end dates. */
export const MIN_YEAR = 1868;
export const MAX_YEAR = 2200;

/** Largest Excel serial day number (9999-12-31). */
const MAX_SERIAL = 2958465;

const HOW =
  'write it as YYYY-MM-DD (e.g. 2024-04-01), 2024/4/1, 令和6年4月1日 or R6.4.1';
const HOW_JA = '2024-04-01、2024/4/1、令和6年4月1日、R6.4.1 のように入力してください';

const EMPTY = bad<string>('empty', 'the cell is empty', 'セルが空です');
const NOT_A_DATE = bad<string>('invalid_date', `not a date; ${HOW}`, `日付として読めません。${HOW_JA}`);
const MISSING_MD = bad<string>(
  'invalid_date',
  `month and day are missing; ${HOW}`,
  `月日がありません。${HOW_JA}`,
);
const OUT_OF_RANGE = bad<string>(
  'out_of_range',
  `the year must be between ${MIN_YEAR} and ${MAX_YEAR}; check for a typo in the year`,
  `年は${MIN_YEAR}年から${MAX_YEAR}年の範囲で入力してください（年の入力誤りを確認してください）`,
);
const YEAR_ZERO = bad<string>(
  'impossible_date',
  'year 0 does not exist in 和暦: the first year of an era is 元年 (year 1)',
  '和暦に0年はありません。元号の最初の年は元年（1年）です',
);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Checks a Gregorian y/m/d and builds the ISO string. */
function gregorian(y: number, m: number, d: number): Parsed<string> {
  if (y < MIN_YEAR || y > MAX_YEAR) return OUT_OF_RANGE;
  if (m < 1 || m > 12) {
    return bad('impossible_date', 'the month must be 1–12; check the order is year, month, day',
      '月は1〜12で入力してください（年・月・日の順か確認してください）');
  }
  const dim = daysInMonth(y, m);
  if (d < 1 || d > dim) {
    return bad('impossible_date',
      `${y}-${m < 10 ? '0' : ''}${m} has only ${dim} days; check the day`,
      `${y}年${m}月は${dim}日までです。日を確認してください`);
  }
  return ok(isoDate(y, m, d));
}

/** The last 和暦 year of an era that has ended (平成 → 31), or Infinity for the current era. */
function lastEraYear(era: Era): number {
  return era.end === null ? Infinity : Number(era.end.slice(0, 4)) - era.firstYear + 1;
}

function eraEnded(era: Era, suggestion: string | null): Parsed<string> {
  const end = era.end as string;
  const last = `${era.name}${lastEraYear(era)}年`;
  return suggestion === null
    ? bad('impossible_date', `${era.name} ended on ${end} (${last})`, `${era.name}は${end}（${last}）で終わっています`)
    : bad('impossible_date', `${era.name} ended on ${end}; did you mean ${suggestion}?`,
      `${era.name}は${end}で終わっています。${suggestion}の誤りではありませんか`);
}

/** Checks a 和暦 date: the day must exist and fall inside the era. */
function wareki(era: Era, ey: number, m: number, d: number): Parsed<string> {
  if (ey === 0) return YEAR_ZERO;
  const r = gregorian(era.firstYear + ey - 1, m, d);
  if (!r.ok) return r;
  const iso = r.value;
  if (iso < era.start) {
    const alt = toWareki(iso);
    return alt === null
      ? bad('impossible_date', `${era.name} began on ${era.start}`, `${era.name}は${era.start}に始まりました`)
      : bad('impossible_date', `${era.name} began on ${era.start}; did you mean ${alt}?`,
        `${era.name}は${era.start}に始まりました。${alt}の誤りではありませんか`);
  }
  if (era.end !== null && iso > era.end) return eraEnded(era, toWareki(iso));
  return r;
}

/** 和暦 with only a year (平成32年): say why it cannot be, or that month and day are missing. */
function warekiYearOnly(era: Era, ey: number): Parsed<string> {
  if (ey === 0) return YEAR_ZERO;
  if (ey > lastEraYear(era)) return eraEnded(era, null);
  return MISSING_MD;
}

/** Excel serial day number → ISO (Excel counts 1900-02-29, which never existed, as serial 60). */
function excelSerial(n: number): Parsed<string> {
  if (n === 60) {
    return bad('impossible_date',
      'Excel serial 60 is 1900-02-29, a day that does not exist (Excel 1900 leap-year bug); enter the date as YYYY-MM-DD',
      'Excelのシリアル値60は存在しない1900年2月29日です（Excelの1900年うるう年の不具合）。YYYY-MM-DD で入力してください');
  }
  if (n < 1 || n > MAX_SERIAL) return OUT_OF_RANGE;
  const iso = n > 60 ? addDays('1899-12-30', n) : addDays('1899-12-31', n);
  const y = Number(iso.slice(0, 4));
  return y < MIN_YEAR || y > MAX_YEAR ? OUT_OF_RANGE : ok(iso);
}

/** True when s[i..] is a clock time `H:MM`, `HH:MM:SS` or `HH:MM:SS.fff` (it is dropped, but must be sane). */
function isTime(s: string, i: number): boolean {
  const n = s.length;
  let j = i;
  while (j < n && isDigit(s.charCodeAt(j))) j++;
  const hLen = j - i;
  if (hLen < 1 || hLen > 2 || digits(s, i, j) > 24) return false;
  let part = 0;
  while (j < n) {
    if (s.charCodeAt(j) === 0x3a /* : */ && part < 2) {
      const k = j + 1;
      if (k + 2 > n || digits(s, k, k + 2) < 0 || digits(s, k, k + 2) > 59) return false;
      j = k + 2;
      part++;
    } else if (s.charCodeAt(j) === 0x2e /* . */ && part === 2) {
      let k = j + 1;
      while (k < n && isDigit(s.charCodeAt(k))) k++;
      if (k === j + 1) return false;
      j = k;
      break;
    } else return false;
  }
  return j === n && part >= 1;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) === 0x20) i++;
  return i;
}

/** The era written at the start of `s` (令和 / 令 / R / r) and its length, or undefined. */
function eraPrefix(s: string): { era: Era; len: number } | undefined {
  for (const e of ERAS) if (s.startsWith(e.name)) return { era: e, len: e.name.length };
  const e = findEra(s[0] as string);
  return e ? { era: e, len: 1 } : undefined;
}

/**
 * Parses a date cell to ISO `YYYY-MM-DD`: ISO, 2024/4/1, 2024.4.1, 20240401, 2024年4月1日, 令和6年4月1日,
 * R6.4.1, 令和元年5月1日, Excel serials (1–5 digits, fraction ignored) and a trailing time (dropped).
 */
export function parseDate(input: string): Parsed<string> {
  // Fast path: already ISO (what kyodo itself writes and most systems export).
  if (input.length === 10 && input.charCodeAt(4) === 0x2d && input.charCodeAt(7) === 0x2d) {
    const y = digits(input, 0, 4), m = digits(input, 5, 7), d = digits(input, 8, 10);
    if (y >= 0 && m >= 0 && d >= 0) {
      const r = gregorian(y, m, d);
      // Return the caller's own string: no allocation for clean input.
      return r.ok ? ok(input) : r;
    }
  }
  // Callers normally pass normalized cells; normalizing again is a no-op for ASCII and makes us robust to raw ones.
  const s = normalizeCell(input);
  const n = s.length;
  if (n === 0) return EMPTY;

  let i = 0;
  let era: Era | undefined;
  if (!isDigit(s.charCodeAt(0))) {
    const p = eraPrefix(s);
    if (!p) return NOT_A_DATE;
    era = p.era;
    i = skipSpaces(s, p.len);
  }

  // Year: digits, or 元 (year 1) after an era.
  let year: number;
  const yStart = i;
  if (era && s.charCodeAt(i) === 0x5143 /* 元 */) {
    year = 1;
    i++;
  } else {
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    const len = i - yStart;
    if (len === 0) return NOT_A_DATE;
    if (era) {
      if (len > 3) return NOT_A_DATE;
    } else if (i === n) {
      // A bare number: 8 digits are yyyymmdd; 1–5 digits are an Excel serial (decided by length, so never both).
      if (len === 8) return gregorian(digits(s, 0, 4), digits(s, 4, 6), digits(s, 6, 8));
      if (len <= 5) return excelSerial(digits(s, 0, len));
      return NOT_A_DATE;
    } else if (len <= 5 && s.charCodeAt(i) === 0x2e && i + 1 < n) {
      // Serial with a time fraction (45383.5): the fraction must be all digits to the end.
      let j = i + 1;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      if (j === n) return excelSerial(digits(s, 0, len));
    }
    if (!era && len !== 4) return NOT_A_DATE; // two-digit years are ambiguous: refuse rather than guess the century
    year = digits(s, yStart, i);
  }

  if (i === n) return era ? warekiYearOnly(era, year) : MISSING_MD;
  const sep = s.charCodeAt(i);
  let month: number;
  let day: number;
  if (sep === 0x5e74 /* 年 */) {
    i = skipSpaces(s, i + 1);
    if (i === n) return era ? warekiYearOnly(era, year) : MISSING_MD;
    const mStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i - mStart < 1 || i - mStart > 2 || s.charCodeAt(i) !== 0x6708 /* 月 */) return NOT_A_DATE;
    month = digits(s, mStart, i);
    i = skipSpaces(s, i + 1);
    if (i === n) return era && year === 0 ? YEAR_ZERO : MISSING_MD;
    const dStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i - dStart < 1 || i - dStart > 2) return NOT_A_DATE;
    day = digits(s, dStart, i);
    if (s.charCodeAt(i) === 0x65e5 /* 日 */) i++;
  } else if (sep === 0x2d || sep === 0x2f || sep === 0x2e) {
    // - / . ; both separators must be the same character.
    i++;
    const mStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i - mStart < 1 || i - mStart > 2 || s.charCodeAt(i) !== sep) return NOT_A_DATE;
    month = digits(s, mStart, i);
    i++;
    const dStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i - dStart < 1 || i - dStart > 2) return NOT_A_DATE;
    day = digits(s, dStart, i);
  } else {
    return NOT_A_DATE;
  }

  if (i < n) {
    // A time part (Excel and databases add one): `T10:00:00` or one or more spaces then `10:00`.
    const c = s.charCodeAt(i);
    let t: number;
    if (c === 0x54 /* T */) t = i + 1;
    else if (c === 0x20) t = skipSpaces(s, i);
    else return NOT_A_DATE;
    if (!isTime(s, t)) return NOT_A_DATE;
  }
  return era ? wareki(era, year, month, day) : gregorian(year, month, day);
}
