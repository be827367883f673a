import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { findControlChar, isBlank, isPlainCell, normalizeCell, parseText, toKatakana } from '../../../src/jp/text.js';

describe('normalizeCell', () => {
  it('returns clean ASCII unchanged (same string)', () => {
    const s = '2024-04-01';
    expect(normalizeCell(s)).toBe(s);
  });
  it('converts full-width digits and Latin to half-width', () => {
    expect(normalizeCell('１２３ＡＢＣ＠ｅｘ')).toBe('123ABC@ex');
  });
  it('converts half-width katakana to full-width, incl. voiced marks', () => {
    expect(normalizeCell('ｶﾞｲﾄﾞ')).toBe('ガイド');
  });
  it('trims ASCII spaces, tabs and U+3000', () => {
    expect(normalizeCell('\u3000 山田 \u3000')).toBe('山田');
    expect(normalizeCell('  abc\t')).toBe('abc');
  });
  it('keeps inner spaces', () => {
    expect(normalizeCell('山田\u3000太郎')).toBe('山田 太郎');
  });
  it('empty stays empty', () => {
    expect(normalizeCell('')).toBe('');
    expect(normalizeCell('\u3000')).toBe('');
  });
  it('every character of the fast path (ASCII, kana, 、。, CJK ideographs) is left alone by NFKC', () => {
    for (const [from, to] of [[0x21, 0x7e], [0x3001, 0x3002], [0x3041, 0x3096], [0x30a1, 0x30fe], [0x4e00, 0x9fff]] as const) {
      for (let c = from; c <= to; c++) expect(String.fromCharCode(c).normalize('NFKC')).toBe(String.fromCharCode(c));
    }
  });
  it('is NFKC + trim, with or without the fast path (isPlainCell)', () => {
    const unit = fc.constantFrom('a', '1', ' ', '\t', '\n', '\u0001', '\u007f', '\u0085', '\u3000', '\u00a0', '\ufeff', 'あ', 'か', '\u3099', '\u309a', 'ｶ', 'ﾞ', 'ア', 'ヿ', 'ヾ', 'ー', '・',
      '、', '。', '山', '髙', '\uf900', '㈱', '①', '１', 'Ａ', '＠', '〜', '－', '\ud842\udfb7', 'é', 'e\u0301');
    fc.assert(fc.property(fc.string({ unit, maxLength: 8 }), (s) => {
      expect(normalizeCell(s)).toBe(s.normalize('NFKC').trim());
      // What the import relies on to skip both normalize and the control-character scan.
      if (isPlainCell(s)) {
        expect(s.normalize('NFKC').trim()).toBe(s);
        expect(findControlChar(s)).toBe(-1);
      }
    }), { numRuns: 5000 });
  });
});

describe('isBlank', () => {
  it('detects blank cells', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \u3000 ')).toBe(true);
    expect(isBlank(undefined)).toBe(true);
    expect(isBlank('a')).toBe(false);
  });
});

describe('findControlChar', () => {
  it('returns -1 for clean text incl. TAB', () => {
    expect(findControlChar('山田\t太郎')).toBe(-1);
  });
  it('finds NUL and other C0 controls', () => {
    expect(findControlChar('ab\u0000c')).toBe(2);
    expect(findControlChar('\u001b[31m')).toBe(0);
  });
  it('CR/LF are bad unless multi-line is allowed', () => {
    expect(findControlChar('a\nb')).toBe(1);
    expect(findControlChar('a\r\nb', true)).toBe(-1);
    expect(findControlChar('a\r\n\u0007', true)).toBe(3);
  });
  it('flags DEL and C1 controls (mis-decoded bytes)', () => {
    expect(findControlChar('a\u007f')).toBe(1);
    expect(findControlChar('a\u0085')).toBe(1);
  });
});

describe('parseText', () => {
  it('rejects control characters with code control_character and no value echo', () => {
    const r = parseText('090\u00001234');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('control_character');
      expect(r.reason.en).not.toContain('090');
    }
  });
  it('normalizes good text, multi-line when allowed', () => {
    expect(parseText(' ＡＢ ')).toEqual({ ok: true, value: 'AB' });
    expect(parseText('a\nb', { multiline: true })).toEqual({ ok: true, value: 'a\nb' });
  });
});

describe('toKatakana', () => {
  it('converts hiragana to katakana, keeps ー and spaces', () => {
    expect(toKatakana('やまだ たろう')).toBe('ヤマダ タロウ');
    expect(toKatakana('ぼらんてぃあせんたー')).toBe('ボランティアセンター');
    expect(toKatakana('ゔぁ ゝゞ')).toBe('ヴァ ヽヾ');
  });
  it('leaves katakana, kanji and Latin alone (same string when nothing to do)', () => {
    const s = 'ヤマダ 山田 abc';
    expect(toKatakana(s)).toBe(s);
  });
});
