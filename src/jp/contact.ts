/**
 * Contact cells: e-mail, phone, postal code, and masking for messages. Reasons never contain the value
 * itself (個人情報): callers show `maskValue(...)` next to them.
 */
import { bad, ok, type Parsed } from './parsed.js';
import { normalizeCell } from './text.js';

const EMPTY = bad<string>('empty', 'the cell is empty', 'セルが空です');

/** Hyphen look-alikes that NFKC leaves alone but people type in numbers: ー ‐ ‑ ‒ – — ― −. */
function isHyphen(c: number): boolean {
  return c === 0x2d || c === 0x30fc || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;
}

/** Parses an e-mail address pragmatically (one @, local part, dotted domain, no spaces); lower-cases the domain only. */
export function parseEmail(input: string): Parsed<string> {
  const s = normalizeCell(input); // full-width ＠ and letters become ASCII
  if (s.length === 0) return EMPTY;
  let at = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) {
      return bad('invalid_email', 'an e-mail address cannot contain spaces or line breaks; enter one address per cell',
        'メールアドレスに空白や改行は使えません。1つのセルに1つのアドレスを入力してください');
    }
    if (c === 0x2c || c === 0x3b || c === 0x3001) {
      return bad('invalid_email', 'enter only one e-mail address per cell', 'メールアドレスは1つのセルに1つだけ入力してください');
    }
    if (c === 0x40) {
      if (at >= 0) {
        return bad('invalid_email', 'an e-mail address has exactly one @', 'メールアドレスの@は1つだけです');
      }
      at = i;
    }
  }
  if (at < 0) return bad('invalid_email', 'an e-mail address needs an @', 'メールアドレスに@がありません');
  if (at === 0) return bad('invalid_email', 'the part before @ is missing', '@の前の部分がありません');
  const domain = s.slice(at + 1);
  const dot = domain.indexOf('.');
  if (dot <= 0 || domain.endsWith('.') || domain.includes('..')) {
    return bad('invalid_email', 'the part after @ must be a domain such as example.jp',
      '@の後ろは example.jp のようなドメインにしてください');
  }
  if (s.length > 254) return bad('invalid_email', 'an e-mail address is at most 254 characters', 'メールアドレスは254文字以内です');
  // The local part may be case-sensitive (RFC 5321); only the domain is case-insensitive.
  const lower = domain.toLowerCase();
  return ok(lower === domain ? s : s.slice(0, at + 1) + lower);
}

const PHONE_HOW = 'a Japanese phone number has 10 or 11 digits starting with 0 (e.g. 03-1234-5678, 090-1234-5678)';
const PHONE_HOW_JA = '電話番号は0で始まる10桁または11桁です（例: 03-1234-5678、090-1234-5678）';

/** Canonical grouping of a digit string when the input gave none (see parsePhone). */
function groupPhone(d: string): string {
  const p4 = d.slice(0, 4);
  if (d.length === 10 && (p4 === '0120' || p4 === '0570')) return `${p4}-${d.slice(4, 7)}-${d.slice(7)}`;
  // 0800 (free dial) before 080 (mobile): mobile numbers never start 0800.
  if (d.length === 11 && p4 === '0800') return `${p4}-${d.slice(4, 7)}-${d.slice(7)}`;
  const p3 = d.slice(0, 3);
  if (d.length === 11 && (p3 === '070' || p3 === '080' || p3 === '090' || p3 === '050' || p3 === '020')) {
    return `${p3}-${d.slice(3, 7)}-${d.slice(7)}`;
  }
  if (d.length === 10 && (d.startsWith('03') || d.startsWith('06'))) return `${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6)}`;
  // Other area codes are 3–5 digits long; without a table of them we do not guess the split.
  return d;
}

/**
 * Hot path: `0D-DDDD-DDDD` style (ASCII digits in three non-empty groups joined by
 * two `-`, 10 or 11 digits, not starting 00) is already the canonical output.
 */
function isCanonicalPhone(s: string): boolean {
  const n = s.length;
  if (n < 12 || n > 13 || s.charCodeAt(0) !== 48 || s.charCodeAt(1) === 48) return false;
  let hyphens = 0;
  let prev = 0x2d;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2d) {
      if (prev === 0x2d) return false;
      hyphens++;
    } else if (c < 48 || c > 57) return false;
    prev = c;
  }
  return hyphens === 2 && prev !== 0x2d;
}

/**
 * Parses a phone number to canonical form: keeps the writer's 3-group split joined by `-`
 * (`0467(12)3456` → `0467-12-3456`), else groups known prefixes (090-XXXX-XXXX, 0120-XXX-XXX, 03-XXXX-XXXX),
 * else digits only. `+81` becomes 0. Idempotent: parsing the output gives the output.
 */
export function parsePhone(input: string): Parsed<string> {
  const s = normalizeCell(input);
  if (s.length === 0) return EMPTY;
  if (isCanonicalPhone(s)) return ok(s);
  const groups: string[] = [];
  let cur = '';
  let plus = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      cur += s[i];
      continue;
    }
    if (c === 0x2b /* + */ && i === 0) {
      plus = true;
      continue;
    }
    if (isHyphen(c) || c === 0x20 || c === 0x28 || c === 0x29 || c === 0x2e) {
      if (cur !== '') groups.push(cur);
      cur = '';
      continue;
    }
    return bad('invalid_phone', `only digits, hyphens, spaces and parentheses are allowed; ${PHONE_HOW}`,
      `数字・ハイフン・空白・括弧以外は使えません。${PHONE_HOW_JA}`);
  }
  if (cur !== '') groups.push(cur);
  if (plus) {
    // +81 3-1234-5678, +81-90-…, +819012345678, +81 (0)3-…: drop the country code, restore the trunk 0.
    const g0 = groups[0];
    if (g0 === undefined || !g0.startsWith('81')) {
      return bad('invalid_phone', `only Japanese numbers (+81) are accepted; ${PHONE_HOW}`,
        `日本の電話番号（+81）のみ受け付けます。${PHONE_HOW_JA}`);
    }
    if (g0 === '81') groups.shift();
    else groups[0] = g0.slice(2);
    if (groups[0] === '0') groups.shift();
    const first = groups[0];
    if (first === undefined) return bad('invalid_phone', PHONE_HOW, PHONE_HOW_JA);
    if (!first.startsWith('0')) groups[0] = '0' + first;
  }
  const d = groups.join('');
  if (d.length < 10 || d.length > 11) {
    return bad('invalid_phone',
      d.length > 11 ? `too many digits (enter one number per cell); ${PHONE_HOW}` : `too few digits (area code missing?); ${PHONE_HOW}`,
      d.length > 11 ? `桁数が多すぎます（1つのセルに1つの番号を入力してください）。${PHONE_HOW_JA}` : `桁数が足りません（市外局番を確認してください）。${PHONE_HOW_JA}`);
  }
  // 00… is the international call prefix, never a domestic number.
  if (d.charCodeAt(0) !== 48 || d.charCodeAt(1) === 48) return bad('invalid_phone', PHONE_HOW, PHONE_HOW_JA);
  if (groups.length === 3) return ok(groups.join('-'));
  return ok(groupPhone(d));
}

/** Parses a postal code (郵便番号) to `123-4567`: 7 digits, optional 〒 and one hyphen (any hyphen look-alike) after 3 digits. */
export function parsePostalCode(input: string): Parsed<string> {
  let s = normalizeCell(input);
  if (s.length === 0) return EMPTY;
  if (s.charCodeAt(0) === 0x3012 /* 〒 */) s = s.slice(1).trimStart();
  let d = '';
  let hyphenAt = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) d += s[i];
    else if (isHyphen(c) && hyphenAt < 0) hyphenAt = d.length;
    else {
      d = '';
      break;
    }
  }
  if (d.length === 7 && (hyphenAt < 0 || hyphenAt === 3)) return ok(`${d.slice(0, 3)}-${d.slice(3)}`);
  // A 6-digit value is usually Excel dropping the leading 0 (北海道 0xx-xxxx), but could be a missing digit: do not guess.
  return bad('invalid_postal_code',
    'a postal code has 7 digits, written 123-4567; if Excel dropped a leading zero, format the column as text',
    '郵便番号は7桁（123-4567 の形）です。Excelで先頭の0が消えた場合は列を文字列形式にしてください');
}

/** Masks a personal value for messages and rejects: phone `090-****-5678`, email `t***@example.jp`, name `山＊＊`, text `ab***`. */
export function maskValue(kind: 'phone' | 'email' | 'name' | 'text', v: string): string {
  if (v.length === 0) return '';
  const chars = Array.from(v); // by code point, so a surrogate pair is never split
  switch (kind) {
    case 'phone': {
      const p = parsePhone(v);
      if (p.ok) {
        const parts = p.value.split('-');
        if (parts.length === 3) return `${parts[0]}-${'*'.repeat((parts[1] as string).length)}-${parts[2]}`;
        const d = p.value;
        return d.slice(0, 3) + '*'.repeat(d.length - 7) + d.slice(-4);
      }
      // Unparseable: show only the last 2 digit-like characters, so nothing usable leaks.
      return chars.length <= 4 ? '*'.repeat(chars.length) : '*'.repeat(chars.length - 2) + chars.slice(-2).join('');
    }
    case 'email': {
      const at = v.lastIndexOf('@');
      if (at <= 0) return maskValue('text', v);
      return `${Array.from(v.slice(0, at))[0] as string}***${v.slice(at)}`;
    }
    case 'name':
      return `${chars[0] as string}＊＊`;
    case 'text':
      return chars.length <= 2 ? chars.join('') : chars.slice(0, 2).join('') + '*'.repeat(chars.length - 2);
  }
}
