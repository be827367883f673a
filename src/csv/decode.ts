import { KyodoError, msg } from '../errors.js';

/**
 * Strict decoding of CSV bytes: UTF-8 (with or without BOM) or Shift_JIS/CP932
 * (Excel in Japan). Node's WHATWG `shift_jis` decoder covers the CP932
 * extensions (①, ㈱, 髙, 﨑) and, with `fatal: true`, throws on bad bytes, where
 * iconv-lite would silently insert U+FFFD (reliability.md). A file that is not
 * valid in its encoding is refused with a byte offset and line — never imported
 * as mojibake.
 */

export type CsvEncoding = 'utf-8' | 'shift_jis';

const LF = 0x0a;
const CR = 0x0d;

function label(enc: CsvEncoding): string {
  return enc === 'utf-8' ? 'UTF-8' : 'Shift_JIS';
}

function fileLabel(file: string | undefined): string {
  return file === undefined ? 'input' : file;
}

/**
 * Index of the first byte at which strict streaming decoding of `bytes` fails,
 * or -1 if it decodes (an incomplete sequence at the very end is allowed).
 * Binary search over prefixes: a prefix that fails makes every longer one fail.
 */
export function firstInvalidByte(bytes: Uint8Array, enc: CsvEncoding): number {
  const fails = (k: number): boolean => {
    try {
      new TextDecoder(enc, { fatal: true }).decode(bytes.subarray(0, k), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length)) return -1;
  let lo = 0; // !fails(lo)
  let hi = bytes.length; // fails(hi)
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  // The decoder notices the error at byte hi-1, which may be the 2nd..4th byte of
  // the bad sequence: report where that sequence starts (the last prefix that
  // decodes completely).
  for (let j = hi - 1; j >= 0 && j >= hi - 4; j--) {
    try {
      new TextDecoder(enc, { fatal: true }).decode(bytes.subarray(0, j));
      return j;
    } catch {
      // j is inside a character; go back
    }
  }
  return hi - 1;
}

/** 1 + the line breaks (LF, CRLF, lone CR) in `bytes[0, end)`; valid for ASCII-compatible encodings. */
export function lineAtByte(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === LF || (b === CR && (i + 1 >= end || bytes[i + 1] !== LF))) line++;
  }
  return line;
}

/**
 * Guess the encoding from the first bytes of a file: a UTF-8 BOM or strictly
 * valid UTF-8 (a sequence cut at the end of the sample is allowed) → utf-8;
 * else strictly valid Shift_JIS → shift_jis; else `unknown_encoding`.
 */
export function sniffEncoding(firstBytes: Uint8Array, file?: string): CsvEncoding {
  if (firstBytes.length >= 3 && firstBytes[0] === 0xef && firstBytes[1] === 0xbb && firstBytes[2] === 0xbf) {
    return 'utf-8';
  }
  const badUtf8 = firstInvalidByte(firstBytes, 'utf-8');
  if (badUtf8 < 0) return 'utf-8';
  const badSjis = firstInvalidByte(firstBytes, 'shift_jis');
  if (badSjis < 0) return 'shift_jis';
  // Neither: name the position of the encoding that got further (the likelier intent).
  const offset = Math.max(badUtf8, badSjis);
  const line = lineAtByte(firstBytes, offset);
  const name = fileLabel(file);
  return throwUnknown(name, file, offset, line, badUtf8, badSjis);
}

function throwUnknown(
  name: string,
  file: string | undefined,
  offset: number,
  line: number,
  badUtf8: number,
  badSjis: number,
): never {
  throw new KyodoError(
    'unknown_encoding',
    msg(
      `${name}: the file is neither UTF-8 (bad byte at offset ${badUtf8}) nor Shift_JIS (bad byte at offset ${badSjis}); first problem around byte offset ${offset} (line ${line}). Re-save it from Excel as "CSV UTF-8" or "CSV (comma delimited)"`,
      `${name}: UTF-8 (オフセット ${badUtf8} に不正なバイト) でも Shift_JIS (オフセット ${badSjis}) でもありません。問題はバイトオフセット ${offset} 付近 (${line}行目) です。Excel で「CSV UTF-8」または「CSV (コンマ区切り)」として保存し直してください`,
    ),
    {
      ...(file === undefined ? {} : { file }),
      line,
      hint: msg('save the file as UTF-8', 'UTF-8 で保存してください'),
    },
  );
}

export interface DecoderOptions {
  /** Display name for error messages. */
  file?: string;
  /**
   * The physical line reached by all text returned so far (e.g. the
   * tokenizer's `lineReached()`), to place a decoding error. Without it the
   * decoder counts line breaks in its own output.
   */
  currentLine?: () => number;
  /**
   * Byte offset in the file of the first byte fed (a part read from the middle of a
   * file, always at a character boundary): errors name file offsets, and a U+FEFF
   * there is a character, not a BOM. Default 0.
   */
  startOffset?: number;
}

export interface StrictDecoder {
  readonly encoding: CsvEncoding;
  /** Bytes fed so far. */
  readonly bytesRead: number;
  /** Decode the next chunk; throws `invalid_encoding` on bad bytes. */
  decode(bytes: Uint8Array): string;
  /** Flush at EOF; throws `invalid_encoding` on a truncated last character. */
  end(): string;
}

/**
 * Length of the longest prefix of `bytes` that ends on a character boundary
 * (valid input assumed; for invalid input any cut is fine, the error is found
 * either way). Cutting there means the TextDecoder never holds a partial
 * character between chunks, so an error's byte offset can be computed exactly.
 */
function boundary(bytes: Uint8Array, enc: CsvEncoding): number {
  const n = bytes.length;
  if (enc === 'utf-8') {
    for (let k = n - 1; k >= 0 && k >= n - 4; k--) {
      const b = bytes[k]!;
      if ((b & 0xc0) === 0x80) continue; // continuation byte
      const len = b < 0x80 || b >= 0xf8 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return k + len <= n ? n : k;
    }
    return n;
  }
  // Shift_JIS: a byte < 0x40 is never a trail byte, so a character starts right after it.
  for (let k = n - 1; k >= 0; k--) {
    if (bytes[k]! < 0x40) {
      if (k === n - 1) return n;
      // Walk forward from the known boundary to see whether the last character is complete.
      let p = k + 1;
      while (p < n) {
        const b = bytes[p]!;
        const double = (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
        if (double) {
          if (p + 1 >= n) return p;
          p += 2;
        } else {
          p++;
        }
      }
      return n;
    }
  }
  return -1; // no boundary found in the chunk
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * A streaming strict decoder. Each chunk is cut at a character boundary (the
 * few bytes after it are carried to the next chunk), so on a decode error the
 * exact byte offset is found by re-decoding that piece.
 */
export function createDecoder(encoding: CsvEncoding, opts: DecoderOptions = {}): StrictDecoder {
  const startOffset = opts.startOffset ?? 0;
  const td = new TextDecoder(encoding, { fatal: true, ignoreBOM: startOffset > 0 });
  let carry: Uint8Array = new Uint8Array(0);
  let carryOffset = startOffset; // byte offset of carry[0] in the file
  let fed = 0;
  let selfLines = 1; // used when opts.currentLine is absent
  let first = startOffset === 0;
  let lastWasCR = false;

  const track = (text: string): string => {
    if (text.length === 0) return text;
    // A CRLF split between two outputs must count once (a CR is counted when seen).
    if (opts.currentLine === undefined) selfLines += countBreaks(text) - (lastWasCR && text.charCodeAt(0) === 10 ? 1 : 0);
    lastWasCR = text.charCodeAt(text.length - 1) === 13;
    return text;
  };

  const fail = (piece: Uint8Array, pieceOffset: number, final: boolean): never => {
    // Exact position within the piece; the decoder was at a character boundary at its start.
    let bad = firstInvalidByte(piece, encoding);
    if (bad < 0) bad = piece.length; // only a truncated character at EOF
    let prefixText = '';
    try {
      prefixText = new TextDecoder(encoding, { fatal: true, ignoreBOM: !first }).decode(piece.subarray(0, bad), {
        stream: true,
      });
    } catch {
      // cannot happen: the prefix decodes by construction
    }
    const before = opts.currentLine ? opts.currentLine() : selfLines;
    const line = before + countBreaks(prefixText) - (lastWasCR && prefixText.charCodeAt(0) === 10 ? 1 : 0);
    const offset = pieceOffset + bad;
    const name = fileLabel(opts.file);
    const what = final && bad >= piece.length ? 'end with an incomplete character' : 'are not valid';
    const whatJa = final && bad >= piece.length ? 'が途中で切れた文字で終わっています' : 'は正しくありません';
    throw new KyodoError(
      'invalid_encoding',
      msg(
        `${name}: bytes around offset ${offset} (line ${line}) ${what} ${label(encoding)}; re-save the file as "CSV UTF-8" or "CSV (comma delimited)" (Shift_JIS) from Excel`,
        `${name}: バイトオフセット ${offset} 付近 (${line}行目) ${whatJa} (${label(encoding)})。Excel で「CSV UTF-8」または「CSV (コンマ区切り)」として保存し直してください`,
      ),
      {
        ...(opts.file === undefined ? {} : { file: opts.file }),
        line,
        hint: msg('the file must be entirely in one encoding', 'ファイル全体が同じ文字コードである必要があります'),
      },
    );
  };

  return {
    encoding,
    get bytesRead() {
      return fed;
    },
    decode(bytes: Uint8Array): string {
      fed += bytes.length;
      const all = concatBytes(carry, bytes);
      const allOffset = carryOffset;
      let cut = boundary(all, encoding);
      if (cut < 0) {
        // No boundary at all (a long run of double-byte text): carry it, within reason.
        if (all.length <= 1 << 22) {
          carry = all;
          return '';
        }
        cut = all.length - 1; // give up exactness rather than memory; the decoder keeps any partial byte
      }
      const piece = all.subarray(0, cut);
      carry = all.slice(cut);
      carryOffset = allOffset + cut;
      let text: string;
      try {
        text = td.decode(piece, { stream: true });
      } catch {
        return fail(piece, allOffset, false);
      }
      first = first && piece.length === 0;
      return track(text);
    },
    end(): string {
      let text: string;
      try {
        text = td.decode(carry, { stream: false });
      } catch {
        return fail(carry, carryOffset, true);
      }
      carry = new Uint8Array(0);
      return track(text);
    },
  };
}

function countBreaks(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}
