/**
 * Which record keys an import has read so far, and what the database stores
 * for them: the one lookup of every row (stored raw hash, new key, or a key
 * already read in this file).
 */
import { KeyTable } from './key-table.js';
import { RETIRED } from './store.js';

/** `claim` result for a key already read from this file (a second row with it is a duplicate). */
export const SEEN = -3;

export interface KeyClaims {
  /**
   * Marks `key` as read: its stored raw hash (or NO_HASH / RETIRED) the first time,
   * undefined for a key the table never held, SEEN when it was read before.
   */
  claim(key: string): number | undefined;
}

/** One thread reads the whole file: stored keys and keys read so far share one table. */
export class TableClaims implements KeyClaims {
  constructor(private readonly table: KeyTable) {}

  claim(key: string): number | undefined {
    return this.table.put(key, SEEN);
  }

  /** Keys of live stored records the file did not hold (--full retires them). */
  *unseenKeys(): Iterable<string> {
    for (const [key, hash] of this.table.entries()) if (hash !== RETIRED && hash !== SEEN) yield key;
  }
}

/**
 * A part of the file read on its own thread (import-worker.ts): the stored keys are one
 * shared read-only table, this part marks the entries it reads in its own byte array (no
 * other thread writes it), and keys new to the table go to a table of its own. Which keys
 * two parts both read is decided afterwards (import-worker-client.ts).
 */
export class PartClaims implements KeyClaims {
  /** Keys of this part the database does not hold. */
  readonly fresh = new KeyTable();
  /** Entry of the last stored key read. */
  private last = -1;
  /** The greatest new key read so far, while they all came in increasing order. */
  private lastFresh: string | undefined = '';

  constructor(private readonly stored: KeyTable, private readonly seen: Uint8Array) {}

  claim(key: string): number | undefined {
    // Exports usually list records in key order, as the table was loaded: try the entry after
    // the last one first (a comparison of adjacent memory instead of a hashed probe).
    const e = this.stored.isKeyAt(this.last + 1, key) ? this.last + 1 : this.stored.entryOf(key);
    if (e >= 0) this.last = e;
    if (e < 0) {
      // A new key greater than every new key before it cannot repeat one of them.
      if (this.lastFresh !== undefined && key > this.lastFresh) {
        this.lastFresh = key;
        this.fresh.appendNew(key, SEEN);
        return undefined;
      }
      this.lastFresh = undefined;
      return this.fresh.put(key, SEEN);
    }
    if (this.seen[e] !== 0) return SEEN;
    this.seen[e] = 1;
    return this.stored.valueAt(e);
  }
}
