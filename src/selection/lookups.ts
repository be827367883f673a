/**
 * The lookups the import pipeline gives the selection kinds' row checks
 * (applications, scores, evaluations): prepared once per import, criteria parsed
 * once per call.
 */
import type { Db } from '../db/open.js';
import { lintCriteria, type Criteria } from './criteria.js';

export interface SelectionCallInfo {
  status: 'open' | 'decided';
  /** undefined when the frozen text no longer parses (never expected: it was valid when frozen). */
  criteria: Criteria | undefined;
}

export interface SelectionLookups {
  call(callId: string): SelectionCallInfo | undefined;
  applied(callId: string, orgId: string): boolean;
  conflicted(callId: string, reviewer: string, orgId: string): boolean;
}

/** Prepared lookups over the selection tables (the import pipeline puts them in RecordContext.selection). */
export function selectionLookups(db: Db): SelectionLookups {
  const callStmt = db.prepare('SELECT status, criteria_text FROM selection_calls WHERE call_id = ?');
  const appliedStmt = db.prepare('SELECT 1 FROM selection_applications WHERE call_id = ? AND org_id = ? AND retired_run IS NULL').pluck();
  const conflictStmt = db.prepare('SELECT 1 FROM selection_conflicts WHERE call_id = ? AND reviewer = ? AND org_id = ?').pluck();
  const calls = new Map<string, SelectionCallInfo | undefined>();
  return {
    call(callId) {
      if (!calls.has(callId)) {
        const row = callStmt.get(callId) as { status: 'open' | 'decided'; criteria_text: string } | undefined;
        calls.set(callId, row ? { status: row.status, criteria: lintCriteria(row.criteria_text, callId).criteria } : undefined);
      }
      return calls.get(callId);
    },
    applied: (callId, orgId) => appliedStmt.get(callId, orgId) !== undefined,
    conflicted: (callId, reviewer, orgId) => conflictStmt.get(callId, reviewer, orgId) !== undefined,
  };
}
