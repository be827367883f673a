import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { KyodoError } from '../../../src/errors.js';
import { createDecoder, firstInvalidByte, sniffEncoding, type CsvEncoding } from '../../../src/csv/decode.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const sjis = (s: string) => new Uint8Array(iconv.encode(s, 'cp932'));

/** Decode `bytes` fed in chunks of the given size. */
function decodeChunked(bytes: Uint8Array, enc: CsvEncoding, size: number, file = 'v.csv'): string {
  const d = createDecoder(enc, { file });
  let out = '';
  for (let i = 0; i < bytes.length; i += size) out += d.decode(bytes.subarray(i, i + size));
  return out + d.end();
}

function thrown(f: () => unknown): KyodoError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KyodoError);
    return e as KyodoError;
  }
  throw new Error('did not throw');
}

describe('sniffEncoding', () => {
  it('BOM and valid UTF-8 → utf-8, also with a sequence cut at the end of the sample', () => {
    expect(sniffEncoding(utf8('\uFEFF氏名'))).toBe('utf-8');
    expect(sniffEncoding(utf8('氏名,電話\n'))).toBe('utf-8');
    expect(sniffEncoding(utf8('abc'))).toBe('utf-8');
    expect(sniffEncoding(new Uint8Array(0))).toBe('utf-8');
    const b = utf8('氏名,髙');
    expect(sniffEncoding(b.subarray(0, b.length - 1))).toBe('utf-8');
    expect(sniffEncoding(b.subarray(0, b.length - 2))).toBe('utf-8');
  });

  it('CP932 (Excel) → shift_jis, including ①㈱髙﨑', () => {
    expect(sniffEncoding(sjis('氏名,団体名\r\n髙橋 ①,㈱﨑\r\n'))).toBe('shift_jis');
  });

  it('neither → unknown_encoding with offset and line', () => {
    // 0xFF is invalid in both; place it on line 3.
    const bytes = new Uint8Array([...utf8('a,b\r\nc,d\r\nx'), 0xff, 0x41]);
    const e = thrown(() => sniffEncoding(bytes, 'v.csv'));
    expect(e.code).toBe('unknown_encoding');
    expect(e.exitCode).toBe(1);
    expect(e.context).toMatchObject({ file: 'v.csv', line: 3 });
    expect(e.msg.en).toContain('offset 11');
  });
});

describe('firstInvalidByte', () => {
  it('finds the first bad byte exactly', () => {
    expect(firstInvalidByte(new Uint8Array([0x41, 0x42, 0xff, 0x43]), 'utf-8')).toBe(2);
    expect(firstInvalidByte(utf8('あいう'), 'utf-8')).toBe(-1);
    expect(firstInvalidByte(new Uint8Array([...sjis('髙'), 0x85, 0x40]), 'shift_jis')).toBeGreaterThanOrEqual(2);
  });
});

describe('createDecoder', () => {
  const text = '氏名,団体名\r\n"髙橋 ①",㈱﨑\r\nｶﾀｶﾅ,𠮷\r\n';

  it('decodes CP932 extensions ①㈱髙﨑 and half-width kana, in any chunk size', () => {
    const bytes = sjis(text.replace('𠮷', '吉'));
    for (const size of [1, 2, 3, 7, 1 << 20]) expect(decodeChunked(bytes, 'shift_jis', size)).toBe(text.replace('𠮷', '吉'));
  });

  it('UTF-8 with BOM: BOM dropped; multi-byte characters split across 1-byte chunks', () => {
    const bytes = utf8('\uFEFF' + text);
    for (const size of [1, 2, 5, 1 << 20]) expect(decodeChunked(bytes, 'utf-8', size)).toBe(text);
  });

  it('invalid Shift_JIS: invalid_encoding with offset and line, never U+FFFD', () => {
    const good = sjis('氏名,電話\r\n髙橋,1\r\n佐藤,');
    const bytes = new Uint8Array([...good, 0x85, 0x40, ...sjis('\r\n鈴木,3\r\n')]);
    for (const size of [1, 3, 1 << 20]) {
      const e = thrown(() => decodeChunked(bytes, 'shift_jis', size));
      expect(e.code).toBe('invalid_encoding');
      expect(e.context).toMatchObject({ file: 'v.csv', line: 3 });
      const m = /offset (\d+)/.exec(e.msg.en);
      expect(Math.abs(Number(m?.[1]) - good.length)).toBeLessThanOrEqual(1);
      expect(e.msg.en).toContain('not valid Shift_JIS');
      expect(e.msg.en).toMatch(/re-save/);
    }
  });

  it('a UTF-8 file with a stray Latin-1 byte is refused, not decoded with U+FFFD', () => {
    const bytes = new Uint8Array([...utf8('a\nb\ncaf'), 0xe9, ...utf8('\n')]);
    const e = thrown(() => decodeChunked(bytes, 'utf-8', 2));
    expect(e.code).toBe('invalid_encoding');
    expect(e.context.line).toBe(3);
    expect(e.msg.en).toContain('offset 7');
  });

  it('a truncated last character is an error at EOF', () => {
    const b = utf8('abc髙');
    const e = thrown(() => decodeChunked(b.subarray(0, b.length - 1), 'utf-8', 1));
    expect(e.code).toBe('invalid_encoding');
    expect(e.msg.en).toContain('incomplete');
  });

  it('uses currentLine() when given', () => {
    const d = createDecoder('utf-8', { file: 'x.csv', currentLine: () => 41 });
    const e = thrown(() => d.decode(new Uint8Array([0x61, 0x0a, 0xff])));
    expect(e.context.line).toBe(42);
  });

  it('property: any split of valid CP932 / UTF-8 bytes decodes to the same text', () => {
    const ch = fc.constantFrom('a', ',', '\r\n', '"', '氏', '髙', '﨑', '①', '㈱', 'ｶ', '〜', '№');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (chars, size) => {
        const s = chars.join('');
        expect(decodeChunked(sjis(s), 'shift_jis', size)).toBe(new TextDecoder('shift_jis').decode(sjis(s)));
        expect(decodeChunked(utf8(s), 'utf-8', size)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});
