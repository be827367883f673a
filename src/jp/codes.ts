/** Check-digit codes: 法人番号 (corporate number) and 全国地方公共団体コード (municipality code). */
import { bad, ok, type Parsed } from './parsed.js';
import { normalizeCell } from './text.js';

/**
 * Copies the digits of `s`, skipping hyphens and spaces between them; null if anything else appears.
 * Hyphen variants survive NFKC (ー‐−–—―), so they are listed here rather than relying on normalization.
 */
function digitsOnly(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
    else if (c === 0x2d || c === 0x20 || c === 0x30fc || (c >= 0x2010 && c <= 0x2015) || c === 0x2212) continue;
    else return null;
  }
  return out;
}

/** True when `s` looks like Excel's exponent display of a long number (1.00001E+12). */
function isExponent(s: string): boolean {
  return /^\d(?:\.\d+)?e\+\d+$/i.test(s);
}

const EXCEL_EXP = {
  en: 'Excel turned the number into exponent form (e.g. 1.0E+12); format the column as text and enter the full number',
  ja: 'Excelで指数表示（例: 1.0E+12）になっています。列を文字列形式にして全桁を入力してください',
};

/** Check digit (1–9) of a 12-digit 法人番号 base; -1 if `base12` is not 12 ASCII digits. */
export function corporateCheckDigit(base12: string): number {
  if (base12.length !== 12) return -1;
  let sum = 0;
  for (let k = 0; k < 12; k++) {
    const d = base12.charCodeAt(11 - k) - 48; // n = k + 1, counted from the right
    if (d < 0 || d > 9) return -1;
    sum += (k % 2 === 0 ? d : 2 * d);
  }
  return 9 - (sum % 9);
}

/**
 * Parses a 法人番号: 13 digits (hyphens/spaces between digits and full-width allowed), check digit verified.
 * Note the mod-9 check cannot detect a 0↔9 substitution of one digit; that is a property of the scheme.
 */
export function parseCorporateNumber(input: string): Parsed<string> {
  const s = normalizeCell(input);
  if (s.length === 0) return bad('empty', 'the cell is empty', 'セルが空です');
  if (isExponent(s)) return bad('invalid_corporate_number', EXCEL_EXP.en, EXCEL_EXP.ja);
  const d = digitsOnly(s);
  if (d === null || d.length !== 13) {
    return bad('invalid_corporate_number', 'a 法人番号 has exactly 13 digits; check for missing or extra digits',
      '法人番号は13桁の数字です。桁の過不足を確認してください');
  }
  if (corporateCheckDigit(d.slice(1)) !== d.charCodeAt(0) - 48) {
    return bad('invalid_corporate_number',
      'the check digit (first digit) does not match; a digit is probably mistyped — look the number up on the 法人番号公表サイト',
      'チェックデジット（先頭の1桁）が一致しません。入力誤りの可能性があります。法人番号公表サイトで確認してください');
  }
  return ok(d);
}

/** Check digit of a 5-digit 全国地方公共団体コード; -1 if `code5` is not 5 ASCII digits. */
export function municipalityCheckDigit(code5: string): number {
  if (code5.length !== 5) return -1;
  let sum = 0;
  for (let k = 0; k < 5; k++) {
    const d = code5.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    sum += d * (6 - k);
  }
  return (11 - (sum % 11)) % 10;
}

/**
 * Parses a 全国地方公共団体コード to its 6-digit form: 6 digits (check digit verified), 5 digits (check digit
 * added), or 4 digits (Excel dropped the leading zero of a 5-digit code: padded, then the check digit added).
 * A 5-digit value is always read as a 5-digit code, never as a 6-digit code that lost its leading zero:
 * e.g. 11002 is both 埼玉県 "11002" and 北海道 "011002" minus its zero, and a wrong guess would silently file a
 * record under another prefecture.
 */
export function parseMunicipalityCode(input: string): Parsed<string> {
  let s = normalizeCell(input);
  if (s.length === 0) return bad('empty', 'the cell is empty', 'セルが空です');
  // Excel's numeric export of a code column (13101.0).
  if (s.endsWith('.0')) s = s.slice(0, -2);
  const d = digitsOnly(s);
  if (d === null || d.length < 4 || d.length > 6) {
    return bad('invalid_municipality_code',
      'a 全国地方公共団体コード has 5 digits, or 6 with the check digit (e.g. 13101 or 131016)',
      '全国地方公共団体コードは5桁、またはチェックデジット付きの6桁です（例: 13101、131016）');
  }
  const code5 = d.length === 4 ? '0' + d : d.slice(0, 5);
  const pref = Number(code5.slice(0, 2));
  if (pref < 1 || pref > 47) {
    return bad('invalid_municipality_code',
      'the first two digits are the prefecture and must be 01–47; if Excel dropped a leading zero, format the column as text',
      '先頭2桁は都道府県コード（01〜47）です。Excelで先頭の0が消えた場合は列を文字列形式にしてください');
  }
  const check = municipalityCheckDigit(code5);
  if (d.length === 6 && d.charCodeAt(5) - 48 !== check) {
    return bad('invalid_municipality_code',
      `the check digit (6th digit) does not match; the 5-digit code would give ${code5}${check} — check for a typo`,
      `チェックデジット（6桁目）が一致しません。5桁のコードからは${code5}${check}になります。入力誤りを確認してください`);
  }
  return ok(code5 + String(check));
}
