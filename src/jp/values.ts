/** Plain value cells: booleans, integers, decimals, yen, coordinates and lists. */
import { bad, ok, type Parsed } from './parsed.js';
import { normalizeCell } from './text.js';

/** Range limits for numeric parsers (inclusive). */
export interface NumberRange {
  min?: number;
  max?: number;
}

const EMPTY = bad<never>('empty', 'the cell is empty', 'セルが空です');

// Keys are NFKC-normalized and lower-cased, as looked up.
const BOOLEANS = new Map<string, boolean>();
for (const t of ['はい', '有', '有り', 'あり', '○', '◯', '✓', '✔', 'yes', 'y', 'true', '1', '済', '済み', '同意', '可']) {
  BOOLEANS.set(t, true);
}
for (const f of ['いいえ', '無', '無し', 'なし', '×', '✕', '✖', 'no', 'n', 'false', '0', '未', '不同意', '不可']) {
  BOOLEANS.set(f, false);
}

/** Parses a yes/no cell (はい/いいえ, 有/無, あり/なし, ○/×, yes/no, y/n, true/false, 1/0, 済/未, 同意/不同意, 可/不可); empty → code `empty` (caller applies its default). */
export function parseBoolean(input: string): Parsed<boolean> {
  const s = normalizeCell(input);
  if (s.length === 0) return EMPTY;
  const v = BOOLEANS.get(s) ?? BOOLEANS.get(s.toLowerCase());
  if (v !== undefined) return ok(v);
  return bad('invalid_boolean', 'enter yes or no: はい/いいえ, ○/×, 有/無, yes/no, true/false or 1/0',
    'はい/いいえ、○/×、有/無、yes/no、true/false、1/0 のいずれかで入力してください');
}

function rangeCheck<T extends number>(v: T, r: NumberRange): Parsed<T> {
  if (r.min !== undefined && v < r.min) {
    return bad('out_of_range', `must be at least ${r.min}`, `${r.min}以上で入力してください`);
  }
  if (r.max !== undefined && v > r.max) {
    return bad('out_of_range', `must be at most ${r.max}`, `${r.max}以下で入力してください`);
  }
  return ok(v);
}

/**
 * Splits a normalized number into sign, integer digits (thousands commas checked and removed) and fraction
 * digits; null if it is not a plain decimal. ▲/△ are the Japanese accounting minus signs.
 */
function scanNumber(s: string): { neg: boolean; int: string; frac: string } | null {
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x2d || c0 === 0x2212 || c0 === 0x25b2 || c0 === 0x25b3) {
    neg = true;
    i = 1;
  } else if (c0 === 0x2b) i = 1;
  let int = '';
  let sinceComma = -1; // digits since the last comma; -1 before any comma
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      int += s[i];
      if (sinceComma >= 0) sinceComma++;
    } else if (c === 0x2c) {
      // 1,000 / 12,345,678: a comma needs 1–3 digits before the first and exactly 3 between later ones.
      if (int.length === 0 || (sinceComma < 0 ? int.length > 3 : sinceComma !== 3)) return null;
      sinceComma = 0;
    } else break;
  }
  if (int.length === 0 || (sinceComma >= 0 && sinceComma !== 3)) return null;
  let frac = '';
  if (i < s.length) {
    if (s.charCodeAt(i) !== 0x2e) return null;
    for (i++; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      frac += s[i];
    }
    if (frac.length === 0) return null;
  }
  return { neg, int, frac };
}

const INTEGER_HOW = 'enter a whole number such as 12 or 1,000';
const INTEGER_HOW_JA = '12 や 1,000 のような整数で入力してください';

/** Parses a whole number (`1,000`, full-width digits, ▲ minus, `12.0` from Excel); rejects `1.5`; never returns NaN. */
export function parseInteger(input: string, range: NumberRange = {}): Parsed<number> {
  const s = normalizeCell(input);
  if (s.length === 0) return EMPTY;
  const p = scanNumber(s);
  if (p === null) return bad('invalid_integer', INTEGER_HOW, INTEGER_HOW_JA);
  // Excel writes integer-valued numbers as 12.0; any other fraction is a real fraction.
  for (let i = 0; i < p.frac.length; i++) {
    if (p.frac.charCodeAt(i) !== 48) {
      return bad('invalid_integer', `not a whole number; ${INTEGER_HOW}`, `整数ではありません。${INTEGER_HOW_JA}`);
    }
  }
  const v = Number(p.int);
  if (!Number.isSafeInteger(v)) return bad('out_of_range', 'the number is too large', '数値が大きすぎます');
  return rangeCheck(p.neg && v !== 0 ? -v : v, range);
}

/** Parses a decimal number (`1,234.5`, full-width digits, ▲ minus); no exponents; never returns NaN. */
export function parseDecimal(input: string, range: NumberRange = {}): Parsed<number> {
  const s = normalizeCell(input);
  if (s.length === 0) return EMPTY;
  const p = scanNumber(s);
  if (p === null) {
    return bad('invalid_number', 'enter a number such as 12.5 or 1,000', '12.5 や 1,000 のような数値で入力してください');
  }
  const v = Number(p.frac.length > 0 ? `${p.int}.${p.frac}` : p.int);
  if (!Number.isFinite(v)) return bad('out_of_range', 'the number is too large', '数値が大きすぎます');
  return rangeCheck(p.neg && v !== 0 ? -v : v, range);
}

const YEN_HOW = 'enter an amount in whole yen such as 1200, 1,200円, ¥1,200 or 12万円';
const YEN_HOW_JA = '1200、1,200円、¥1,200、12万円 のように円単位の整数で入力してください';

/** Parses a yen amount to an integer: `¥1,200`, `1,200円`, `1200`, `12万円`, `1.5万` (万 only when the result is whole). */
export function parseYen(input: string, range: NumberRange = {}): Parsed<number> {
  let s = normalizeCell(input); // ￥ → ¥
  if (s.length === 0) return EMPTY;
  // ¥ prefix; a backslash is how Shift_JIS shows ¥ when the file was decoded as ASCII.
  const c0 = s.charCodeAt(0);
  if (c0 === 0xa5 || c0 === 0x5c) s = s.slice(1).trimStart();
  // ▲¥1,200: sign before the currency mark.
  else if ((c0 === 0x2d || c0 === 0x25b2 || c0 === 0x25b3) && (s.charCodeAt(1) === 0xa5 || s.charCodeAt(1) === 0x5c)) {
    s = s[0] + s.slice(2);
  }
  if (s.endsWith('円')) s = s.slice(0, -1).trimEnd();
  let man = false;
  if (s.endsWith('万')) {
    man = true;
    s = s.slice(0, -1).trimEnd();
  }
  const p = s.length === 0 ? null : scanNumber(s);
  if (p === null) return bad('invalid_integer', YEN_HOW, YEN_HOW_JA);
  let frac = p.frac;
  let int = p.int;
  if (man) {
    // Exact decimal shift by 4 places on the digit strings: 1.5万 → 15000 with no floating-point error.
    const f4 = (frac + '0000').slice(0, 4);
    int = int + f4;
    frac = frac.slice(4);
  }
  for (let i = 0; i < frac.length; i++) {
    if (frac.charCodeAt(i) !== 48) {
      return bad('invalid_integer', `not a whole number of yen; ${YEN_HOW}`, `円未満の端数があります。${YEN_HOW_JA}`);
    }
  }
  const v = Number(int);
  if (!Number.isSafeInteger(v)) return bad('out_of_range', 'the amount is too large', '金額が大きすぎます');
  return rangeCheck(p.neg && v !== 0 ? -v : v, range);
}

/** Parses a latitude in decimal degrees (−90…90); hints at a swapped 緯度/経度 when the value looks like a Japanese longitude. */
export function parseLatitude(input: string): Parsed<number> {
  const r = parseDecimal(input);
  if (!r.ok) return r;
  if (r.value < -90 || r.value > 90) {
    const swapped = r.value >= 122 && r.value <= 154; // Japan spans longitudes 122°E–154°E
    return bad('out_of_range',
      swapped ? 'latitude must be between -90 and 90; this looks like a longitude — are 緯度 and 経度 swapped?'
        : 'latitude must be between -90 and 90 (decimal degrees)',
      swapped ? '緯度は-90〜90です。経度の値のようです。緯度と経度が入れ替わっていませんか'
        : '緯度は-90〜90の10進数（度）で入力してください');
  }
  return r;
}

/** Parses a longitude in decimal degrees (−180…180). */
export function parseLongitude(input: string): Parsed<number> {
  const r = parseDecimal(input);
  if (!r.ok) return r;
  if (r.value < -180 || r.value > 180) {
    return bad('out_of_range', 'longitude must be between -180 and 180 (decimal degrees)',
      '経度は-180〜180の10進数（度）で入力してください');
  }
  return r;
}

/**
 * Splits a list cell on `;` `、` `,` `・` `/` (／ after NFKC) and line breaks; trims items, drops empties,
 * removes duplicates keeping the first occurrence.
 */
export function splitList(input: string): string[] {
  return splitNormalized(normalizeCell(input));
}

/** splitList for a cell the caller has already normalized (avoids a second NFKC pass). */
export function splitNormalized(s: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i === s.length ? -1 : s.charCodeAt(i);
    if (c === -1 || c === 0x3b || c === 0x3001 || c === 0x2c || c === 0x30fb || c === 0x2f || c === 0x0a || c === 0x0d) {
      const item = s.slice(start, i).trim();
      if (item.length > 0 && !seen.has(item)) {
        seen.add(item);
        out.push(item);
      }
      start = i + 1;
    }
  }
  return out;
}
