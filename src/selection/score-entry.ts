/** Scores entered interactively by one reviewer (`select score`): stored answer by answer, as one import run per session, so history shows them. */
import type { Db } from '../db/open.js';
import { KyodoError, msg } from '../errors.js';
import { recordAudit } from '../privacy/audit.js';
import { getCall } from './calls.js';

export interface EnteredScore {
  org_id: string;
  item: string;
  score: number;
  comment: string | null;
}

/** Applicants a reviewer may score (applied, not in conflict) and those refused for a conflict of interest. */
export function scoringPlan(db: Db, callId: string, reviewer: string): { allowed: string[]; conflicted: string[] } {
  const apps = db.prepare('SELECT org_id FROM selection_applications WHERE call_id = ? AND retired_run IS NULL ORDER BY org_id').pluck().all(callId) as string[];
  const conflicts = new Set(db.prepare('SELECT org_id FROM selection_conflicts WHERE call_id = ? AND reviewer = ?').pluck().all(callId, reviewer) as string[]);
  return { allowed: apps.filter((a) => !conflicts.has(a)), conflicted: apps.filter((a) => conflicts.has(a)) };
}

/** Names of a call's applicants by org_id (what a reviewer sees at the prompt). */
export function applicantNames(db: Db, callId: string): Map<string, string> {
  const rows = db.prepare(`SELECT a.org_id, o.name FROM selection_applications a JOIN organizations o ON o.org_id = a.org_id
    WHERE a.call_id = ?`).raw(true).all(callId) as [string, string][];
  return new Map(rows);
}

/** A score already stored, as the reviewer gave it. */
export interface StoredScore {
  score: number;
  comment: string | null;
}

/** What this reviewer has stored for the call (retired scores do not count), by applicant, then item. */
export function storedScores(db: Db, callId: string, reviewer: string): Map<string, Map<string, StoredScore>> {
  const rows = db.prepare(`SELECT org_id, item, score, comment FROM selection_scores
    WHERE call_id = ? AND reviewer = ? AND retired_run IS NULL`).all(callId, reviewer) as { org_id: string; item: string; score: number; comment: string | null }[];
  const byOrg = new Map<string, Map<string, StoredScore>>();
  for (const r of rows) {
    if (!byOrg.has(r.org_id)) byOrg.set(r.org_id, new Map());
    byOrg.get(r.org_id)!.set(r.item, { score: r.score, comment: r.comment });
  }
  return byOrg;
}

/**
 * One reviewer at the terminal (`select score`). Every answer is stored as soon as it is given, each
 * in its own small transaction with its audit record, so Ctrl-C keeps what was entered and the next
 * run resumes at the first item not yet scored. The answers of one session form one import run
 * (`kyodo imports`), created with the first answer and counted up with each.
 */
export interface EntrySession {
  callId: string;
  reviewer: string;
  operator: string;
  runId: number | null;
}

/** Records, in the caller's transaction, that the reviewer was refused these applicants for a declared conflict. */
export function recordRefusedConflicts(db: Db, s: EntrySession, orgIds: string[], now: Date): void {
  for (const orgId of orgIds) {
    recordAudit(db, now, s.operator, { action: 'selection_score_refused', recipient: s.reviewer, subjectIds: [s.callId, orgId], detail: JSON.stringify({ code: 'conflict_of_interest' }) });
  }
}

/** Stores one answer in the caller's transaction, validated against the frozen criteria and the declared conflicts; returns the run's id. */
export function saveEnteredScore(db: Db, session: EntrySession, s: EnteredScore, now: Date): number {
  const { callId, reviewer } = session;
  const call = getCall(db, callId);
  if (call.status !== 'open') throw new KyodoError('call_closed', msg(`call ${callId} is already decided; the scores entered before are kept`, `公募 ${callId} は選定済みです（それまでに入力した評点は保存済みです）`));
  const item = call.criteria.items.find((i) => i.id === s.item);
  if (!item || s.score < item.min || s.score > item.max || !Number.isInteger(s.score)) throw new KyodoError('out_of_scale', msg(`${s.item}: ${s.score} is not a level of the frozen criteria`, `${s.item}: ${s.score} は確定済み基準の段階ではありません`));
  if (!scoringPlan(db, callId, reviewer).allowed.includes(s.org_id)) throw new KyodoError('conflict_of_interest', msg(`${reviewer} may not score ${s.org_id}`, `${reviewer} は ${s.org_id} を評価できません`));
  const at = now.toISOString();
  if (session.runId === null) {
    session.runId = Number(db.prepare(`INSERT INTO import_runs (kind, file, format, encoding, started_at, finished_at, status, rows, inserted, note)
      VALUES ('scores', '(select score)', 'interactive', NULL, ?, ?, 'done', 0, 0, ?)`).run(at, at, `reviewer entry for ${callId}`).lastInsertRowid);
  }
  const runId = session.runId;
  const existed = db.prepare('SELECT 1 FROM selection_scores WHERE call_id = ? AND reviewer = ? AND org_id = ? AND item = ? AND retired_run IS NULL').get(callId, reviewer, s.org_id, s.item) !== undefined;
  db.prepare(`INSERT INTO selection_scores (call_id, reviewer, org_id, item, score, comment, raw_hash, created_run, updated_run)
    VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)
    ON CONFLICT (call_id, reviewer, org_id, item) DO UPDATE SET score = excluded.score, comment = excluded.comment, raw_hash = NULL, updated_run = excluded.updated_run, retired_run = NULL`)
    .run(callId, reviewer, s.org_id, s.item, s.score, s.comment, runId, runId);
  db.prepare(`UPDATE import_runs SET rows = rows + 1, inserted = inserted + ?, updated = updated + ?, finished_at = ? WHERE run_id = ?`)
    .run(existed ? 0 : 1, existed ? 1 : 0, at, runId);
  recordAudit(db, now, session.operator, {
    action: 'selection_score', recipient: reviewer, subjectIds: [callId, s.org_id], items: [s.item],
    detail: JSON.stringify({ run_id: runId, scores: 1, ...(existed ? { corrected: true } : {}) }),
  });
  return runId;
}
