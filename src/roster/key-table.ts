/**
 * A string → number map for the record keys of one import (a million keys and
 * their raw hashes), in typed arrays: the key characters in one arena, an
 * open-addressing table of entry numbers, and per entry the key's hash and its
 * value. Lookups compare the key characters, so it is exact; it holds no JS
 * object per key, which took ~80 MB of heap and a full GC's marking time per
 * million keys as a Map<string, number>.
 */
/** A KeyTable's entries in transferable form (see KeyTable.parts). */
export interface KeyTableParts {
  count: number;
  /** Key characters; entry i's key is chars[start[i] - start[0], start[i + 1] - start[0]). */
  chars: Uint16Array;
  start: Int32Array;
  hashes: Int32Array;
  vals: Float64Array;
}

/**
 * A whole table in shared memory (KeyTable.share): threads reading parts of one
 * file look keys up in it without a copy. Read-only once shared.
 */
export interface SharedKeyTable {
  count: number;
  charsUsed: number;
  chars: Uint16Array;
  start: Int32Array;
  hashes: Int32Array;
  vals: Float64Array;
  slots: Int32Array;
}

type TypedArrayOf<T> = { new (length: number): T; new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

export class KeyTable {
  private chars: Uint16Array;
  private charsUsed = 0;
  /** Entry e's key is chars[start[e], start[e + 1]). */
  private start: Int32Array;
  private hashes: Int32Array;
  private vals: Float64Array;
  /** Entry number + 1, or 0 for an empty slot; size a power of two, at most half full. */
  private slots: Int32Array;
  private count = 0;
  /** Entries below this are in `slots`; those from it on were added by appendNew and wait for a lookup. */
  private placed = 0;

  /**
   * Sized for the keys the caller knows are coming (the stored ones), so loading them never rehashes.
   * `shared`: in SharedArrayBuffers, for `share`.
   */
  constructor(expectedKeys = 0, private readonly shared = false) {
    let entries = 1024;
    while (entries <= expectedKeys) entries *= 2;
    this.chars = this.alloc(Uint16Array, 1 << 16);
    this.start = this.alloc(Int32Array, entries + 1);
    this.hashes = this.alloc(Int32Array, entries);
    this.vals = this.alloc(Float64Array, entries);
    this.slots = this.alloc(Int32Array, entries * 2);
  }

  /** The table's memory for other threads (`attach`): it must not change afterwards. */
  share(): SharedKeyTable {
    if (!this.shared) throw new Error('KeyTable.share: not built in shared memory');
    this.placePending();
    return { count: this.count, charsUsed: this.charsUsed, chars: this.chars, start: this.start, hashes: this.hashes, vals: this.vals, slots: this.slots };
  }

  /** A read-only view of a table another thread shared (lookups only: entryOf, valueAt, keyAt). */
  static attach(t: SharedKeyTable): KeyTable {
    const table = new KeyTable(0);
    table.chars = t.chars;
    table.charsUsed = t.charsUsed;
    table.start = t.start;
    table.hashes = t.hashes;
    table.vals = t.vals;
    table.slots = t.slots;
    table.count = t.count;
    table.placed = t.count;
    return table;
  }

  /** Entry number of `key` (0 … size − 1), or −1. */
  entryOf(key: string): number {
    return this.find(key, 0, key.length, hashKey(key, 0, key.length));
  }

  /** Whether entry `entry` (possibly out of range) holds `key`. */
  isKeyAt(entry: number, key: string): boolean {
    if (entry < 0 || entry >= this.count) return false;
    const at = this.start[entry]!;
    const n = key.length;
    if (this.start[entry + 1]! - at !== n) return false;
    const chars = this.chars;
    for (let k = 0; k < n; k++) if (chars[at + k] !== key.charCodeAt(k)) return false;
    return true;
  }

  valueAt(entry: number): number {
    return this.vals[entry]!;
  }

  keyAt(entry: number): string {
    return String.fromCharCode.apply(null, this.chars.subarray(this.start[entry]!, this.start[entry + 1]!) as unknown as number[]);
  }

  /** Whether this table holds the key of entry `i` of `p` (another table's parts): no string is made. */
  holdsKeyOf(p: KeyTableParts, i: number): boolean {
    const h = p.hashes[i]!;
    const first = p.start[0] ?? 0;
    const from = p.start[i]! - first;
    const n = p.start[i + 1]! - first - from;
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const s = slots[j]!;
      if (s === 0) return false;
      const e = s - 1;
      if (this.hashes[e] !== h) continue;
      const at = this.start[e]!;
      if (this.start[e + 1]! - at !== n) continue;
      let k = 0;
      while (k < n && this.chars[at + k] === p.chars[from + k]) k++;
      if (k === n) return true;
    }
  }

  private alloc<T>(Ctor: TypedArrayOf<T>, length: number): T {
    return this.shared ? new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT)) : new Ctor(length);
  }

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const e = this.find(key, 0, key.length, hashKey(key, 0, key.length));
    return e < 0 ? undefined : this.vals[e];
  }

  set(key: string, value: number): void {
    this.setRange(key, 0, key.length, value);
  }

  /** Sets `key` to `value` and returns its previous value (undefined for a new key): `get` then `set` in one lookup. */
  put(key: string, value: number): number | undefined {
    const h = hashKey(key, 0, key.length);
    const e = this.find(key, 0, key.length, h);
    if (e >= 0) {
      const old = this.vals[e];
      this.vals[e] = value;
      return old;
    }
    this.append(key, 0, key.length, h, value);
    return undefined;
  }

  /**
   * Adds a key the caller knows the table does not hold (one greater than every key added so
   * far, say). It is indexed only at the next lookup, so a long run of such keys (a first import
   * in key order) costs no probing of the slots: ~0.3 s less per million keys (measured).
   */
  appendNew(key: string, value: number): void {
    this.append(key, 0, key.length, hashKey(key, 0, key.length), value, false);
  }

  /** `set(s.slice(from, to), value)` without making the substring (keys read in bulk from one string). */
  setRange(s: string, from: number, to: number, value: number): void {
    const h = hashKey(s, from, to);
    const e = this.find(s, from, to, h);
    if (e >= 0) {
      this.vals[e] = value;
      return;
    }
    this.append(s, from, to, h, value);
  }

  /**
   * The entries as typed arrays (views of this table's own memory, for a transfer list):
   * another thread's table takes them with `absorb`. This table must not be used afterwards.
   */
  parts(): KeyTableParts {
    return {
      count: this.count,
      chars: this.chars.subarray(0, this.charsUsed),
      start: this.start.subarray(0, this.count + 1),
      hashes: this.hashes.subarray(0, this.count),
      vals: this.vals.subarray(0, this.count),
    };
  }

  /**
   * Adds the entries of another table whose keys this one does not hold (the two were
   * loaded from disjoint key ranges): no lookups, the key hashes are reused.
   */
  absorb(p: KeyTableParts): void {
    this.placePending();
    const base = this.charsUsed;
    const first = p.start[0] ?? 0;
    for (let i = 0; i < p.count; i++) {
      const e = this.count;
      if (e + 1 >= this.hashes.length) this.growEntries();
      if ((e + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
      this.start[e + 1] = base + p.start[i + 1]! - first;
      this.hashes[e] = p.hashes[i]!;
      this.vals[e] = p.vals[i]!;
      this.count = e + 1;
      this.placed = e + 1;
      this.place(e, p.hashes[i]!);
    }
    const n = p.chars.length;
    if (base + n > this.chars.length) {
      const bigger = this.alloc(Uint16Array, Math.max(this.chars.length * 2, base + n));
      bigger.set(this.chars.subarray(0, base));
      this.chars = bigger;
    }
    this.chars.set(p.chars, base);
    this.charsUsed = base + n;
  }

  /** Every key and value, in insertion order. */
  *entries(): IterableIterator<[string, number]> {
    for (let e = 0; e < this.count; e++) yield [this.keyAt(e), this.vals[e]!];
  }

  private find(key: string, from: number, to: number, h: number): number {
    if (this.placed < this.count) this.placePending();
    const slots = this.slots;
    const mask = slots.length - 1;
    const n = to - from;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = slots[i]!;
      if (s === 0) return -1;
      const e = s - 1;
      if (this.hashes[e] !== h) continue;
      const at = this.start[e]!;
      if (this.start[e + 1]! - at !== n) continue;
      const chars = this.chars;
      let k = 0;
      while (k < n && chars[at + k] === key.charCodeAt(from + k)) k++;
      if (k === n) return e;
    }
  }

  private append(key: string, from: number, to: number, h: number, value: number, index = true): void {
    const e = this.count;
    if (e + 1 >= this.hashes.length) this.growEntries();
    if ((e + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const n = to - from;
    if (this.charsUsed + n > this.chars.length) {
      const bigger = this.alloc(Uint16Array, Math.max(this.chars.length * 2, this.charsUsed + n));
      bigger.set(this.chars.subarray(0, this.charsUsed));
      this.chars = bigger;
    }
    const chars = this.chars;
    const at = this.charsUsed;
    for (let k = 0; k < n; k++) chars[at + k] = key.charCodeAt(from + k);
    this.charsUsed = at + n;
    this.start[e] = at;
    this.start[e + 1] = at + n;
    this.hashes[e] = h;
    this.vals[e] = value;
    this.count = e + 1;
    if (index) this.placePending();
  }

  private placePending(): void {
    for (let e = this.placed; e < this.count; e++) this.place(e, this.hashes[e]!);
    this.placed = this.count;
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
    const start = this.alloc(Int32Array, cap + 1);
    start.set(this.start);
    this.start = start;
    const hashes = this.alloc(Int32Array, cap);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const vals = this.alloc(Float64Array, cap);
    vals.set(this.vals);
    this.vals = vals;
  }

  private rehash(size: number): void {
    this.slots = this.alloc(Int32Array, size);
    for (let e = 0; e < this.count; e++) this.place(e, this.hashes[e]!);
    this.placed = this.count;
  }
}

/** FNV-1a over the UTF-16 units of s[from, to) with a final avalanche (keys are short; the table verifies every hit). */
function hashKey(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
