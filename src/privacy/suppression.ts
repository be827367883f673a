import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';

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

/** Loads the suppression list of a kind (empty, and no salt created, when nobody was erased). */
export function loadSuppressions(db: Db, kind: string): Suppressions {
  const hashes = new Set(db.prepare('SELECT key_hash FROM suppressions WHERE kind = ?').pluck().all(kind) as string[]);
  const salt = hashes.size > 0 ? ((db.prepare(`SELECT value FROM meta WHERE key = 'suppression_salt'`).pluck().get() as string | undefined) ?? '') : '';
  return { salt, hashes, size: hashes.size };
}

export function isSuppressed(s: Suppressions, kind: string, key: string): boolean {
  return s.hashes.has(suppressionHash(s.salt, kind, key));
}
