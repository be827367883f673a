import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyTable } from '../../../src/roster/key-table.js';

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

  it('grows past a million keys without losing one', () => {
    const t = new KeyTable();
    for (let i = 0; i < 1_100_000; i++) t.set(`V${i}`, i * 3);
    expect(t.size).toBe(1_100_000);
    for (let i = 0; i < 1_100_000; i += 997) expect(t.get(`V${i}`)).toBe(i * 3);
    expect(t.get('V1100000')).toBeUndefined();
    expect(t.get('')).toBeUndefined();
  });
});
