import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
// The width function cli-table3 pads with: the oracle for "the table lines up".
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, formatJson, processIo, renderRows, terminalSafe, truncateToWidth, type Io } from '../../../src/cli/output.js';

const rows = [
  { id: 'V001', name: '田中 太郎', skills: ['手話', '介護'], hours: 12.5, note: null },
  { id: 'V002', name: 'Smith', skills: [], hours: 3, note: '＝注意' },
  { id: 'V003', name: 'ｶﾀｶﾅ半角', skills: ['IT'], hours: -1, note: 'ok' },
];
const columns = [{ key: 'id', label: 'ID' }, { key: 'name', label: '氏名' }, { key: 'skills' }, { key: 'hours', label: '時間' }, { key: 'note' }];

/** Display columns at which each line has a border character. */
function borderColumns(line: string): number[] {
  const cols: number[] = [];
  let w = 0;
  for (const ch of line.replace(/\u001b\[[0-9;]*m/g, '')) {
    if ('│┌┐└┘├┤┬┴┼'.includes(ch)) cols.push(w);
    w += stringWidth(ch);
  }
  return cols;
}

function expectAligned(table: string): void {
  const lines = table.trimEnd().split('\n');
  const widths = lines.map((l) => stringWidth(l));
  expect(new Set(widths).size, table).toBe(1);
  expect(new Set(lines.map((l) => displayWidth(l.replace(/\u001b\[[0-9;]*m/g, '')))).size, table).toBe(1);
  const first = borderColumns(lines[0] ?? '');
  for (const l of lines) expect(borderColumns(l), table).toEqual(first);
}

describe('renderRows table', () => {
  it('lines up with Japanese full-width text (width 2) and half-width kana (width 1)', () => {
    const t = renderRows(rows, columns, 'table', { color: false });
    expect(t).toContain('田中 太郎');
    expect(t).toContain('手話;介護');
    expectAligned(t);
    expect(t.endsWith('\n')).toBe(true);
  });

  it('exact layout of a small Japanese table', () => {
    const t = renderRows([{ a: '東京', b: 1 }, { a: 'x', b: 100 }], [{ key: 'a', label: '区' }, { key: 'b' }], 'table', { color: false });
    expect(t).toBe([
      '┌──────┬─────┐',
      '│ 区   │ b   │',
      '├──────┼─────┤',
      '│ 東京 │   1 │',
      '├──────┼─────┤',
      '│ x    │ 100 │',
      '└──────┴─────┘',
      '',
    ].join('\n'));
  });

  it('no ANSI codes without colour; a bold header with colour', () => {
    const plain = renderRows(rows, columns, 'table', { color: false });
    expect(plain).not.toMatch(/\u001b\[/);
    const coloured = renderRows(rows, columns, 'table', { color: true });
    expect(coloured).toMatch(/\u001b\[1m/);
    expectAligned(coloured);
  });

  it('cuts very long cells with …, counting full-width characters as 2', () => {
    const long = [{ t: 'あ'.repeat(100) }, { t: 'a'.repeat(100) }];
    const t = renderRows(long, [{ key: 't' }], 'table', { color: false, maxCellWidth: 11 });
    expect(t).toContain(`│ ${'あ'.repeat(5)}… │`);
    expect(t).toContain(`│ ${'a'.repeat(10)}… │`);
    expectAligned(t);
  });

  it('line breaks, tabs and escape sequences in data cannot break the table or drive the terminal', () => {
    const t = renderRows([{ v: 'a\r\nb\rc\nd\te' }, { v: '\u001b[31mred\u001b[0m' }, { v: 'abc\u202edef' }], [{ key: 'v' }], 'table', { color: false });
    expect(t).toContain('a↵b↵c↵d e');
    expect(t).not.toContain('\u001b');
    expect(t).toContain('\\x1b[31mred');
    expect(t).toContain('abc\\u202edef');
    expect(t.trimEnd().split('\n')).toHaveLength(9); // one line per row: top, head, 3 × (rule, row), bottom
    expectAligned(t);
  });

  it('random tables of mixed-width text always line up (property)', () => {
    const cell = fc.array(fc.constantFrom('a', '1', '田', 'ア', 'ｱ', '①', '㈱', 'Ａ', ' ', '-', 'é', '\n', '\u3000'), { maxLength: 30 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 5 }), fc.integer({ min: 4, max: 20 }), (pairs, max) => {
        const t = renderRows(pairs.map(([x, y]) => ({ x, y })), [{ key: 'x', label: '列' }, { key: 'y' }], 'table', { color: false, maxCellWidth: max });
        expectAligned(t);
        for (const line of t.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(2 * (max + 2) + 3);
      }),
      { numRuns: 200 },
    );
  });

  it('an empty result still shows the header', () => {
    const t = renderRows([], columns, 'table', { color: false });
    expect(t).toContain('氏名');
    expectAligned(t);
  });
});

describe('renderRows json', () => {
  it('an array of rows with exactly the columns, in column order, missing as null', () => {
    const out = renderRows([{ b: 2, a: 1, secret: 'x' }, { a: 3 }], [{ key: 'a', label: 'A!' }, { key: 'b' }], 'json');
    expect(out).toBe('[\n  {\n    "a": 1,\n    "b": 2\n  },\n  {\n    "a": 3,\n    "b": null\n  }\n]\n');
    expect(Object.keys(JSON.parse(out)[0])).toEqual(['a', 'b']);
  });
});

describe('renderRows csv', () => {
  it('labels in the header, BOM, CRLF, arrays joined, formulas neutralised, numbers kept', () => {
    const out = renderRows(rows, columns, 'csv');
    expect(out.startsWith('\uFEFFID,氏名,skills,時間,note\r\n')).toBe(true);
    expect(parse(out, { bom: true })).toEqual([
      ['ID', '氏名', 'skills', '時間', 'note'],
      ['V001', '田中 太郎', '手話;介護', '12.5', ''],
      ['V002', 'Smith', '', '3', "'＝注意"],
      ['V003', 'ｶﾀｶﾅ半角', 'IT', '-1', 'ok'],
    ]);
  });

  it('bom can be turned off', () => {
    expect(renderRows([{ a: 1 }], [{ key: 'a' }], 'csv', { bom: false })).toBe('a\r\n1\r\n');
  });
});

describe('formatJson', () => {
  it('two-space indentation, final newline, key order as given', () => {
    expect(formatJson({ z: 1, a: [1, 'x'], m: { y: null, b: true } })).toBe(
      '{\n  "z": 1,\n  "a": [\n    1,\n    "x"\n  ],\n  "m": {\n    "y": null,\n    "b": true\n  }\n}\n',
    );
  });

  it('calendar dates as YYYY-MM-DD, timestamps as full ISO, bigints as numbers', () => {
    const doc = JSON.parse(formatJson({ d: new Date('2025-04-01'), t: new Date('2025-04-01T09:00:00Z'), bad: new Date('x'), n: 12n, big: 2n ** 64n }));
    expect(doc).toEqual({ d: '2025-04-01', t: '2025-04-01T09:00:00.000Z', bad: null, n: 12, big: '18446744073709551616' });
  });

  it('undefined document is null', () => {
    expect(formatJson(undefined)).toBe('null\n');
  });
});

describe('helpers', () => {
  it('displayWidth counts East Asian wide characters as 2, like string-width', () => {
    for (const s of ['abc', '田中', 'ｶﾀｶﾅ', 'ＡＢＣ', '①㈱髙﨑', 'e\u0301', '　', '😀', '🇯🇵']) expect(displayWidth(s), s).toBe(stringWidth(s));
  });

  it('truncateToWidth never exceeds the width and never splits a surrogate pair', () => {
    expect(truncateToWidth('abc', 3)).toBe('abc');
    expect(truncateToWidth('abcd', 3)).toBe('ab…');
    expect(truncateToWidth('田中太郎', 6)).toBe('田中…');
    expect(truncateToWidth('田中太郎', 5)).toBe('田中…');
    expect(truncateToWidth('𠮷𠮷𠮷', 4)).toBe('𠮷…');
  });

  it('terminalSafe', () => {
    expect(terminalSafe('a\u0007b\u007f')).toBe('a\\x07b\\x7f');
  });
});

describe('Io', () => {
  it('processIo is the real process', () => {
    const io = processIo();
    expect(io.stdout.stream).toBe(process.stdout);
    expect(io.stderr.stream).toBe(process.stderr);
    expect(io.stdout.isTTY).toBe(process.stdout.isTTY);
    expect(io.env).toBe(process.env);
    expect(io.stdin).toBe(process.stdin);
  });

  it('a test Io captures output in-process', () => {
    let out = '';
    const io: Io = { stdout: { write: (s) => { out += s; } }, stderr: { write: () => {} }, env: {}, stdin: new PassThrough() };
    io.stdout.write(renderRows([{ a: 1 }], [{ key: 'a' }], 'json'));
    expect(JSON.parse(out)).toEqual([{ a: 1 }]);
  });
});
