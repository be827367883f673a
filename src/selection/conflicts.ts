/** 利害関係: a reviewer tied to an applicant does not score it. */
import type { Db } from '../db/open.js';
import { KyodoError, msg } from '../errors.js';
import { recordAudit } from '../privacy/audit.js';
import { getCall } from './calls.js';

export interface ConflictRow {
  call_id: string;
  reviewer: string;
  org_id: string;
  declared_at: string;
  operator: string;
  note: string | null;
}

/**
 * Declares that `reviewer` is tied to `orgId` in a call (recorded in the audit
 * log). Later scores by that reviewer for that applicant are refused; scores
 * already stored are left out of every total from now on.
 */
export function declareConflict(db: Db, callId: string, reviewer: string, orgId: string, note: string | null, operator: string, now: Date): { created: boolean; excludedScores: number } {
  getCall(db, callId);
  if (db.prepare('SELECT 1 FROM organizations WHERE org_id = ?').get(orgId) === undefined) {
    throw new KyodoError('unknown_org', msg(`organization ${orgId} is not in the database`, `団体 ${orgId} が登録されていません`));
  }
  const r = db.prepare('INSERT INTO selection_conflicts (call_id, reviewer, org_id, declared_at, operator, note) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .run(callId, reviewer, orgId, now.toISOString(), operator, note);
  const excluded = (db.prepare('SELECT count(*) FROM selection_scores WHERE call_id = ? AND reviewer = ? AND org_id = ? AND retired_run IS NULL').pluck().get(callId, reviewer, orgId) as number);
  if (r.changes > 0) {
    recordAudit(db, now, operator, { action: 'selection_conflict', subjectIds: [callId, orgId], recipient: reviewer, detail: JSON.stringify({ note, excluded_scores: excluded }) });
  }
  return { created: r.changes > 0, excludedScores: excluded };
}

export function listConflicts(db: Db, callId: string): ConflictRow[] {
  return db.prepare('SELECT * FROM selection_conflicts WHERE call_id = ? ORDER BY reviewer, org_id').all(callId) as ConflictRow[];
}
