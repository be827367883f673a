import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cutAfterLineFeed, lineBreaksBefore } from '../../../src/csv/split.js';
import { countLineBreaks } from '../../../src/csv/tokenizer.js';
import { KyodoError, UsageError } from '../../../src/errors.js';
import {
  checkFieldCount,
  detectDuplicateHeaders,
  parseCsvText,
  readCsv,
  readCsvRange,
  recordProblem,
  type CsvReader,
  type CsvRecord,
} from '../../../src/csv/reader.js';

const dir = mkdtempSync(join(tmpdir(), 'kyodo-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Uint8Array): string {
  const p = join(dir, `f${n++}.csv`);
  writeFileSync(p, content);
  return p;
}
async function all(r: CsvReader): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const rec of r.records()) out.push(rec);
  return out;
}
async function rejection(p: Promise<unknown>): Promise<KyodoError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KyodoError);
    return e as KyodoError;
  }
  throw new Error('did not reject');
}

describe('readCsv', () => {
  it('UTF-8 with BOM: header and records with physical start lines', async () => {
    const p = file('\uFEFF氏名,備考\r\n髙橋,"a\r\nb"\r\n\r\n佐藤,x\r\n');
    const r = await readCsv(p, { encoding: 'auto' });
    expect(r.encoding).toBe('utf-8');
    expect(r.file).toBe(p);
    expect(r.header).toEqual({ line: 1, fields: ['氏名', '備考'] });
    expect(await all(r)).toEqual([
      { line: 2, fields: ['髙橋', 'a\r\nb'] },
      { line: 5, fields: ['佐藤', 'x'] },
    ]);
  });

  it('Shift_JIS (CP932) from Excel is sniffed and decoded, ①㈱髙﨑 included', async () => {
    const p = file(iconv.encode('団体名,代表\r\n㈱髙﨑,①\r\n', 'cp932'));
    const r = await readCsv(p, { encoding: 'auto' });
    expect(r.encoding).toBe('shift_jis');
    expect(r.header.fields).toEqual(['団体名', '代表']);
    expect((await all(r)).map((x) => x.fields)).toEqual([['㈱髙﨑', '①']]);
  });

  it('reads a multi-chunk file (> 1 MiB) with progress reports and bounded batches', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},"名前 ${i}, 様","備考\r\n${i}"`);
    const p = file('id,name,note\r\n' + rows.join('\r\n') + '\r\n');
    const progress: [number, number | undefined][] = [];
    const r = await readCsv(p, { encoding: 'utf-8', onProgress: (a, b) => progress.push([a, b]) });
    let count = 0;
    let batches = 0;
    let last: CsvRecord | undefined;
    for await (const b of r.batches()) {
      batches++;
      count += b.length;
      last = b[b.length - 1];
    }
    expect(count).toBe(40_000);
    expect(batches).toBeGreaterThan(1);
    expect(last?.line).toBe(2 + 39_999 * 2);
    expect(progress.length).toBeGreaterThan(1);
    const [bytes, total] = progress[progress.length - 1]!;
    expect(bytes).toBe(total);
  });

  it('empty file and blank-only file → empty_file', async () => {
    for (const content of ['', '\uFEFF', '\r\n\r\n']) {
      const e = await rejection(readCsv(file(content), { encoding: 'auto' }));
      expect(e.code).toBe('empty_file');
    }
  });

  it('missing file and directory → UsageError unreadable_file (exit 2) naming the path and reason', async () => {
    const missing = join(dir, 'nope.csv');
    const e = await rejection(readCsv(missing, { encoding: 'auto' }));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.code).toBe('unreadable_file');
    expect(e.exitCode).toBe(2);
    expect(e.msg.en).toContain(missing);
    expect(e.msg.en).toContain('no such file');
    const d = join(dir, 'adir');
    mkdirSync(d);
    expect((await rejection(readCsv(d, { encoding: 'auto' }))).code).toBe('unreadable_file');
  });

  it.skipIf(process.getuid?.() === 0)('permission denied → unreadable_file', async () => {
    const p = file('a\n');
    chmodSync(p, 0o000);
    const e = await rejection(readCsv(p, { encoding: 'auto' }));
    expect(e.code).toBe('unreadable_file');
    expect(e.msg.en).toContain('permission denied');
  });

  it('invalid Shift_JIS in a later chunk: invalid_encoding with the line reached', async () => {
    const head = iconv.encode('名前,値\r\n' + '髙橋,1\r\n'.repeat(200_000), 'cp932'); // > 1 MiB
    const bytes = Buffer.concat([head, Buffer.from([0x85, 0x40]), iconv.encode('\r\n', 'cp932')]);
    const r = await readCsv(file(bytes), { encoding: 'auto' });
    expect(r.encoding).toBe('shift_jis');
    const e = await rejection(all(r));
    expect(e.code).toBe('invalid_encoding');
    expect(e.context.line).toBe(200_002);
    expect(e.msg.en).toContain(`offset ${head.length}`);
  });

  it('unknown encoding in the first chunk', async () => {
    const e = await rejection(readCsv(file(Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a])), { encoding: 'auto' }));
    expect(e.code).toBe('unknown_encoding');
  });

  it('unclosed quote and record_too_large surface from records()', async () => {
    // Fatal errors in the first chunk reject readCsv itself; later ones reject the iteration.
    const e = await rejection(readCsv(file('h\r\na\r\n"open\r\nb\r\n'), { encoding: 'auto' }).then(all));
    expect(e).toMatchObject({ code: 'unclosed_quote', context: { line: 3 } });
    const big = 'h\r\n' + 'row,1\r\n'.repeat(300_000) + '"open\r\n' + 'x\r\n'.repeat(1000);
    const r2 = await readCsv(file(big), { encoding: 'auto', maxRecordChars: 500 });
    expect(await rejection(all(r2))).toMatchObject({ code: 'record_too_large', context: { line: 300_002 } });
  });

  it('close() releases a reader not read to the end', async () => {
    const r = await readCsv(file('h\na\nb\n'), { encoding: 'auto' });
    await r.close();
  });
});

describe('parseCsvText', () => {
  it('parses a string, BOM stripped', () => {
    expect(parseCsvText('\uFEFFa,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });
});

describe('detectDuplicateHeaders', () => {
  const nfkc = (s: string) => s.normalize('NFKC').trim();
  it('reports duplicates after normalisation, 1-based', () => {
    const problems = detectDuplicateHeaders(['氏名', '電話', '電話 ', 'メール'], nfkc, 'v.csv');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('duplicate_column');
    expect(problems[0]?.msg.en).toBe('v.csv:1: duplicate column "電話" at fields 2 and 3');
    expect(detectDuplicateHeaders(['ＩＤ', 'ID', 'x', 'ID'], nfkc)[0]?.msg.en).toBe('duplicate column "ID" at fields 1, 2 and 4');
  });
  it('ignores empty names and unique headers', () => {
    expect(detectDuplicateHeaders(['a', 'b', '', ''], nfkc)).toEqual([]);
  });
});

describe('checkFieldCount and recordProblem', () => {
  it('ragged_row names the line and both counts', () => {
    const e = checkFieldCount({ line: 17, fields: Array(14).fill('') }, 15, 'v.csv');
    expect(e?.code).toBe('ragged_row');
    expect(e?.msg.en).toContain('line 17 has 14 fields, the header has 15');
    expect(e?.context.line).toBe(17);
    expect(checkFieldCount({ line: 2, fields: ['a'] }, 1)).toBeUndefined();
  });
  it('turns an invalid_quote record into a KyodoError', () => {
    const [, rec] = parseCsvText('h,i\nx,ab"c\n');
    const e = recordProblem(rec!, 'v.csv');
    expect(e).toMatchObject({ code: 'invalid_quote', context: { file: 'v.csv', line: 2, column: '2' } });
    expect(recordProblem({ line: 1, fields: [] })).toBeUndefined();
  });
});

describe('readCsvRange: a file read in two parts cut after a line feed (split.ts)', () => {
  const cell = fc.oneof(
    fc.constantFrom('', 'a', '山田', '"q ""x"""', '"a,b"', '"two\r\nlines"', '"lf\nonly"', '"cr\ronly"', '髙橋'),
    fc.string({ maxLength: 4, unit: fc.constantFrom('x', 'あ', ' ', '1') }),
  );
  const csv = fc.tuple(
    fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
  ).map(([rows, eol, bom]) => (bom ? '\uFEFF' : '') + rows.map((r) => r.join(',')).join(eol) + eol);

  async function read(path: string, start: number, end: number | undefined, firstLine: number) {
    const r = readCsvRange(path, { encoding: 'utf-8', start, ...(end === undefined ? {} : { end }), firstLine });
    const records: CsvRecord[] = [];
    for await (const b of r.batches()) records.push(...b);
    return { records, boundary: end === undefined ? true : r.atRecordBoundary(), line: r.lineReached() };
  }

  it('where the first part ends at a record end, the two parts hold exactly the records and lines of the whole file', async () => {
    await fc.assert(fc.asyncProperty(csv, async (text) => {
      const path = file(text);
      const bytes = Buffer.from(text);
      const whole = parseCsvText(text);
      for (let cut = bytes.indexOf(10) + 1; cut > 0 && cut < bytes.length; cut = bytes.indexOf(10, cut) + 1) {
        const breaks = await lineBreaksBefore(path, cut);
        const head = await read(path, 0, cut, 1);
        if (!head.boundary) continue;
        expect(head.line).toBe(breaks + 1);
        const tail = await read(path, cut, undefined, breaks + 1);
        expect([...head.records, ...tail.records]).toEqual(whole);
      }
    }), { numRuns: 60 });
  });

  it('lineBreaksBefore counts LF, CRLF and lone CR as the tokenizer does, across its read pieces', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 40, unit: fc.constantFrom('a', '\r', '\n', 'あ', '"') }), async (text) => {
      const path = file(text);
      const n = Buffer.byteLength(text);
      for (let end = 0; end <= n; end++) {
        const prefix = Buffer.from(text).subarray(0, end);
        // A CR ending the prefix is a lone CR only if no LF follows it in the file.
        const expected = countLineBreaks(prefix.toString('latin1')) - (prefix[end - 1] === 13 && Buffer.from(text)[end] === 10 ? 1 : 0);
        expect(await lineBreaksBefore(path, end)).toBe(expected);
      }
    }), { numRuns: 40 });
  });

  it('cutAfterLineFeed: just after the first line feed from an offset, or none', async () => {
    const path = file('ab\r\ncd\nef');
    expect(await cutAfterLineFeed(path, 0)).toBe(4);
    expect(await cutAfterLineFeed(path, 4)).toBe(7);
    expect(await cutAfterLineFeed(path, 7)).toBeUndefined();
  });

  it('a part starting mid-file keeps a U+FEFF as a character and names file offsets in decoding errors', async () => {
    const path = file(Buffer.concat([Buffer.from('h\n\uFEFFx,1\n'), Buffer.from([0x61, 0xff, 0x0a])]));
    const tail = readCsvRange(path, { encoding: 'utf-8', start: 2, firstLine: 2 });
    const err = await rejection((async () => {
      const got: CsvRecord[] = [];
      for await (const b of tail.batches()) got.push(...b);
      return got;
    })());
    expect(err.message).toMatch(/offset 10 \(line 3\)/);
    const ok = readCsvRange(path, { encoding: 'utf-8', start: 2, end: 9, firstLine: 2 });
    const got: CsvRecord[] = [];
    for await (const b of ok.batches()) got.push(...b);
    expect(got).toEqual([{ line: 2, fields: ['\uFEFFx', '1'] }]);
  });
});
