import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/open.js';
import { importRoster } from '../../../src/roster/import.js';
import { tempDir } from '../../helpers/cli.js';

describe('importRoster beforeCommit', () => {
  it('runs inside the run\'s transaction: what it writes commits with the rows, and when it fails nothing is kept', async () => {
    const dir = tempDir();
    const path = join(dir, 'k.db');
    const file = join(dir, 'orgs.csv');
    writeFileSync(file, '団体ID,団体名\nN1,さくら会\n');
    const db = openDatabase(path);
    const opts = { kind: 'orgs' as const, file, format: 'native' as const, encoding: 'auto' as const, full: false, strict: false, dryRun: false, dbPath: path };
    await expect(importRoster(db, { ...opts, beforeCommit: () => { throw new Error('the audit could not be written'); } })).rejects.toThrow(/audit/);
    expect(db.prepare('SELECT count(*) FROM organizations').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM import_runs').pluck().get()).toBe(0);
    const r = await importRoster(db, { ...opts, beforeCommit: (res) => {
      expect(db.inTransaction).toBe(true);
      db.prepare(`INSERT INTO meta (key, value) VALUES ('seen_run', ?)`).run(String(res.run_id));
    } });
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'seen_run'`).pluck().get()).toBe(String(r.run_id));
    expect(db.prepare('SELECT count(*) FROM organizations').pluck().get()).toBe(1);
    db.close();
  });
});
