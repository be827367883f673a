/** Scores entered interactively by one reviewer (`select score`): stored like an import run, so history shows them. */
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

/** Stores one reviewer's scores in one transaction (the caller's), validated against the frozen criteria. */
export function saveEnteredScores(db: Db, callId: string, reviewer: string, scores: EnteredScore[], operator: string, now: Date, refused: string[]): number {
  const call = getCall(db, callId);
  if (call.status !== 'open') throw new KyodoError('call_closed', msg(`call ${callId} is already decided`, `公募 ${callId} は選定済みです`));
  const plan = scoringPlan(db, callId, reviewer);
  for (const s of scores) {
    const item = call.criteria.items.find((i) => i.id === s.item);
    if (!item || s.score < item.min || s.score > item.max || !Number.isInteger(s.score)) throw new KyodoError('out_of_scale', msg(`${s.item}: ${s.score} is not a level of the frozen criteria`, `${s.item}: ${s.score} は確定済み基準の段階ではありません`));
    if (!plan.allowed.includes(s.org_id)) throw new KyodoError('conflict_of_interest', msg(`${reviewer} may not score ${s.org_id}`, `${reviewer} は ${s.org_id} を評価できません`));
  }
  const started = now.toISOString();
  const runId = Number(db.prepare(`INSERT INTO import_runs (kind, file, format, encoding, started_at, finished_at, status, rows, inserted, note)
    VALUES ('scores', '(select score)', 'interactive', NULL, ?, ?, 'done', ?, 0, ?)`).run(started, started, scores.length, `reviewer entry for ${callId}`).lastInsertRowid);
  const up = db.prepare(`INSERT INTO selection_scores (call_id, reviewer, org_id, item, score, comment, raw_hash, created_run, updated_run)
    VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)
    ON CONFLICT (call_id, reviewer, org_id, item) DO UPDATE SET score = excluded.score, comment = excluded.comment, raw_hash = NULL, updated_run = excluded.updated_run, retired_run = NULL`);
  for (const s of scores) up.run(callId, reviewer, s.org_id, s.item, s.score, s.comment, runId, runId);
  recordAudit(db, now, operator, {
    action: 'selection_score', recipient: reviewer, subjectIds: [callId, ...new Set(scores.map((s) => s.org_id))],
    detail: JSON.stringify({ run_id: runId, scores: scores.length, refused_conflicts: refused }),
  });
  return runId;
}
