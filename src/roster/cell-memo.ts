/**
 * A bounded string → outcome cache for the memoised cell types (RowValidator). Cell
 * strings are fresh slices of the read chunk, so a Map must hash each one in C++
 * before it can compare: ~180 ns a lookup in the import's CPU profile, 3 lookups a
 * volunteer row. Hashing the few characters in JS and comparing with `===` in an
 * open-addressing table of at most half-full slots costs less than half of that.
 */
export class CellMemo<V> {
  private readonly keys: (string | undefined)[];
  private readonly vals: (V | undefined)[];
  private readonly mask: number;
  private count = 0;

  /** Holds up to `capacity` entries; `set` beyond that is ignored. */
  constructor(readonly capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.vals = new Array<V | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    const keys = this.keys;
    for (let i = hashCell(key) & this.mask; ; i = (i + 1) & this.mask) {
      const k = keys[i];
      if (k === undefined) return undefined;
      if (k === key) return this.vals[i];
    }
  }

  /** Adds a key not in the memo (callers `get` first). */
  set(key: string, value: V): void {
    if (this.count >= this.capacity) return;
    const keys = this.keys;
    let i = hashCell(key) & this.mask;
    while (keys[i] !== undefined) i = (i + 1) & this.mask;
    keys[i] = key;
    this.vals[i] = value;
    this.count++;
  }
}

/** FNV-1a over the UTF-16 units (cells are short; the table compares every candidate). */
function hashCell(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
