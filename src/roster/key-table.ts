/**
 * A string → number map for the record keys of one import (a million keys and
 * their raw hashes), in typed arrays: the key characters in one arena, an
 * open-addressing table of entry numbers, and per entry the key's hash and its
 * value. Lookups compare the key characters, so it is exact; it holds no JS
 * object per key, which took ~80 MB of heap and a full GC's marking time per
 * million keys as a Map<string, number>.
 */
export class KeyTable {
  private chars = new Uint16Array(1 << 16);
  private charsUsed = 0;
  /** Entry e's key is chars[start[e], start[e + 1]). */
  private start = new Int32Array(1025);
  private hashes = new Int32Array(1024);
  private vals = new Float64Array(1024);
  /** Entry number + 1, or 0 for an empty slot; size a power of two, at most half full. */
  private slots = new Int32Array(2048);
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const e = this.find(key, hashKey(key));
    return e < 0 ? undefined : this.vals[e];
  }

  set(key: string, value: number): void {
    const h = hashKey(key);
    const e = this.find(key, h);
    if (e >= 0) {
      this.vals[e] = value;
      return;
    }
    this.append(key, h, value);
  }

  /** Every key and value, in insertion order. */
  *entries(): IterableIterator<[string, number]> {
    for (let e = 0; e < this.count; e++) {
      yield [String.fromCharCode.apply(null, this.chars.subarray(this.start[e]!, this.start[e + 1]!) as unknown as number[]), this.vals[e]!];
    }
  }

  private find(key: string, h: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    const n = key.length;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = slots[i]!;
      if (s === 0) return -1;
      const e = s - 1;
      if (this.hashes[e] !== h) continue;
      const from = this.start[e]!;
      if (this.start[e + 1]! - from !== n) continue;
      const chars = this.chars;
      let k = 0;
      while (k < n && chars[from + k] === key.charCodeAt(k)) k++;
      if (k === n) return e;
    }
  }

  private append(key: string, h: number, value: number): void {
    const e = this.count;
    if (e + 1 >= this.hashes.length) this.growEntries();
    if ((e + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const n = key.length;
    if (this.charsUsed + n > this.chars.length) {
      const bigger = new Uint16Array(Math.max(this.chars.length * 2, this.charsUsed + n));
      bigger.set(this.chars.subarray(0, this.charsUsed));
      this.chars = bigger;
    }
    const chars = this.chars;
    const at = this.charsUsed;
    for (let k = 0; k < n; k++) chars[at + k] = key.charCodeAt(k);
    this.charsUsed = at + n;
    this.start[e] = at;
    this.start[e + 1] = at + n;
    this.hashes[e] = h;
    this.vals[e] = value;
    this.count = e + 1;
    this.place(e, h);
  }

  private place(e: number, h: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = h & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = e + 1;
  }

  private growEntries(): void {
    const cap = this.hashes.length * 2;
    const start = new Int32Array(cap + 1);
    start.set(this.start);
    this.start = start;
    const hashes = new Int32Array(cap);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const vals = new Float64Array(cap);
    vals.set(this.vals);
    this.vals = vals;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let e = 0; e < this.count; e++) this.place(e, this.hashes[e]!);
  }
}

/** FNV-1a over UTF-16 units with a final avalanche (keys are short; the table verifies every hit). */
function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
