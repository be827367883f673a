import { bad, ok, type Parsed } from './parsed.js';

/**
 * True when NFKC and trim would change nothing and no character is a control
 * character: the ends are not spaces and every UTF-16 unit is printable ASCII,
 * hiragana (ぁ–ゖ), katakana (ァ–ヾ, incl. ・ー), 、。 or a CJK unified ideograph
 * (U+4E00–9FFF). Each of these is NFKC_Quick_Check=Yes with combining class 0, so a
 * string made of them only is already NFKC (test/unit/jp/text.test.ts checks every one
 * against String#normalize). Combining marks (U+3099), half-width kana, full-width
 * Latin, ヿ, compatibility ideographs, U+3000 and controls take the slow path.
 * Most roster cells (IDs, dates, numbers, names and addresses in kana and kanji) pass.
 */
export function isPlainCell(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  if (s.charCodeAt(0) === 0x20 || s.charCodeAt(n - 1) === 0x20) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x7e) {
      if (c >= 0x20) continue;
      return false;
    }
    if (c >= 0x4e00 ? c <= 0x9fff : (c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fe) || c === 0x3001 || c === 0x3002) continue;
    return false;
  }
  return true;
}

/** NFKC (full-width → half-width, half-width kana → full-width) and trim incl. U+3000; returns `s` itself when already normalized. */
export function normalizeCell(s: string): string {
  // Hot path: most cells (IDs, dates, numbers, names, addresses in kana and kanji) are already NFKC;
  // the JS scan costs ~20 ns a cell, String#normalize ~45 ns even when it changes nothing (measured).
  if (isPlainCell(s)) return s;
  // String#trim covers U+3000 (Zs) and U+FEFF; NFKC first so that e.g. U+3000 and NBSP become spaces anyway.
  return s.normalize('NFKC').trim();
}

/** True for a cell that is empty after trimming (callers apply their default instead of parsing). */
export function isBlank(s: string | null | undefined): boolean {
  if (s == null) return true;
  return s.trim().length === 0;
}

/**
 * Index of the first control character, or -1. C0 controls (incl. NUL), DEL and C1 controls are bad;
 * TAB is allowed; CR/LF only when `allowNewlines` (multi-line text columns such as notes).
 */
export function findControlChar(s: string, allowNewlines = false): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII and everything above the C1 block is fine: one comparison for the common case.
    if (c >= 0x20 && c < 0x7f) continue;
    if (c > 0x9f) continue;
    if (c === 0x09) continue;
    if ((c === 0x0a || c === 0x0d) && allowNewlines) continue;
    // C1 (0x80–0x9f) never appears in real Japanese text; it is the mark of mis-decoded cp1252/latin1 bytes.
    return i;
  }
  return -1;
}

/** Validates a free-text cell (no control characters) and returns it normalized. */
export function parseText(s: string, opts: { multiline?: boolean } = {}): Parsed<string> {
  const at = findControlChar(s, opts.multiline === true);
  if (at >= 0) {
    const code = s.charCodeAt(at);
    const hex = 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
    const pos = at + 1;
    return bad(
      'control_character',
      `contains a control character (${hex}) at character ${pos}; remove it (often a stray NUL or line break from another system)`,
      `${pos}文字目に制御文字 (${hex}) が含まれています。削除してください（他システムから紛れ込んだNULや改行であることが多いです）`,
    );
  }
  return ok(normalizeCell(s));
}

/** Hiragana → full-width katakana (for kana columns); ー, spaces and everything else are kept as they are. */
export function toKatakana(s: string): string {
  let i = 0;
  const n = s.length;
  // Fast path: no hiragana at all (already katakana, or Latin) → return the same string.
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x3041 && c <= 0x3096) || c === 0x309d || c === 0x309e) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    // ぁ..ゖ and the iteration marks ゝゞ sit exactly 0x60 below their katakana counterparts.
    if ((c >= 0x3041 && c <= 0x3096) || c === 0x309d || c === 0x309e) out += String.fromCharCode(c + 0x60);
    else out += s[i];
  }
  return out;
}
