import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/open.js';
import { buildOrgList, recordOrgExport } from '../../../src/privacy/org-export.js';
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

describe('buildOrgList: what an NPO gets of each volunteer', () => {
  function db(): Database.Database {
    const d = openDatabase(':memory:');
    d.prepare(`INSERT INTO organizations (org_id, name, created_run, updated_run) VALUES ('N1', 'さくら会', 1, 1)`).run();
    d.prepare(`INSERT INTO openings (opening_id, org_id, title, created_run, updated_run) VALUES ('OP1', 'N1', '子ども食堂', 1, 1)`).run();
    const v = d.prepare(`INSERT INTO volunteers (volunteer_id, name, phone, email, consent_share, created_run, updated_run) VALUES (?, ?, ?, ?, ?, 1, 1)`);
    v.run('V1', '佐藤 花子', '090-1234-5678', 'hanako@example.jp', 1);
    v.run('V2', '鈴木 一郎', '03-9876-5432', 'ichiro@mail.example.org', 0);
    v.run('V3', '高橋 次郎', '080-1111-2222', 'jiro@example.com', 1);
    const m = d.prepare(`INSERT INTO matches (volunteer_id, opening_id, org_id, score, reasons, status, proposed_at) VALUES (?, 'OP1', 'N1', 50, '["距離 1.0km"]', ?, '2026-04-01T00:00:00Z')`);
    m.run('V1', 'accepted');
    m.run('V2', 'accepted');
    m.run('V3', 'proposed');
    m.run('V1', 'declined');
    return d;
  }

  it('accepted matches only by default; name and contact for consenting volunteers; the others get nothing of them, not even a part', () => {
    const rows = buildOrgList(db(), 'N1');
    expect(rows.map((r) => [r.volunteer_id, r.name, r.phone, r.email, r.consent, r.status])).toEqual([
      ['V1', '佐藤 花子', '090-1234-5678', 'hanako@example.jp', '同意あり', '受入決定'],
      ['V2', '', '', '', '要同意確認', '受入決定'],
    ]);
    const text = JSON.stringify(rows[1]);
    for (const leak of ['鈴', '5432', 'mail.example.org']) expect(text).not.toContain(leak);
  });

  it('--include-proposed adds proposals without name or contact, even with consent', () => {
    const rows = buildOrgList(db(), 'N1', { includeProposed: true });
    expect(rows.map((r) => [r.volunteer_id, r.status, r.name, r.phone, r.email])).toEqual([
      ['V1', '受入決定', '佐藤 花子', '090-1234-5678', 'hanako@example.jp'],
      ['V2', '受入決定', '', '', ''],
      ['V3', '提案', '', '', ''],
    ]);
  });

  it('the record says whose contact went out', () => {
    const d = db();
    const rows = buildOrgList(d, 'N1', { includeProposed: true });
    recordOrgExport(d, 'N1', rows, 'x', null, 'staff', new Date(), () => {});
    const a = d.prepare('SELECT items, subject_ids, detail FROM audit_log').get() as { items: string; subject_ids: string; detail: string };
    expect(JSON.parse(a.subject_ids)).toEqual(['V1', 'V2', 'V3']);
    expect(JSON.parse(a.items)).toEqual(['volunteer_id', 'name', 'phone', 'email', 'match']);
    expect(a.detail).toBe('3 matches (1 proposed); name and contact given for 1 volunteer(s) (consent, accepted), withheld for 2');
  });
});
