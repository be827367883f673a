import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';
import { normalizeCell } from '../jp/text.js';

/** Salted hashes of erased keys, per kind. */
export type Suppressions = { salt: string; hashes: Set<string>; size: number };

/** The database's own salt: suppression entries cannot be matched against a list of IDs from elsewhere. */
export function suppressionSalt(db: Db): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'suppression_salt'`).pluck().get() as string | undefined;
  if (row) return row;
  const salt = randomBytes(16).toString('hex');
  db.prepare(`INSERT INTO meta (key, value) VALUES ('suppression_salt', ?)`).run(salt);
  return salt;
}

export function suppressionHash(salt: string, kind: string, key: string): string {
  return createHash('sha256').update(`${salt}\u001f${kind}\u001f${key}`).digest('hex');
}

/**
 * The form of a key that suppression compares: the import's own normalisation (NFKC, trim: `Ｖ０００１` is
 * `V0001`) and upper case (`v0001` is `V0001`), so no spelling of an erased ID brings the person back.
 */
export function canonicalKey(key: string): string {
  return normalizeCell(key).toUpperCase();
}

/**
 * The keys whose hash may stand for `key` in the list: its canonical form (what `volunteers forget`
 * hashes now), and for entries written before keys were compared canonically (they hashed the key as
 * stored) the key as the import normalises it and its lower-case form.
 */
export function suppressionKeys(key: string): string[] {
  const canonical = canonicalKey(key);
  const normalized = normalizeCell(key);
  return [...new Set([canonical, normalized, normalized.toLowerCase()])];
}

/** Loads the suppression list of a kind (empty, and no salt created, when nobody was erased). */
export function loadSuppressions(db: Db, kind: string): Suppressions {
  const hashes = new Set(db.prepare('SELECT key_hash FROM suppressions WHERE kind = ?').pluck().all(kind) as string[]);
  const salt = hashes.size > 0 ? ((db.prepare(`SELECT value FROM meta WHERE key = 'suppression_salt'`).pluck().get() as string | undefined) ?? '') : '';
  return { salt, hashes, size: hashes.size };
}

/** True when `key`, in any spelling the import reads as the same or differing only in case, was erased. */
export function isSuppressed(s: Suppressions, kind: string, key: string): boolean {
  if (s.size === 0) return false;
  for (const k of suppressionKeys(key)) if (s.hashes.has(suppressionHash(s.salt, kind, k))) return true;
  return false;
}

/** When `key` was erased (the suppression entry's time, ISO), or undefined when it was not. */
export function suppressedAt(db: Db, kind: string, key: string): string | undefined {
  const salt = db.prepare(`SELECT value FROM meta WHERE key = 'suppression_salt'`).pluck().get() as string | undefined;
  if (salt === undefined) return undefined;
  const get = db.prepare('SELECT created_at FROM suppressions WHERE kind = ? AND key_hash = ?').pluck();
  const found = suppressionKeys(key).map((k) => get.get(kind, suppressionHash(salt, kind, k)) as string | undefined).filter((t) => t !== undefined);
  return found.sort()[0];
}

/** Adds the suppression entry of an erased key (its canonical form); keeps the first entry's time when there is one. */
export function addSuppression(db: Db, kind: string, key: string, now: Date): void {
  db.prepare('INSERT OR IGNORE INTO suppressions (kind, key_hash, created_at) VALUES (?, ?, ?)')
    .run(kind, suppressionHash(suppressionSalt(db), kind, canonicalKey(key)), now.toISOString());
}
