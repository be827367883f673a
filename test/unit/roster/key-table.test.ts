import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyTable } from '../../../src/roster/key-table.js';
import { PartClaims, TableClaims } from '../../../src/roster/key-claims.js';
import { RETIRED } from '../../../src/roster/store.js';

describe('KeyTable', () => {
  it('behaves as a Map<string, number> (get, set, put, overwrite, entries in insertion order)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6, unit: 'binary' }), fc.double({ noNaN: true })), { maxLength: 300 }), (ops) => {
      const t = new KeyTable();
      const m = new Map<string, number>();
      ops.forEach(([k, v], i) => {
        expect(t.get(k)).toBe(m.get(k));
        // put: set and return the previous value
        if (i % 2 === 0) t.set(k, v);
        else expect(t.put(k, v)).toBe(m.get(k));
        m.set(k, v);
      });
      expect(t.size).toBe(m.size);
      expect([...t.entries()]).toEqual([...m.entries()]);
    }));
  });

  it('keys added by appendNew (indexed at the next lookup) are found like any other, through growth and absorb', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.string({ maxLength: 4, unit: 'binary' }), fc.integer({ min: 0, max: 3 })), { maxLength: 400 }), (ops) => {
      const t = new KeyTable();
      const m = new Map<string, number>();
      ops.forEach(([k, op], i) => {
        if (op === 0 && !m.has(k)) {
          t.appendNew(k, i);
          m.set(k, i);
        } else if (op === 1) {
          expect(t.put(k, i)).toBe(m.get(k));
          m.set(k, i);
        } else if (op === 2) {
          expect(t.get(k)).toBe(m.get(k));
        } else {
          const other = new KeyTable();
          const fresh = `${k}\u0000${i}`;
          if (!m.has(fresh)) {
            other.set(fresh, -i);
            t.absorb(other.parts());
            m.set(fresh, -i);
          }
        }
      });
      expect(t.size).toBe(m.size);
      for (const [k, v] of m) expect(t.get(k)).toBe(v);
      expect([...t.entries()]).toEqual([...m.entries()]);
    }));
  });

  it('grows past a million keys without losing one', () => {
    const t = new KeyTable();
    for (let i = 0; i < 1_100_000; i++) t.set(`V${i}`, i * 3);
    expect(t.size).toBe(1_100_000);
    for (let i = 0; i < 1_100_000; i += 997) expect(t.get(`V${i}`)).toBe(i * 3);
    expect(t.get('V1100000')).toBeUndefined();
    expect(t.get('')).toBeUndefined();
  });
});

describe('KeyTable in shared memory and the per-part claims', () => {
  it('a shared table attached elsewhere finds every key by entry (isKeyAt, entryOf, keyAt) and another table\'s keys (holdsKeyOf)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ maxLength: 5, unit: 'binary' }), { maxLength: 200 }), fc.array(fc.string({ maxLength: 5, unit: 'binary' }), { maxLength: 50 }), (keys, others) => {
      const t = new KeyTable(keys.length, true);
      keys.forEach((k, i) => t.set(k, i - 2));
      const view = KeyTable.attach(t.share());
      keys.forEach((k, i) => {
        expect(view.entryOf(k)).toBe(i);
        expect(view.isKeyAt(i, k)).toBe(true);
        expect(view.keyAt(i)).toBe(k);
        expect(view.valueAt(i)).toBe(i - 2);
      });
      expect(view.isKeyAt(keys.length, 'x')).toBe(false);
      expect(view.isKeyAt(-1, 'x')).toBe(false);
      const other = new KeyTable();
      others.forEach((k, i) => other.set(k, i));
      const parts = other.parts();
      for (let i = 0; i < parts.count; i++) expect(view.holdsKeyOf(parts, i)).toBe(keys.includes(other.keyAt(i)));
      for (const k of others) if (!keys.includes(k)) expect(view.entryOf(k)).toBe(-1);
    }));
  });

  it('share() refuses a table not built in shared memory', () => {
    expect(() => new KeyTable().share()).toThrow(/shared memory/);
  });

  it('two parts\' claims give every row what one reader\'s claims give, unless a key is in both parts (then the caller reads again)', () => {
    const key = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H');
    fc.assert(fc.property(fc.uniqueArray(key), fc.array(key, { maxLength: 30 }), fc.nat(), (storedKeys, rows, at) => {
      const load = (shared: boolean) => {
        const t = new KeyTable(storedKeys.length, shared);
        storedKeys.forEach((k, i) => t.set(k, i === 0 ? RETIRED : i * 10));
        return t;
      };
      const one = new TableClaims(load(false));
      const expected = rows.map((k) => one.claim(k));
      const cut = rows.length === 0 ? 0 : at % (rows.length + 1);
      const stored = KeyTable.attach(load(true).share());
      const seen = [new Uint8Array(storedKeys.length), new Uint8Array(storedKeys.length)];
      const parts = [new PartClaims(stored, seen[0]!), new PartClaims(stored, seen[1]!)];
      const got = rows.map((k, i) => parts[i < cut ? 0 : 1]!.claim(k));
      const both = rows.slice(0, cut).some((k) => rows.slice(cut).includes(k));
      if (!both) expect(got).toEqual(expected);
      // The caller's test for "in both parts": shared marks, or new keys both parts hold.
      const markedTwice = seen[0]!.some((m, e) => m !== 0 && seen[1]![e] !== 0);
      const freshTwice = [...parts[1]!.fresh.entries()].some(([k]) => parts[0]!.fresh.get(k) !== undefined);
      expect(markedTwice || freshTwice).toBe(both);
      // Unseen stored keys (for --full): what one reader leaves unread.
      const unseen = storedKeys.filter((k, e) => e !== 0 && seen[0]![e] === 0 && seen[1]![e] === 0);
      expect(unseen).toEqual([...one.unseenKeys()]);
    }));
  });
});
