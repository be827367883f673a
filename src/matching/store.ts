import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';
import { UsageError, msg, type Msg } from '../errors.js';
import { datedTooEarly, decisionInstant, nothingChanged, recordDecision, refusedMove, whereEqual, type DecisionOptions, type ProposalStatus } from './decisions.js';
import type { MatchingTemplate } from './template.js';
import type { VolunteerMatchResult } from './volunteers/match.js';

export type MatchStatus = ProposalStatus;

/**
 * Stores a run and its proposals. Proposals of earlier runs that nobody
 * decided on are superseded: one live proposal list at a time.
 */
export function saveVolunteerRun(db: Db, result: VolunteerMatchResult, template: MatchingTemplate, now: Date): number {
  return writeTransaction(db, () => {
    const at = now.toISOString();
    db.prepare(`UPDATE matches SET status = 'superseded', decided_at = ? WHERE status = 'proposed'`).run(at);
    const runId = Number(db.prepare(`INSERT INTO match_runs (kind, as_of, created_at, template, template_sha256, objective, pairs, candidates, unfilled, unmatched)
      VALUES ('volunteers', ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(result.as_of, at, template.source, template.sha256, result.objective, result.pairs.length,
      result.candidate_count, result.unfilled.length, result.unmatched_volunteers).lastInsertRowid);
    const insert = db.prepare(`INSERT INTO matches (run_id, volunteer_id, opening_id, org_id, score, reasons, status, proposed_at) VALUES (?, ?, ?, ?, ?, ?, 'proposed', ?)`);
    for (const p of result.pairs) insert.run(runId, p.volunteer_id, p.opening_id, p.org_id, p.score, JSON.stringify(p.reasons), at);
    const unfilled = db.prepare(`INSERT INTO match_unfilled (run_id, opening_id, org_id, missing, reasons) VALUES (?, ?, ?, ?, ?)`);
    for (const u of result.unfilled) unfilled.run(runId, u.opening_id, u.org_id, u.missing, JSON.stringify(u.reasons));
    return runId;
  });
}

export interface MatchRow {
  match_id: number;
  run_id: number | null;
  volunteer_id: string;
  opening_id: string;
  org_id: string;
  score: number;
  status: MatchStatus;
  proposed_at: string;
  decided_at: string | null;
  completed_at: string | null;
  hours: number | null;
  reasons: string[];
}

export interface MatchFilter {
  status?: MatchStatus;
  org?: string;
  volunteer?: string;
  run?: number;
}

/** Matches, oldest first, narrowed by status, organization, volunteer or run. */
export function listMatches(db: Db, f: MatchFilter = {}): MatchRow[] {
  const w = whereEqual([['status', f.status], ['org_id', f.org], ['volunteer_id', f.volunteer], ['run_id', f.run]]);
  const rows = db.prepare(`SELECT ${MATCH_COLUMNS} FROM matches ${w.sql} ORDER BY match_id`).all(...w.params) as RawMatch[];
  return rows.map(parseMatch);
}

const MATCH_COLUMNS = 'match_id, run_id, volunteer_id, opening_id, org_id, score, status, proposed_at, decided_at, completed_at, hours, reasons';
type RawMatch = Omit<MatchRow, 'reasons'> & { reasons: string };
const parseMatch = (r: RawMatch): MatchRow => ({ ...r, reasons: JSON.parse(r.reasons) as string[] });

/**
 * Moves matches to a new status in one transaction, recorded in the audit log with the operator;
 * refuses (changing nothing) if any move is not allowed, or `on` is before the match was proposed
 * (accept, decline) or accepted (complete). The decision is stored as made on `on` (default today).
 */
export function transitionMatches(db: Db, ids: number[], to: 'accepted' | 'declined' | 'completed', now: Date, opts: DecisionOptions & { hours?: number }): MatchRow[] {
  if (to === 'completed' && (opts.hours === undefined || !(opts.hours >= 0))) {
    throw new UsageError('hours_required', msg('completing a match needs --hours (the hours worked, e.g. 3.5)', '完了には --hours（活動時間、例: 3.5）が必要です'));
  }
  return writeTransaction(db, () => {
    const get = db.prepare(`SELECT ${MATCH_COLUMNS} FROM matches WHERE match_id = ?`);
    const problems: Msg[] = [];
    for (const id of ids) {
      const row = get.get(id) as RawMatch | undefined;
      const label = msg(`#${id}`, `マッチ #${id}`);
      const refused = row ? refusedMove(label, row.status, to) : msg(`#${id}: no such match`, `マッチ #${id}: そのようなマッチはありません`);
      const early = row && !refused ? (to === 'completed' ? datedTooEarly(label, opts.on, row.decided_at, msg('accepted', '受入決定'))
        : datedTooEarly(label, opts.on, row.proposed_at, msg('proposed', '提案'))) : undefined;
      const problem = refused ?? early;
      if (problem) problems.push(problem);
    }
    if (problems.length > 0) throw nothingChanged(problems, 'kyodo matches list');
    const at = decisionInstant(now, opts.on);
    const update = to === 'completed'
      ? db.prepare(`UPDATE matches SET status = 'completed', completed_at = ?, hours = ?, note = coalesce(?, note) WHERE match_id = ?`)
      : db.prepare(`UPDATE matches SET status = ?, decided_at = ?, note = coalesce(?, note) WHERE match_id = ?`);
    for (const id of ids) {
      if (to === 'completed') update.run(at, opts.hours!, opts.note ?? null, id);
      else update.run(to, at, opts.note ?? null, id);
    }
    recordDecision(db, now, opts, 'matches', to, ids, to === 'completed' ? { hours: opts.hours } : {});
    return [...new Set(ids)].sort((a, b) => a - b).map((id) => parseMatch(get.get(id) as RawMatch));
  });
}
