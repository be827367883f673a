import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase, type Db } from '../../../src/db/open.js';
import { KEY_SEPARATOR, NO_HASH, RETIRED, countRecords, keyAt, loadRawHashes } from '../../../src/roster/store.js';
import { KeyTable } from '../../../src/roster/key-table.js';

/** What loadRawHashes must return: every stored key, one row at a time. */
function reference(db: Db, table: string, keyCols: string[]): Map<string, number> {
  const rows = db.prepare(`SELECT ${keyCols.map((c) => `"${c}"`).join(', ')}, raw_hash, retired_run FROM "${table}"`).raw(true).all() as unknown[][];
  return new Map(rows.map((r) => [r.slice(0, keyCols.length).join(KEY_SEPARATOR),
    r[keyCols.length + 1] !== null ? RETIRED : ((r[keyCols.length] as number | null) ?? NO_HASH)]));
}

const loaded = (db: Db, table: string, keyCols: string[], pageRows?: number) => new Map(loadRawHashes(db, table, keyCols, { pageRows }).entries());

describe('loadRawHashes', () => {
  it('reads every key and hash, whatever characters the keys hold and however the ranges fall', () => {
    // Keys as an import may store them: any text (NUL, commas, digits, kana, surrogate pairs); hashes up to 2^53.
    const key = fc.string({ minLength: 1, maxLength: 8, unit: fc.oneof(fc.constantFrom('0', '9', ',', '-', '\u0000', '\u001f', 'ア', '髙', '𠮷', 'é'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) });
    const hash = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 2 ** 53 - 1 }));
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(key, hash, fc.boolean()), { selector: (r) => r[0], maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (rows, page) => {
      const db = openDatabase(':memory:');
      const insert = db.prepare(`INSERT INTO volunteers (volunteer_id, raw_hash, retired_run, created_run, updated_run) VALUES (?, ?, ?, 1, 1)`);
      for (const [k, h, retired] of rows) insert.run(k, h, retired ? 1 : null);
      expect(loaded(db, 'volunteers', ['volunteer_id'], page)).toEqual(reference(db, 'volunteers', ['volunteer_id']));
      db.close();
    }));
  });

  it('pages through composite keys, integer key columns included', () => {
    const db = openDatabase(':memory:');
    const fin = db.prepare(`INSERT INTO financials (org_id, fy, raw_hash, created_run, updated_run) VALUES (?, ?, ?, 1, 1)`);
    const fac = db.prepare(`INSERT INTO facilities (facility_id, room, name, raw_hash, created_run, updated_run) VALUES (?, ?, 'x', ?, 1, 1)`);
    for (let i = 0; i < 50; i++) {
      fin.run(`N${i % 7}`, 2000 + i, i * 1_000_003);
      fac.run(`F${i % 5}`, i < 5 ? '' : `会議室${i}`, i);
    }
    for (const page of [1, 4, 49, 50, 51, 65_536]) {
      expect(loaded(db, 'financials', ['org_id', 'fy'], page)).toEqual(reference(db, 'financials', ['org_id', 'fy']));
      expect(loaded(db, 'facilities', ['facility_id', 'room'], page)).toEqual(reference(db, 'facilities', ['facility_id', 'room']));
    }
    expect(loadRawHashes(db, 'volunteers', ['volunteer_id']).size).toBe(0);
    db.close();
  });

  it('two key ranges split at keyAt make up the whole table, in one table or moved over from another', () => {
    const db = openDatabase(':memory:');
    const fac = db.prepare(`INSERT INTO facilities (facility_id, room, name, raw_hash, created_run, updated_run) VALUES (?, ?, 'x', ?, 1, 1)`);
    for (let i = 0; i < 40; i++) fac.run(`F${i % 6}`, `室${i}`, i);
    const whole = reference(db, 'facilities', ['facility_id', 'room']);
    for (const before of [0, 1, 19, 38, 39]) {
      const split = keyAt(db, 'facilities', ['facility_id', 'room'], before)!;
      for (const pageRows of [1, 3, 100]) {
        const low = loadRawHashes(db, 'facilities', ['facility_id', 'room'], { range: { through: split }, pageRows, into: new KeyTable() });
        expect(low.size).toBe(before + 1);
        const all = loadRawHashes(db, 'facilities', ['facility_id', 'room'], { range: { after: split }, pageRows, into: new KeyTable(countRecords(db, 'facilities')) });
        all.absorb(low.parts());
        expect(new Map(all.entries())).toEqual(whole);
        for (const key of whole.keys()) expect(all.get(key)).toBe(whole.get(key));
      }
    }
    expect(keyAt(db, 'facilities', ['facility_id', 'room'], 40)).toBeUndefined();
    db.close();
  });
});
