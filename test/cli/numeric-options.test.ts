import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePositive, positiveNumber } from '../../src/cli/options.js';
import { KyodoError } from '../../src/errors.js';
import { kyodo, tempDir } from '../helpers/cli.js';

// issue 9 point 14: `--limit 99999999999999999999` reached SQLite as 1e20 ("datatype mismatch", a bug trace).
// Every numeric option refuses an absurd value as a usage error naming the option and the value.

const ABSURD = ['99999999999999999999', '1e400', '-1', '1.5', 'abc', '0', '', 'Infinity', '0x10'];

describe('numeric option parsers', () => {
  it('parsePositive takes whole numbers from 1 to MAX_SAFE_INTEGER, full-width digits too', () => {
    expect(parsePositive('1')).toBe(1);
    expect(parsePositive('１２')).toBe(12);
    expect(parsePositive(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const v of [...ABSURD, String(Number.MAX_SAFE_INTEGER + 1)]) {
      expect(() => parsePositive(v), v).toThrow(KyodoError);
    }
  });

  it('names the option when commander calls it (as a method of the Option)', () => {
    try {
      parsePositive.call({ long: '--limit' }, '99999999999999999999');
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_number', exitCode: 2 });
      expect((err as KyodoError).msg).toEqual({
        en: '--limit "99999999999999999999": too large (at most 9007199254740991)',
        ja: '--limit の「99999999999999999999」: 大きすぎます（最大 9007199254740991）',
      });
    }
  });

  it('positiveNumber takes decimals above 0 up to its maximum', () => {
    const gap = positiveNumber(1000);
    expect(gap('1.5')).toBe(1.5);
    expect(gap('２')).toBe(2);
    for (const v of [...ABSURD.filter((x) => x !== '1.5'), '1001', 'NaN']) expect(() => gap(v), v).toThrow(KyodoError);
  });
});

describe('absurd values on the command line', () => {
  let db: string;
  beforeAll(() => {
    db = join(tempDir(), 'kyodo.db');
    expect(kyodo(['--db', db, 'init']).code).toBe(0);
  });

  const cases: [string[], string][] = [
    [['list', 'orgs', '--limit'], '--limit'],
    [['imports', '--limit'], '--limit'],
    [['audit', '--limit'], '--limit'],
    [['select', 'evaluations', 'P1', '--gap'], '--gap'],
    [['matches', 'complete', '1', '--hours'], '--hours'],
  ];
  for (const [args, option] of cases) {
    it(`${args.slice(0, -1).join(' ')} ${option}: usage error (exit 2) naming ${option} and the value, no trace`, () => {
      for (const v of ['99999999999999999999', '1e400', '-1', 'abc']) {
        const r = kyodo(['--db', db, ...args, v]);
        expect(r.code, `${option} ${v}`).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^error: ${option} "${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": `));
        expect(r.stderr).not.toMatch(/bug|\n\s+at /);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
      const json = kyodo(['--db', db, '--json', ...args, '99999999999999999999']);
      expect(json.code).toBe(2);
      expect(json.json().error).toMatchObject({ code: 'invalid_number' });
    });
  }

  it('a match ID beyond a safe whole number is refused, not read as another number', () => {
    for (const args of [['matches', 'accept', '99999999999999999999'], ['matches', 'list', '--run', '99999999999999999999'], ['matches', 'decline', '1e3']]) {
      const r = kyodo(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/is not a match ID/);
    }
  });

  it('the largest whole number still works as --limit', () => {
    const r = kyodo(['--db', db, '--json', 'list', 'orgs', '--limit', String(Number.MAX_SAFE_INTEGER)]);
    expect(r.code).toBe(0);
    expect(r.json().rows).toEqual([]);
  });
});
