import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readYaml } from '../../src/io/yaml.js';
import { lintCriteria } from '../../src/selection/criteria.js';
import { kyodo, tempDir } from '../helpers/cli.js';

// issue 9 point 14: a "billion laughs" file in any YAML kyodo reads (criteria, KPI definitions,
// matching template, --mapping) is an input error naming the file (exit 1), never a bug trace.

/** Nine levels of nine aliases each: 9^9 strings once expanded. */
function billionLaughs(top: string): string {
  const lines = [`${top}`, '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1]!;
    lines.push(`  ${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let db: string;
const k = (...args: string[]) => kyodo(['--db', db, ...args]);

beforeAll(() => {
  dir = tempDir();
  db = join(dir, 'kyodo.db');
  expect(k('init').code).toBe(0);
});

function expectInputError(r: ReturnType<typeof k>, file: string): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(/too many aliases \(\*name\) from line \d+: expanding them would exceed 100 copies/);
  expect(r.stderr).not.toMatch(/bug|\n\s+at |ReferenceError/);
}

describe('a YAML bomb is refused by every reader', () => {
  it('criteria: select lint lists it as an error with its line; select open refuses it', () => {
    const file = join(dir, 'criteria.yaml');
    writeFileSync(file, billionLaughs('title: 爆弾\nbomb:'));
    const lint = k('select', 'lint', file);
    expect(lint.code).toBe(1);
    expect(lint.stderr).toContain(`${file}:4: error [yaml_aliases] too many aliases (*name) from line 4`);
    expect(lint.stderr).not.toMatch(/bug|\n\s+at /);
    const open = k('--json', 'select', 'open', '--criteria', file, '--call', 'C1');
    expect(open.code).toBe(1);
    expect(open.json().error).toMatchObject({ code: 'invalid_criteria', problems: [{ code: 'yaml_aliases', file, line: 4 }] });
    expect(k('--json', 'list', 'applications').json().rows).toEqual([]);
  });

  it('KPI definitions: report kpi --targets (a file, or a directory holding it)', () => {
    const sub = join(dir, 'kpi');
    mkdirSync(sub);
    const file = join(sub, 'bomb.yaml');
    writeFileSync(file, billionLaughs('indicators: []\nbomb:'));
    expectInputError(k('report', 'kpi', '--fy', '2025', '--targets', file), file);
    expectInputError(k('report', 'kpi', '--fy', '2025', '--targets', sub), file);
    const ja = k('--lang', 'ja', '--json', 'report', 'kpi', '--fy', '2025', '--targets', file);
    expect(ja.json().error).toMatchObject({
      code: 'invalid_kpi', file, line: 4,
      message: `${file}: 4行目からの別名（*名前）の参照が多すぎるため読み込みを中止しました（展開が 100 回を超えます）。値を直接書いてください`,
    });
  });

  it('matching template: match volunteers --template', () => {
    const file = join(dir, 'template.yaml');
    writeFileSync(file, billionLaughs('weights:'));
    const r = k('match', 'volunteers', '--template', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/Excessive alias count|too many aliases/);
    expect(r.stderr).not.toMatch(/bug|\n\s+at /);
  });

  it('column mapping: import --mapping', () => {
    const file = join(dir, 'mapping.yaml');
    writeFileSync(file, billionLaughs('columns:'));
    const csv = join(dir, 'vol.csv');
    writeFileSync(csv, 'ボランティアID,氏名\nV1,山田\n');
    const r = k('import', 'volunteers', csv, '--mapping', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/Excessive alias count|too many aliases/);
    expect(r.stderr).not.toMatch(/bug|\n\s+at /);
    expect(k('--json', 'list', 'volunteers').json().rows).toEqual([]);
  });
});

describe('src/io/yaml.ts', () => {
  it('a few aliases are fine; a syntax error names line and column; deep nesting is refused, not a crash', () => {
    expect(readYaml('a: &x [1, 2]\nb: *x\nc: *x\n')).toMatchObject({ problems: [], value: { a: [1, 2], b: [1, 2], c: [1, 2] } });
    const bad = readYaml('a: [1, 2\nb: 3\n');
    expect(bad.value).toBeUndefined();
    expect(bad.problems[0]).toMatchObject({ code: 'yaml_syntax', line: expect.any(Number), column: expect.any(Number) });
    expect(bad.problems[0]!.message.ja).toMatch(/^\d+行\d+列目の YAML の書き方に誤りがあります/);
    const deep = readYaml(`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(deep.problems.length).toBeGreaterThan(0);
    expect(deep.value).toBeUndefined();
  });

  it('lintCriteria reports a bomb as one error and nothing else', () => {
    const r = lintCriteria(billionLaughs('bomb:'), 'c.yaml');
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['yaml_aliases', 3]]);
    expect(r.criteria).toBeUndefined();
  });
});
