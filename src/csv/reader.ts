import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { KyodoError, UsageError, msg } from '../errors.js';
import { createDecoder, sniffEncoding, type CsvEncoding } from './decode.js';
import { CsvTokenizer, tokenizeString, type CsvRecord, type TokenizerOptions } from './tokenizer.js';

export type { CsvRecord, CsvRecordError } from './tokenizer.js';
export type { CsvEncoding } from './decode.js';

/**
 * Read chunk size: 128 KiB. The records of a chunk live until its batch is handled, and a
 * young-generation GC copies whatever is live: with 1 MiB chunks (~4,300 roster rows of
 * strings and arrays) validation alone took ~15% more CPU, mostly GC (1 MiB 2.5–2.7 s,
 * 256 KiB 2.2–2.4 s, 128 KiB and 64 KiB 2.15–2.3 s, 32 KiB 2.2–2.4 s per 300k rows), and
 * the GC-heavy worker slowed the writing thread beside it: a 1M-row import ~18 s → ~8 s.
 */
export const READ_CHUNK_BYTES = 128 << 10;

export interface ReadCsvOptions {
  encoding: 'auto' | CsvEncoding;
  maxRecordChars?: number;
  /** Called after each chunk is read; `totalBytes` is undefined for stdin and pipes. */
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
}

export interface CsvReader {
  /** The encoding used (sniffed when `auto`). */
  readonly encoding: CsvEncoding;
  /** Display name for messages: the path as given, or `stdin`. */
  readonly file: string;
  /** The first record. */
  readonly header: { line: number; fields: string[] };
  /** The records after the header, one by one. Iterate once. */
  records(): AsyncIterable<CsvRecord>;
  /** The same records in batches (one per read chunk): fewer awaits for hot loops. Iterate once. */
  batches(): AsyncIterable<CsvRecord[]>;
  /** Stop reading and release the file (only needed when not iterating to the end). */
  close(): Promise<void>;
}

function unreadable(file: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  const reason = e?.code === 'ENOENT' ? 'no such file' : e?.code === 'EACCES' ? 'permission denied' : e?.code === 'EISDIR' ? 'is a directory' : (e?.message ?? String(err));
  const reasonJa = e?.code === 'ENOENT' ? 'ファイルがありません' : e?.code === 'EACCES' ? '読み取り権限がありません' : e?.code === 'EISDIR' ? 'ディレクトリです' : reason;
  return new UsageError('unreadable_file', msg(`cannot read ${file}: ${reason}`, `${file} を読み込めません: ${reasonJa}`), {
    file,
    hint: msg('check the path and the file permissions', 'パスとファイルの権限を確認してください'),
  });
}

/**
 * The bytes [start, end) of an open file in READ_CHUNK_BYTES chunks, read synchronously: a
 * stream costs ~0.2 s per 231 MB in its machinery here, blocking reads ~0.035 s (measured),
 * and an import has nothing else for its thread to do meanwhile. Closes the file at the end.
 */
function* fileChunks(fd: number, start: number, end: number): Generator<Uint8Array> {
  // A pipe or device given by path (end unknown) cannot seek: it is read from where it stands.
  const seekable = Number.isFinite(end);
  try {
    for (let pos = start; pos < end;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, end - pos));
      const n = readSync(fd, chunk, 0, chunk.length, seekable ? pos : null);
      if (n === 0) return;
      pos += n;
      yield n === chunk.length ? chunk : chunk.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** A file opened for reading (`unreadable_file` if it cannot be), and its size. */
function openFile(path: string): { fd: number; size: number } {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    // A pipe or device given by path: read to its end.
    return { fd, size: st.isFile() ? st.size : Number.POSITIVE_INFINITY };
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    throw unreadable(path, err);
  }
}

/** Byte chunks of a file or stdin, mapping read errors to `unreadable_file`. */
async function* byteChunks(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, file: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  } catch (err) {
    if (err instanceof KyodoError) throw err;
    throw unreadable(file, err);
  }
}

/**
 * Open a CSV file (or `-` for stdin), decode it strictly and read its header.
 * Reads in READ_CHUNK_BYTES chunks with bounded memory; the records come from `records()`.
 */
export async function readCsv(source: string, opts: ReadCsvOptions): Promise<CsvReader> {
  const file = source === '-' ? 'stdin' : source;
  let totalBytes: number | undefined;
  let stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  if (source === '-') {
    stream = process.stdin;
  } else {
    const { fd, size } = openFile(source);
    if (Number.isFinite(size)) totalBytes = size;
    stream = fileChunks(fd, 0, size);
  }

  const bytes = byteChunks(stream, file);
  const tokOpts: TokenizerOptions = { file };
  if (opts.maxRecordChars !== undefined) tokOpts.maxRecordChars = opts.maxRecordChars;
  const tokenizer = new CsvTokenizer(tokOpts);

  // The first chunk decides the encoding.
  let firstChunk = await bytes.next();
  const firstBytes: Uint8Array = firstChunk.done ? new Uint8Array(0) : firstChunk.value;
  const encoding: CsvEncoding = opts.encoding === 'auto' ? sniffEncoding(firstBytes, file) : opts.encoding;
  const decoder = createDecoder(encoding, { file, currentLine: () => tokenizer.lineReached() });
  let bytesRead = 0;

  async function* allBatches(): AsyncGenerator<CsvRecord[]> {
    try {
      if (!firstChunk.done) {
        bytesRead += firstBytes.length;
        opts.onProgress?.(bytesRead, totalBytes);
        const batch = tokenizer.push(decoder.decode(firstBytes));
        if (batch.length > 0) yield batch;
        for (;;) {
          firstChunk = await bytes.next();
          if (firstChunk.done) break;
          const chunk = firstChunk.value;
          bytesRead += chunk.length;
          opts.onProgress?.(bytesRead, totalBytes);
          const b = tokenizer.push(decoder.decode(chunk));
          if (b.length > 0) yield b;
        }
      }
      const tail = tokenizer.push(decoder.end());
      for (const r of tokenizer.end()) tail.push(r);
      if (tail.length > 0) yield tail;
    } finally {
      await bytes.return(undefined);
    }
  }

  const gen = allBatches();
  let pending: CsvRecord[] = [];
  let header: CsvRecord | undefined;
  try {
    while (header === undefined) {
      const next = await gen.next();
      if (next.done) break;
      header = next.value[0];
      pending = next.value.slice(1);
    }
  } catch (err) {
    await gen.return(undefined);
    throw err;
  }
  if (header === undefined) {
    throw new KyodoError('empty_file', msg(`${file}: the file is empty (no header row)`, `${file}: ファイルが空です (見出し行がありません)`), {
      file,
      hint: msg('the first line must name the columns', '1行目に列名を入れてください'),
    });
  }

  let used = false;
  async function* batches(): AsyncGenerator<CsvRecord[]> {
    if (used) throw new Error('CsvReader: records can be iterated only once');
    used = true;
    if (pending.length > 0) yield pending;
    pending = [];
    yield* gen;
  }

  return {
    encoding,
    file,
    header: { line: header.line, fields: header.fields },
    batches,
    async *records() {
      for await (const batch of batches()) yield* batch;
    },
    async close() {
      await gen.return(undefined);
      await bytes.return(undefined);
    },
  };
}

export interface CsvRangeOptions {
  encoding: CsvEncoding;
  /** First byte of the part: 0, or the end of a record (see split.ts). */
  start: number;
  /** End of the part (exclusive); undefined: the end of the file. */
  end?: number;
  /** Physical line the part starts on (1 + line breaks before `start`). */
  firstLine: number;
  maxRecordChars?: number;
  onProgress?: (bytesRead: number) => void;
}

/** One part of a file (split.ts), read on its own thread. */
export interface CsvRangeReader {
  /** The records of the part, header included when it starts at 0. Iterate once. */
  batches(): AsyncIterable<CsvRecord[]>;
  /**
   * After a part with an `end` was read: whether it ended exactly at the end of a record
   * (else the cut was inside a quoted field, and the second part's records are not the file's).
   */
  atRecordBoundary(): boolean;
  /** Physical line reached (the first line of the next part, when the cut was good). */
  lineReached(): number;
}

/**
 * Reads the bytes [start, end) of a file as CSV with the same strict decoding and
 * tokenizing as readCsv, for files read in two parts. A part with an `end` stops
 * there without the end-of-file checks (the record may go on in the next part:
 * atRecordBoundary tells); the last part ends with them, as a whole file does.
 */
export function readCsvRange(path: string, opts: CsvRangeOptions): CsvRangeReader {
  const tokenizer = new CsvTokenizer({ file: path, firstLine: opts.firstLine, stripBom: opts.start === 0,
    ...(opts.maxRecordChars === undefined ? {} : { maxRecordChars: opts.maxRecordChars }) });
  const decoder = createDecoder(opts.encoding, { file: path, currentLine: () => tokenizer.lineReached(), startOffset: opts.start });
  let used = false;
  return {
    async *batches() {
      if (used) throw new Error('CsvRangeReader: records can be iterated only once');
      used = true;
      let bytesRead = 0;
      // Opened here, so a reader never iterated holds no file.
      const { fd, size } = openFile(path);
      const bytes = byteChunks(fileChunks(fd, opts.start, opts.end ?? size), path);
      try {
        for await (const chunk of bytes) {
          bytesRead += chunk.length;
          opts.onProgress?.(bytesRead);
          const batch = tokenizer.push(decoder.decode(chunk));
          if (batch.length > 0) yield batch;
        }
        const tail = tokenizer.push(decoder.end());
        if (opts.end === undefined) for (const r of tokenizer.end()) tail.push(r);
        if (tail.length > 0) yield tail;
      } finally {
        await bytes.return(undefined);
      }
    },
    atRecordBoundary: () => tokenizer.atRecordBoundary(),
    lineReached: () => tokenizer.lineReached(),
  };
}

/** Tokenize a whole string synchronously (tests, small files); BOM stripped. */
export function parseCsvText(text: string, opts: TokenizerOptions = {}): CsvRecord[] {
  return tokenizeString(text, opts);
}

/**
 * Duplicate header names after `normalize` (e.g. NFKC + trim): csv-parse with
 * `columns: true` lets the last one silently win. Empty names are not compared
 * (trailing empty header cells are common; the caller decides about them).
 */
export function detectDuplicateHeaders(
  fields: readonly string[],
  normalize: (name: string) => string = (s) => s,
  file?: string,
): KyodoError[] {
  const seen = new Map<string, number[]>();
  fields.forEach((f, idx) => {
    const key = normalize(f);
    if (key === '') return;
    const at = seen.get(key);
    if (at) at.push(idx + 1);
    else seen.set(key, [idx + 1]);
  });
  const problems: KyodoError[] = [];
  for (const [name, at] of seen) {
    if (at.length < 2) continue;
    const list = at.slice(0, -1).join(', ') + ' and ' + String(at[at.length - 1]);
    const listJa = at.join('・');
    const where = file === undefined ? '' : `${file}:1: `;
    problems.push(
      new KyodoError(
        'duplicate_column',
        msg(`${where}duplicate column "${name}" at fields ${list}`, `${where}列名「${name}」が重複しています (${listJa}番目)`),
        {
          ...(file === undefined ? {} : { file }),
          line: 1,
          column: name,
          hint: msg('rename or remove one of the columns', 'どちらかの列名を変えるか、列を削除してください'),
        },
      ),
    );
  }
  return problems;
}

/** `ragged_row` if a record's field count differs from the header's, else undefined. */
export function checkFieldCount(record: CsvRecord, headerFieldCount: number, file?: string): KyodoError | undefined {
  const n = record.fields.length;
  if (n === headerFieldCount) return undefined;
  const where = file === undefined ? '' : `${file}:${record.line}: `;
  return new KyodoError(
    'ragged_row',
    msg(
      `${where}line ${record.line} has ${n} fields, the header has ${headerFieldCount}`,
      `${where}${record.line}行目の項目数は${n}ですが、見出し行は${headerFieldCount}です`,
    ),
    {
      ...(file === undefined ? {} : { file }),
      line: record.line,
      hint: msg(
        'a value containing a comma or line break must be enclosed in quotes',
        'コンマや改行を含む値は引用符 (") で囲んでください',
      ),
    },
  );
}

/** The KyodoError for a record the tokenizer flagged (e.g. `invalid_quote`), or undefined. */
export function recordProblem(record: CsvRecord, file?: string): KyodoError | undefined {
  const e = record.error;
  if (e === undefined) return undefined;
  const where = file === undefined ? '' : `${file}:${e.line}: `;
  return new KyodoError(e.code, msg(where + e.reason.en, where + e.reason.ja), {
    ...(file === undefined ? {} : { file }),
    line: e.line,
    column: String(e.column),
  });
}
