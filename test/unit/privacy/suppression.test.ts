import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/open.js';
import { addSuppression, canonicalKey, isSuppressed, loadSuppressions, suppressedAt, suppressionHash, suppressionSalt } from '../../../src/privacy/suppression.js';

describe('suppression compares keys as the import reads them, case aside', () => {
  it('canonical key: NFKC, trimmed, upper case', () => {
    expect(canonicalKey('Ｖ０００１')).toBe('V0001');
    expect(canonicalKey(' v0001\u3000')).toBe('V0001');
    expect(canonicalKey('ｖ－１')).toBe('V-1');
  });

  it('an erased key is suppressed in every spelling: as stored, lower case, full width, with spaces', () => {
    const db = openDatabase(':memory:');
    addSuppression(db, 'volunteers', 'V0001', new Date('2026-04-01T00:00:00Z'));
    const s = loadSuppressions(db, 'volunteers');
    for (const k of ['V0001', 'v0001', 'Ｖ０００１', 'ｖ０００１', ' V0001 ']) expect(isSuppressed(s, 'volunteers', k)).toBe(true);
    for (const k of ['V0002', 'V00001', 'V0001X']) expect(isSuppressed(s, 'volunteers', k)).toBe(false);
    // Another kind's list is another list.
    expect(isSuppressed(loadSuppressions(db, 'orgs'), 'orgs', 'V0001')).toBe(false);
    expect(suppressedAt(db, 'volunteers', 'ｖ０００１')).toBe('2026-04-01T00:00:00.000Z');
    expect(suppressedAt(db, 'volunteers', 'V0002')).toBeUndefined();
    db.close();
  });

  it('entries written before (the hash of the key as stored, in either case) keep working for every spelling', () => {
    const db = openDatabase(':memory:');
    const salt = suppressionSalt(db);
    const legacy = (key: string) => db.prepare(`INSERT INTO suppressions (kind, key_hash, created_at) VALUES ('volunteers', ?, '2025-01-01T00:00:00.000Z')`)
      .run(suppressionHash(salt, 'volunteers', key));
    legacy('V0001');
    legacy('abc-9');
    const s = loadSuppressions(db, 'volunteers');
    for (const k of ['V0001', 'v0001', 'Ｖ０００１', 'abc-9', 'ABC-9', 'ａｂｃ－９']) expect(isSuppressed(s, 'volunteers', k)).toBe(true);
    expect(suppressedAt(db, 'volunteers', 'v0001')).toBe('2025-01-01T00:00:00.000Z');
    db.close();
  });
});
