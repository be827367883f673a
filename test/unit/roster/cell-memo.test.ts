import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CellMemo } from '../../../src/roster/cell-memo.js';

describe('CellMemo', () => {
  it('answers as a Map of the first `capacity` keys set', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 6, unit: 'binary' }), { maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (keys, capacity) => {
      const memo = new CellMemo<number>(capacity);
      const m = new Map<string, number>();
      keys.forEach((k, i) => {
        expect(memo.get(k)).toBe(m.get(k));
        if (memo.get(k) === undefined) {
          memo.set(k, i);
          if (m.size < capacity) m.set(k, i);
        }
      });
      expect(memo.size).toBe(m.size);
      for (const k of keys) expect(memo.get(k)).toBe(m.get(k));
    }));
  });

  it('finds a key by its characters, not by identity (cells are fresh slices)', () => {
    const memo = new CellMemo<string>(8);
    memo.set('手話,普通免許', 'x');
    expect(memo.get('a手話,普通免許'.slice(1))).toBe('x');
  });
});
