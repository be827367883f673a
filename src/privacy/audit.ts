import { userInfo } from 'node:os';
import type { Db } from '../db/open.js';

export interface AuditEntry {
  action: string;
  recipient?: string | null;
  subjectIds?: string[];
  items?: string[];
  file?: string | null;
  fileSha256?: string | null;
  detail?: string | null;
}

/** Who ran the command: KYODO_OPERATOR, else the login name. */
export function operatorName(env: Record<string, string | undefined>): string {
  if (env.KYODO_OPERATOR) return env.KYODO_OPERATOR;
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? 'unknown';
  }
}

/** Appends to the audit log (inside the caller's transaction). */
export function recordAudit(db: Db, at: Date, operator: string, e: AuditEntry): number {
  return Number(db.prepare(`INSERT INTO audit_log (at, operator, action, recipient, subject_ids, items, file, file_sha256, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(at.toISOString(), operator, e.action, e.recipient ?? null, e.subjectIds ? JSON.stringify(e.subjectIds) : null,
      e.items ? JSON.stringify(e.items) : null, e.file ?? null, e.fileSha256 ?? null, e.detail ?? null).lastInsertRowid);
}

export interface AuditRow {
  audit_id: number;
  at: string;
  operator: string;
  action: string;
  recipient: string | null;
  subject_ids: string[];
  items: string[];
  file: string | null;
  file_sha256: string | null;
  detail: string | null;
}

/** The audit log, newest first. */
export function listAudit(db: Db, limit: number): AuditRow[] {
  return (db.prepare('SELECT * FROM audit_log ORDER BY audit_id DESC LIMIT ?').all(limit) as Record<string, any>[]).map((r) => ({
    ...r,
    subject_ids: r.subject_ids ? JSON.parse(r.subject_ids) : [],
    items: r.items ? JSON.parse(r.items) : [],
  })) as AuditRow[];
}
