import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KyodoError } from '../../../src/errors.js';
import { CsvTokenizer, tokenizeString, type CsvRecord, type TokenizerOptions } from '../../../src/csv/tokenizer.js';

/** Tokenize `text` fed in the given chunk sizes (cycled). */
function chunked(text: string, sizes: number[], opts: TokenizerOptions = {}): CsvRecord[] {
  const t = new CsvTokenizer(opts);
  const out: CsvRecord[] = [];
  let i = 0;
  let k = 0;
  while (i < text.length) {
    const n = Math.max(1, sizes[k++ % sizes.length] ?? 1);
    out.push(...t.push(text.slice(i, i + n)));
    i += n;
  }
  out.push(...t.end());
  return out;
}

/** Every way to feed it: whole, 1-char chunks, 2- and 3-char chunks. */
function allWays(text: string, opts: TokenizerOptions = {}): CsvRecord[] {
  const whole = tokenizeString(text, opts);
  for (const sizes of [[1], [2], [3], [1, 4, 2]]) expect(chunked(text, sizes, opts)).toEqual(whole);
  return whole;
}

const simple = (recs: CsvRecord[]) => recs.map((r) => [r.line, ...r.fields]);

function thrown(f: () => unknown): KyodoError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KyodoError);
    return e as KyodoError;
  }
  throw new Error('did not throw');
}

describe('CsvTokenizer: records and lines', () => {
  it('splits fields and records, LF / CRLF / CR', () => {
    expect(simple(allWays('a,b\nc,d\r\ne,f\rg,h'))).toEqual([
      [1, 'a', 'b'],
      [2, 'c', 'd'],
      [3, 'e', 'f'],
      [4, 'g', 'h'],
    ]);
  });

  it('a trailing line break at EOF makes no empty record; empty fields are kept', () => {
    expect(simple(allWays('a,,\r\n,b,\r\n'))).toEqual([
      [1, 'a', '', ''],
      [2, '', 'b', ''],
    ]);
    expect(simple(allWays('a,\n'))).toEqual([[1, 'a', '']]);
    expect(simple(allWays('a,'))).toEqual([[1, 'a', '']]);
  });

  it('skips fully empty lines but counts them', () => {
    expect(simple(allWays('\n\r\nh\n\n\r\r\nx\n\n'))).toEqual([
      [3, 'h'],
      [7, 'x'],
    ]);
    expect(allWays('')).toEqual([]);
    expect(allWays('\r\n\n')).toEqual([]);
  });

  it('a line of only "" is a record with one empty field; spaces are data', () => {
    expect(simple(allWays('""\n \n'))).toEqual([
      [1, ''],
      [2, ' '],
    ]);
  });

  it('embedded CRLF, LF and lone CR in quoted fields shift later lines', () => {
    const text = 'h1,h2\r\n"a\r\nb",x\r\n"c\rd\ne",y\r\nz,"\r\n"\r\nlast,1\r\n';
    const recs = allWays(text);
    expect(simple(recs)).toEqual([
      [1, 'h1', 'h2'],
      [2, 'a\r\nb', 'x'],
      [4, 'c\rd\ne', 'y'],
      [7, 'z', '\r\n'],
      [9, 'last', '1'],
    ]);
  });

  it('unescapes doubled quotes only inside quoted fields', () => {
    expect(simple(allWays('"say ""hi""",""""\n"a,b","""x"""\n'))).toEqual([
      [1, 'say "hi"', '"'],
      [2, 'a,b', '"x"'],
    ]);
  });

  it('strips a BOM at the very start only', () => {
    expect(simple(allWays('\uFEFF氏名,電話\n\uFEFFx,1\n'))).toEqual([
      [1, '氏名', '電話'],
      [2, '\uFEFFx', '1'],
    ]);
    const t = new CsvTokenizer();
    expect(t.push('')).toEqual([]);
    expect([...t.push('\uFEFFa\n'), ...t.end()].map((r) => r.fields)).toEqual([['a']]);
  });

  it('passes NUL and control characters through unchanged', () => {
    expect(simple(allWays('a\u0000b,"\u0000\u0001"\n\u0007,x\n'))).toEqual([
      [1, 'a\u0000b', '\u0000\u0001'],
      [2, '\u0007', 'x'],
    ]);
  });

  it('keeps Japanese and surrogate pairs intact across 1-char chunks', () => {
    expect(simple(allWays('氏名,"髙﨑 ①㈱, 𠮷野家"\n'))).toEqual([[1, '氏名', '髙﨑 ①㈱, 𠮷野家']]);
  });

  it('chunk boundaries: between CR and LF, inside "" , right after a closing quote', () => {
    const t = new CsvTokenizer();
    const out = [
      ...t.push('a,"x""'),
      ...t.push('y"\r'),
      ...t.push('\nb,"q"'),
      ...t.push('\r'),
      ...t.push('\nc'),
      ...t.end(),
    ];
    expect(simple(out)).toEqual([
      [1, 'a', 'x"y'],
      [2, 'b', 'q'],
      [3, 'c'],
    ]);
  });

  it('lineReached counts the text pushed so far', () => {
    const t = new CsvTokenizer();
    t.push('a\nb\n"c\r\nd');
    expect(t.lineReached()).toBe(4);
  });
});

describe('CsvTokenizer: strictness', () => {
  it('unclosed quote at EOF names the line and field where it opened', () => {
    for (const feed of [(s: string) => tokenizeString(s, { file: 'v.csv' }), (s: string) => chunked(s, [1], { file: 'v.csv' })]) {
      const e = thrown(() => feed('h1,h2\r\na,b\r\n"x\r\ny",ok\r\nc,"never closed\r\nmore,rows\r\n'));
      expect(e.code).toBe('unclosed_quote');
      expect(e.context).toMatchObject({ file: 'v.csv', line: 5, column: '2' });
      expect(e.msg.en).toContain('v.csv:5');
      expect(e.exitCode).toBe(1);
    }
  });

  it('record_too_large: a runaway quote mid-file is stopped at maxRecordChars, naming where it opened', () => {
    const body = 'a,b\n' + 'c,"runaway\n' + 'x,y\n'.repeat(200);
    for (const sizes of [[7], [1000]]) {
      const e = thrown(() => chunked(body, sizes, { maxRecordChars: 100 }));
      expect(e.code).toBe('record_too_large');
      expect(e.context.line).toBe(2);
      expect(e.context.column).toBe('2');
      expect(e.msg.en).toContain('line 2');
    }
    // A long but well-formed record within the limit passes; one over it fails.
    const big = 'x'.repeat(5000);
    expect(tokenizeString(`h\n"${big}"\n`, { maxRecordChars: 6000 })[1]?.fields[0]).toBe(big);
    expect(thrown(() => tokenizeString(`h\n${big}\n`, { maxRecordChars: 4000 })).code).toBe('record_too_large');
    expect(thrown(() => chunked(`h\n${big},${big}\n`, [100], { maxRecordChars: 4000 })).context.line).toBe(2);
  });

  it('default limit is 1 MiB: a 2 MiB field fails, a 0.9 MiB field passes', () => {
    const ok = 'あ'.repeat(900_000);
    expect(tokenizeString(`"${ok}"\n`)[0]?.fields[0]?.length).toBe(900_000);
    expect(thrown(() => chunked(`h\n"${'x'.repeat(2 << 20)}`, [1 << 16])).code).toBe('record_too_large');
  });

  it('invalid quotes flag only their record; the following records are intact', () => {
    const text = 'h1,h2,h3\r\nab"c,2,3\r\n"abc"x,"y""",z\r\nok,1,2\r\n"a"b"c,"multi\r\nline",w\r\nnext,"q",r\r\n';
    const recs = allWays(text);
    expect(recs.map((r) => [r.line, r.fields, r.error?.column, r.error?.line])).toEqual([
      [1, ['h1', 'h2', 'h3'], undefined, undefined],
      [2, ['ab"c', '2', '3'], 1, 2],
      [3, ['"abc"x', 'y"', 'z'], 1, 3],
      [4, ['ok', '1', '2'], undefined, undefined],
      [5, ['"a"b"c', 'multi\r\nline', 'w'], 1, 5],
      [7, ['next', 'q', 'r'], undefined, undefined],
    ]);
    expect(recs[1]?.error?.code).toBe('invalid_quote');
    expect(recs[1]?.error?.reason.en).toMatch(/quote/);
  });

  it('invalid quote after an embedded line break reports the physical line of the bad character', () => {
    const recs = allWays('a,"x\ny"z,b\nc\n');
    expect(recs[0]).toMatchObject({ line: 1, fields: ['a', '"x\ny"z', 'b'], error: { column: 2, line: 2 } });
    expect(recs[1]).toMatchObject({ line: 3, fields: ['c'] });
  });

  it('a stray quote never swallows later rows (csv-parse relax_quotes did)', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},name${i}`);
    rows[10] = '10,O"Brien';
    const recs = allWays(rows.join('\n') + '\n');
    expect(recs).toHaveLength(50);
    expect(recs.filter((r) => r.error).map((r) => r.line)).toEqual([11]);
    expect(recs[49]).toEqual({ line: 50, fields: ['49', 'name49'] });
  });

  it('push after end is a bug', () => {
    const t = new CsvTokenizer();
    t.end();
    expect(() => t.push('a')).toThrow();
  });
});

// ---------- property tests ----------

const cellChars = fc.constantFrom('a', 'b', ' ', ',', '"', '\r', '\n', '\r\n', '氏', '名', '髙', '①', '\u0000', '𠮷', 'ｶ');
const cell = fc.array(cellChars, { maxLength: 8 }).map((a) => a.join(''));
const table = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 }))
  .chain(([cols, rows]) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));

/** RFC 4180 serialisation; quotes every cell that needs it, plus some that do not. */
function serialise(rows: string[][], eol: string, quoteAll: boolean): { text: string; lines: number[] } {
  let text = '';
  let line = 1;
  const lines: number[] = [];
  for (const row of rows) {
    lines.push(line);
    // A single empty cell must be quoted or it would be an (ignored) empty line.
    const cells = row.map((c) =>
      quoteAll || /[",\r\n]/.test(c) || (row.length === 1 && c === '') ? `"${c.replaceAll('"', '""')}"` : c,
    );
    const rec = cells.join(',');
    text += rec + eol;
    line += countBreaks(rec) + 1;
  }
  return { text, lines };
}
function countBreaks(s: string): number {
  return (s.match(/\r\n|\r|\n/g) ?? []).length;
}

describe('property: RFC 4180 round trip with random chunking', () => {
  it('gives back the table and the start lines', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (rows, eol, quoteAll, sizes, dropLastEol) => {
          const { text, lines } = serialise(rows, eol, quoteAll);
          const input = dropLastEol ? text.slice(0, text.length - eol.length) : text;
          const recs = chunked(input, sizes);
          expect(recs.map((r) => r.fields)).toEqual(rows);
          expect(recs.map((r) => r.line)).toEqual(lines);
          expect(recs.every((r) => r.error === undefined)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('property: agrees with csv-parse (the oracle) on well-formed input', () => {
  it('same records; start line = csv-parse end line minus the breaks inside the record', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\r\n', '\n'), fc.boolean(), (rows, eol, bom) => {
        const { text } = serialise(rows, eol, false);
        const input = (bom ? '\uFEFF' : '') + text;
        const oracle = parse(input, { bom: true, info: true, skip_empty_lines: false, relax_column_count: true }) as {
          record: string[];
          info: { lines: number };
        }[];
        const ours = tokenizeString(input);
        expect(ours.map((r) => r.fields)).toEqual(oracle.map((o) => o.record));
        // With a single line-break style csv-parse's end line is exact: our start line + breaks inside the record.
        if (eol === '\n' && !/\r/.test(text)) {
          ours.forEach((r, i) => {
            const inside = r.fields.reduce((n, f) => n + countBreaks(f), 0);
            expect(r.line + inside).toBe(oracle[i]?.info.lines);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with csv-parse that malformed quoting is an error', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '"', ',', '\n', 'x'), { maxLength: 14 }), (chars) => {
        const input = chars.join('');
        let oracleFails = false;
        try {
          parse(input, { relax_column_count: true });
        } catch {
          oracleFails = true;
        }
        let oursFails = false;
        try {
          oursFails = tokenizeString(input).some((r) => r.error !== undefined);
        } catch {
          oursFails = true;
        }
        expect(oursFails).toBe(oracleFails);
      }),
      { numRuns: 1000 },
    );
  });
});
