import { KyodoError, msg, type Msg } from '../errors.js';

/**
 * A strict, streaming RFC 4180 tokenizer over decoded text.
 *
 * Why not csv-parse: it is ~4× slower than the import target allows and its line
 * numbers are where a record *ends*, counting CR and LF apart (reliability.md).
 * Why not uDSV/papaparse: they are lenient (no unclosed-quote error, no physical
 * lines). This one is as strict as csv-parse without relax options, and csv-parse
 * stays its test oracle.
 *
 * Rules:
 * - Delimiter `,`. A line break is LF, CRLF or a lone CR; each counts as one
 *   physical line, inside quoted fields too.
 * - `line` of a record is the physical line where it starts (header = 1).
 * - Fully empty lines (zero characters) are skipped but counted; a trailing line
 *   break at EOF does not make an empty record. A line holding only `""` is a
 *   record with one empty field.
 * - A BOM (U+FEFF) at the very start is stripped.
 * - Fatal: an unclosed quote at EOF (`unclosed_quote`, naming where it opened),
 *   a record longer than `maxRecordChars` (`record_too_large`: what a runaway
 *   quote looks like mid-file).
 * - Not fatal: a quote inside an unquoted field (`ab"c`) or characters after a
 *   closing quote (`"abc"x`). The record is emitted with `error` set (the caller
 *   rejects that one row). Recovery rule: from the offending character, the rest
 *   of that field up to the next `,` or line break is taken literally — the
 *   field's value is its raw text, quotes included, and none of those quotes
 *   opens or closes anything. The next field starts under the normal rules and
 *   the record ends at the first line break outside a properly quoted field.
 *   So a stray quote never swallows the following lines: every later record is
 *   tokenized exactly as if the bad row were not there.
 * - Characters are passed through untouched (NUL and control characters too;
 *   the row validator rejects them per cell).
 */

/** A problem confined to one record: the caller rejects that row and goes on. */
export interface CsvRecordError {
  code: 'invalid_quote';
  /** 1-based index of the offending field. */
  column: number;
  /** Physical line of the offending character (differs from the record's line after an embedded line break). */
  line: number;
  reason: Msg;
}

export interface CsvRecord {
  /** Physical line where the record starts (header = 1). */
  line: number;
  fields: string[];
  error?: CsvRecordError;
}

export interface TokenizerOptions {
  /** Display name for error messages. */
  file?: string;
  /** Longest record accepted, in UTF-16 code units of its text. Default 1 MiB. */
  maxRecordChars?: number;
  /** Physical line of the first character pushed (a part of a file read from a record boundary on). Default 1. */
  firstLine?: number;
  /** Strip a BOM at the very start (default); off for a part that starts mid-file. */
  stripBom?: boolean;
}

export const DEFAULT_MAX_RECORD_CHARS = 1 << 20;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/** Where an incomplete record stands when the buffer ran out inside a quoted field. */
interface OpenQuote {
  line: number;
  field: number;
}

/**
 * Push/end tokenizer. `push(chunk)` returns the records completed by that chunk;
 * `end()` returns the last one and throws on an unclosed quote. Memory held
 * between calls is one incomplete record (≤ `maxRecordChars`).
 *
 * Note: field values are slices of the chunk text; V8 may keep a chunk alive as
 * long as a (long) field sliced from it is referenced.
 */
export class CsvTokenizer {
  readonly file: string | undefined;
  readonly maxRecordChars: number;
  /** Physical line at the start of `rest`. */
  private line = 1;
  /** Text of the incomplete record carried to the next push. */
  private rest = '';
  private started: boolean;
  private ended = false;

  constructor(opts: TokenizerOptions = {}) {
    this.file = opts.file;
    this.line = opts.firstLine ?? 1;
    this.started = opts.stripBom === false;
    this.maxRecordChars = opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    if (!(this.maxRecordChars > 0)) throw new RangeError('maxRecordChars must be positive');
  }

  /** Feed decoded text; returns the records it completes. */
  push(chunk: string): CsvRecord[] {
    if (this.ended) throw new Error('CsvTokenizer: push after end');
    const out: CsvRecord[] = [];
    if (chunk.length === 0) return out;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === BOM) chunk = chunk.slice(1);
    }
    this.parse(this.rest.length === 0 ? chunk : this.rest + chunk, false, out);
    return out;
  }

  /** Signal EOF; returns the last record, throws `unclosed_quote` if a quote is still open. */
  end(): CsvRecord[] {
    if (this.ended) return [];
    this.ended = true;
    const out: CsvRecord[] = [];
    if (this.rest.length > 0) this.parse(this.rest, true, out);
    return out;
  }

  /**
   * The physical line reached by all text pushed so far (1 + line breaks seen);
   * used to place decoding errors.
   */
  lineReached(): number {
    return this.line + countLineBreaks(this.rest);
  }

  /**
   * True when the text pushed so far ends exactly at the end of a record (or an empty
   * line): nothing is carried, no quote is open. A file read in two parts is cut
   * there and only there.
   */
  atRecordBoundary(): boolean {
    return this.rest.length === 0;
  }

  private parse(s: string, final: boolean, out: CsvRecord[]): void {
    const n = s.length;
    const max = this.maxRecordChars;
    let i = 0;
    let line = this.line;
    let recStart = 0;
    let recLine = line;
    let open: OpenQuote | undefined;

    records: for (;;) {
      if (i >= n) {
        // Everything consumed: no incomplete record.
        this.rest = '';
        this.line = line;
        return;
      }
      recStart = i;
      recLine = line;
      let c = s.charCodeAt(i);
      // A fully empty line: skipped, counted.
      if (c === LF) {
        i++;
        line++;
        continue;
      }
      if (c === CR) {
        if (i + 1 < n) {
          i += s.charCodeAt(i + 1) === LF ? 2 : 1;
        } else if (final) {
          i++;
        } else {
          break; // CR at the end of the buffer: an LF may follow in the next chunk
        }
        line++;
        continue;
      }

      const fields: string[] = [];
      let error: CsvRecordError | undefined;
      // One iteration per field; `i` is at the field's first character (may be n).
      for (;;) {
        const fieldStart = i;
        let value: string;
        let d: number; // position of the delimiter / line break ending the field, or n
        if (i < n && s.charCodeAt(i) === QUOTE) {
          const openLine = line;
          let j = i + 1;
          let escaped = false;
          for (;;) {
            if (j >= n) {
              if (final) throw this.unclosed(openLine, fields.length + 1);
              open = { line: openLine, field: fields.length + 1 };
              break records;
            }
            c = s.charCodeAt(j);
            if (c > QUOTE) {
              // Fast path: every special character (" CR LF) is <= 34.
              j++;
              continue;
            }
            if (c === QUOTE) {
              if (j + 1 >= n) {
                if (!final) {
                  // `"` at the end of the buffer: closing quote or first half of `""`?
                  open = { line: openLine, field: fields.length + 1 };
                  break records;
                }
                break;
              }
              if (s.charCodeAt(j + 1) === QUOTE) {
                escaped = true;
                j += 2;
                continue;
              }
              break;
            }
            if (c === LF || (c === CR && s.charCodeAt(j + 1) !== LF)) line++;
            j++;
          }
          // Closing quote at j.
          if (j - recStart > max) throw this.tooLarge(recLine, { line: openLine, field: fields.length + 1 });
          d = j + 1;
          c = d < n ? s.charCodeAt(d) : -1;
          if (d >= n || c === COMMA || c === LF || c === CR) {
            value = s.slice(i + 1, j);
            if (escaped) value = value.replaceAll('""', '"');
          } else {
            // `"abc"x`: keep the raw field text literally up to the next delimiter.
            if (error === undefined) error = this.invalidQuote(fields.length + 1, line, true);
            while (d < n) {
              c = s.charCodeAt(d);
              if (c === COMMA || c === LF || c === CR) break;
              d++;
            }
            if (d >= n && !final) break records;
            value = s.slice(fieldStart, d);
          }
        } else {
          d = i;
          while (d < n) {
            c = s.charCodeAt(d);
            if (c > COMMA) {
              // Fast path: every special character (, " CR LF) is <= 44.
              d++;
              continue;
            }
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE && error === undefined) error = this.invalidQuote(fields.length + 1, line, false);
            d++;
          }
          if (d >= n && !final) break records; // the field may go on in the next chunk
          value = s.slice(fieldStart, d);
        }

        // `d` ends the field: `,`, a line break, or the end of the (final) text.
        if (d >= n) {
          fields.push(value);
          i = n;
        } else {
          c = s.charCodeAt(d);
          if (c === COMMA) {
            fields.push(value);
            i = d + 1;
            if (i - recStart > max) throw this.tooLarge(recLine, undefined);
            continue;
          }
          if (c === LF) {
            i = d + 1;
          } else if (d + 1 < n) {
            i = s.charCodeAt(d + 1) === LF ? d + 2 : d + 1;
          } else if (final) {
            i = d + 1;
          } else {
            break records; // CR at the end of the buffer
          }
          fields.push(value);
          line++;
        }
        if (d - recStart > max) throw this.tooLarge(recLine, undefined);
        out.push(error === undefined ? { line: recLine, fields } : { line: recLine, fields, error });
        continue records;
      }
    }

    // Every `break records` lands here: the record from recStart is incomplete; carry it to the next push.
    this.rest = s.slice(recStart);
    this.line = recLine;
    if (this.rest.length > max) throw this.tooLarge(recLine, open);
  }

  private invalidQuote(column: number, line: number, afterClosing: boolean): CsvRecordError {
    return {
      code: 'invalid_quote',
      column,
      line,
      reason: afterClosing
        ? msg(
            `characters after a closing quote in field ${column}; a field that contains a quote must be enclosed in quotes and the quote doubled ("")`,
            `${column}番目の項目で閉じ引用符の後に文字があります。引用符を含む値は全体を "" で囲み、中の引用符を二重 ("") にしてください`,
          )
        : msg(
            `a quote inside an unquoted field ${column}; a field that contains a quote must be enclosed in quotes and the quote doubled ("")`,
            `${column}番目の項目の途中に引用符があります。引用符を含む値は全体を "" で囲み、中の引用符を二重 ("") にしてください`,
          ),
    };
  }

  private unclosed(line: number, field: number): KyodoError {
    const where = this.file === undefined ? '' : `${this.file}:`;
    return new KyodoError(
      'unclosed_quote',
      msg(
        `${where}${line}: the quote opened in field ${field} is never closed; check that line for a stray or missing quote (")`,
        `${where}${line}: ${field}番目の項目で開いた引用符 (") が閉じられていません。その行の引用符を確認してください`,
      ),
      {
        ...(this.file === undefined ? {} : { file: this.file }),
        line,
        column: String(field),
        hint: msg('a quote inside a value must be doubled ("")', '値の中の引用符は二重 ("") にしてください'),
      },
    );
  }

  private tooLarge(recLine: number, open: OpenQuote | undefined): KyodoError {
    const where = this.file === undefined ? '' : `${this.file}:`;
    const max = this.maxRecordChars;
    const quoteEn = open ? `; a quote opened in field ${open.field} on line ${open.line} probably never closes` : '';
    const quoteJa = open ? `。${open.line}行目の${open.field}番目の項目で開いた引用符が閉じられていない可能性があります` : '';
    return new KyodoError(
      'record_too_large',
      msg(
        `${where}${recLine}: the record starting on line ${recLine} is longer than ${max} characters${quoteEn}`,
        `${where}${recLine}: ${recLine}行目から始まるレコードが${max}文字を超えています${quoteJa}`,
      ),
      {
        ...(this.file === undefined ? {} : { file: this.file }),
        line: open ? open.line : recLine,
        ...(open ? { column: String(open.field) } : {}),
        hint: msg('check for a stray or missing quote (")', '引用符 (") の過不足を確認してください'),
      },
    );
  }
}

/** Number of line breaks (LF, CRLF, lone CR) in `s`. */
export function countLineBreaks(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** Tokenize a whole string (tests and small files). */
export function tokenizeString(text: string, opts: TokenizerOptions = {}): CsvRecord[] {
  const t = new CsvTokenizer(opts);
  const out = t.push(text);
  for (const r of t.end()) out.push(r);
  return out;
}

/** Tokenize a stream of decoded chunks, yielding the records of each chunk as a batch. */
export async function* tokenizeChunks(
  chunks: AsyncIterable<string> | Iterable<string>,
  opts: TokenizerOptions = {},
): AsyncGenerator<CsvRecord[]> {
  const t = new CsvTokenizer(opts);
  for await (const chunk of chunks) {
    const batch = t.push(chunk);
    if (batch.length > 0) yield batch;
  }
  const last = t.end();
  if (last.length > 0) yield last;
}
