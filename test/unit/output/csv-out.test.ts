import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvWriter, neutralizeFormula, toCsv } from '../../../src/io/csv-out.js';

const BOM = '\uFEFF';

/** csv-parse as the oracle: the records a standard reader sees (BOM stripped by the reader, as Excel does). */
function readBack(csv: string): string[][] {
  return parse(csv, { bom: true, relax_column_count: false }) as string[][];
}

/** What a reader that knows kyodo's `'` marker (src/roster/import.ts) makes of a cell. */
function unneutralize(s: string): string {
  return /^'[=+\-@\t\r\n＝＋－＠]/.test(s) ? s.slice(1) : s;
}

describe('neutralizeFormula', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\nx', '＝1', '＋1', '－1', '＠x'])('prefixes %j', (s) => {
    expect(neutralizeFormula(s)).toBe(`'${s}`);
  });
  it.each(['', 'abc', '田中', '1-2', "'quoted", ' =1', 'a=b'])('leaves %j alone', (s) => {
    expect(neutralizeFormula(s)).toBe(s);
  });
  it("leaves a value that already starts with ' alone (it is inert in a spreadsheet)", () => {
    expect(neutralizeFormula("'=x")).toBe("'=x");
  });
});

describe('toCsv', () => {
  it('writes BOM, header and CRLF records, quoting what needs it', () => {
    const csv = toCsv([['a,b', 'say "hi"', 'plain']], { header: ['x', 'y', 'z'] });
    expect(csv).toBe(`${BOM}x,y,z\r\n"a,b","say ""hi""",plain\r\n`);
  });

  it('quotes a cell holding a lone CR or a lone LF (csv-stringify alone does not)', () => {
    const csv = toCsv([['a\rb', 'c\nd', 'e\r\nf']], { bom: false });
    expect(csv).toBe('"a\rb","c\nd","e\r\nf"\r\n');
    expect(readBack(csv)).toEqual([['a\rb', 'c\nd', 'e\r\nf']]);
  });

  it('neutralises formula strings, including LF and full-width forms, but not numbers', () => {
    const csv = toCsv([['=HYPERLINK("x")', '\n=1', '＝１', -5, '-5', 3.5, 10n]], { bom: false });
    expect(readBack(csv)).toEqual([["'=HYPERLINK(\"x\")", "'\n=1", "'＝１", '-5', "'-5", '3.5', '10']]);
  });

  it('neutralises header cells too', () => {
    expect(toCsv([], { header: ['=cmd', 'ok'], bom: false })).toBe("'=cmd,ok\r\n");
  });

  it('can be told not to neutralise', () => {
    expect(toCsv([['=1']], { bom: false, neutralizeFormulas: false })).toBe('=1\r\n');
  });

  it('formats values: null/undefined empty, dates ISO, arrays with ;, booleans, objects as JSON', () => {
    const csv = toCsv([[null, undefined, new Date('2025-04-01'), new Date('2025-04-01T09:30:00Z'), ['手話', '介護'], true, false, { a: 1 }, Number.NaN, -Infinity, new Date('x')]], { bom: false });
    expect(readBack(csv)).toEqual([['', '', '2025-04-01', '2025-04-01T09:30:00.000Z', '手話;介護', 'true', 'false', '{"a":1}', 'NaN', "'-Infinity", '']]);
  });

  it('neutralises a joined array that starts with a formula character', () => {
    expect(readBack(toCsv([[['=x', 'y']]], { bom: false }))).toEqual([["'=x;y"]]);
  });

  it('object rows: header gives keys and order; without it, every key in first-seen order', () => {
    const rows = [{ b: 1, a: 'x' }, { a: 'y', c: true }];
    expect(toCsv(rows, { header: ['a', 'b'], bom: false })).toBe('a,b\r\nx,1\r\ny,\r\n');
    expect(toCsv(rows, { bom: false })).toBe('b,a,c\r\n1,x,\r\n,y,true\r\n');
  });

  it('object rows with labelled columns', () => {
    expect(toCsv([{ id: 'V1', name: '田中' }], { columns: [{ key: 'id', label: 'ID' }, { key: 'name', label: '氏名' }] }))
      .toBe(`${BOM}ID,氏名\r\nV1,田中\r\n`);
  });

  it('keeps leading zeros and Japanese text as they are', () => {
    const csv = toCsv([['00123', '特定非営利活動法人 ㈱髙﨑①']], { header: ['id', 'name'] });
    expect(csv.startsWith(BOM)).toBe(true);
    expect(readBack(csv)).toEqual([['id', 'name'], ['00123', '特定非営利活動法人 ㈱髙﨑①']]);
  });

  it('an empty table without header is just the BOM', () => {
    expect(toCsv([])).toBe(BOM);
  });
});

/** Strings made of the characters that break CSV writers, plus Japanese and plain text. */
const nasty = fc.array(
  fc.oneof(
    fc.constantFrom('"', ',', '\r', '\n', '\r\n', '=', '+', '-', '@', '\t', '＝', '＋', '－', '＠', "'", ' ', ';', '\uFEFF'),
    fc.constantFrom('田中', '髙﨑', '①', 'ボランティア', 'NPO', '0', '090-1234-5678'),
    fc.string({ maxLength: 4 }),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  ),
  { maxLength: 6 },
).map((parts) => parts.join(''));

describe('toCsv round trip through csv-parse (property)', () => {
  it('any table of strings parses back to itself, modulo the neutralising quote and the BOM', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(nasty, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (width, table) => {
        const rows = table.map((r) => r.slice(0, width));
        const csv = toCsv(rows);
        expect(csv.startsWith(BOM)).toBe(true);
        expect(csv.endsWith('\r\n')).toBe(true);
        const back = readBack(csv);
        // Exactly the neutralised table…
        expect(back).toEqual(rows.map((r) => r.map(neutralizeFormula)));
        // …which is the original once the marker is stripped (except a value the user
        // wrote as '= himself: a reader cannot tell it from a neutralised one).
        back.forEach((r, i) => r.forEach((c, j) => {
          const original = rows[i]?.[j] ?? '';
          if (!/^'[=+\-@\t\r\n＝＋－＠]/.test(original)) expect(unneutralize(c)).toBe(original);
        }));
        // No parsed cell can start a formula.
        for (const r of back) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r\n＝＋－＠]/);
      }),
      { numRuns: 500 },
    );
  });

  it('with neutralisation off, the table parses back exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.array(nasty, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (rows) => {
        expect(readBack(toCsv(rows, { neutralizeFormulas: false }))).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('the streaming writer produces the same bytes as toCsv, whatever the batch size', () => {
    fc.assert(
      fc.property(fc.array(fc.array(nasty, { minLength: 3, maxLength: 3 }), { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), (rows, batchRows) => {
        const header = ['a', 'b', 'c'];
        let out = '';
        const w = createCsvWriter({ write: (s) => { out += s; } }, { header, batchRows });
        for (const r of rows) w.write(r);
        w.end();
        expect(out).toBe(toCsv(rows, { header }));
        expect(w.rows).toBe(rows.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('createCsvWriter', () => {
  it('writes in batches and flushes the rest on end', () => {
    const chunks: string[] = [];
    const w = createCsvWriter({ write: (s) => chunks.push(s) }, { header: ['n'], batchRows: 2, bom: false });
    for (let i = 0; i < 5; i++) w.write([i]);
    expect(chunks).toEqual(['n\r\n', '0\r\n1\r\n', '2\r\n3\r\n']);
    w.end();
    w.end();
    expect(chunks.join('')).toBe('n\r\n0\r\n1\r\n2\r\n3\r\n4\r\n');
    expect(() => w.write([5])).toThrow();
  });

  it('object rows without a header use the keys of the first row', () => {
    let out = '';
    const w = createCsvWriter({ write: (s) => { out += s; } }, { bom: false });
    w.write({ id: 'V1', hours: 2 });
    w.write({ id: 'V2', hours: 3, extra: 'ignored' });
    w.end();
    expect(out).toBe('id,hours\r\nV1,2\r\nV2,3\r\n');
  });

  it('no rows: BOM and header only', () => {
    let out = '';
    const w = createCsvWriter({ write: (s) => { out += s; } }, { header: ['a'] });
    w.end();
    expect(out).toBe(`${BOM}a\r\n`);
  });
});
