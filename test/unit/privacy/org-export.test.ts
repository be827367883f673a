import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/open.js';
import { recordOrgExport } from '../../../src/privacy/org-export.js';
import { tempDir } from '../../helpers/cli.js';

const audits = (db: Database.Database) => db.prepare('SELECT count(*) FROM audit_log').pluck().get();

describe('recordOrgExport: the record and the delivery in one transaction', () => {
  it('a delivery that fails leaves no record; one that succeeds is recorded once', () => {
    const db = openDatabase(join(tempDir(), 'k.db'));
    expect(() => recordOrgExport(db, 'ORG1', [], 'x', '/nowhere/list.csv', 'staff', new Date(), () => { throw new Error('disk full'); })).toThrow('disk full');
    expect(audits(db)).toBe(0);
    let delivered = 0;
    recordOrgExport(db, 'ORG1', [], 'x', null, 'staff', new Date(), () => delivered++);
    expect(delivered).toBe(1);
    expect(audits(db)).toBe(1);
    db.close();
  });

  it('nothing is delivered while another process holds the database (the record could not be written)', () => {
    const path = join(tempDir(), 'k.db');
    const db = openDatabase(path, { busyTimeoutMs: 0 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    let delivered = 0;
    expect(() => recordOrgExport(db, 'ORG1', [], 'x', null, 'staff', new Date(), () => delivered++)).toThrow(/locked|busy/i);
    expect(delivered).toBe(0);
    other.exec('ROLLBACK');
    other.close();
    db.close();
  });
});
