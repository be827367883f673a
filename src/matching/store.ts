import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';
import { KyodoError, UsageError, msg } from '../errors.js';
import type { MatchingTemplate } from './template.js';
import type { VolunteerMatchResult } from './volunteers/match.js';

export type MatchStatus = 'proposed' | 'accepted' | 'declined' | 'completed' | 'superseded';

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
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.status) (where.push('status = ?'), params.push(f.status));
  if (f.org) (where.push('org_id = ?'), params.push(f.org));
  if (f.volunteer) (where.push('volunteer_id = ?'), params.push(f.volunteer));
  if (f.run !== undefined) (where.push('run_id = ?'), params.push(f.run));
  const rows = db.prepare(`SELECT match_id, run_id, volunteer_id, opening_id, org_id, score, status, proposed_at, decided_at, completed_at, hours, reasons
    FROM matches ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY match_id`).all(...params) as (Omit<MatchRow, 'reasons'> & { reasons: string })[];
  return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
}

/** Which status a match may move to from which (the life of a match). */
const TRANSITIONS: Record<'accepted' | 'declined' | 'completed', MatchStatus[]> = {
  accepted: ['proposed'],
  declined: ['proposed', 'accepted'],
  completed: ['accepted'],
};

/** Moves matches to a new status in one transaction; refuses (changing nothing) if any move is not allowed. */
export function transitionMatches(db: Db, ids: number[], to: 'accepted' | 'declined' | 'completed', now: Date, opts: { hours?: number; note?: string } = {}): MatchRow[] {
  if (to === 'completed' && (opts.hours === undefined || !(opts.hours >= 0))) {
    throw new UsageError('hours_required', msg('completing a match needs --hours (the hours worked, e.g. 3.5)', '完了には --hours（活動時間、例: 3.5）が必要です'));
  }
  return writeTransaction(db, () => {
    const get = db.prepare('SELECT match_id, status, volunteer_id, opening_id FROM matches WHERE match_id = ?');
    const problems: string[] = [];
    for (const id of ids) {
      const row = get.get(id) as { status: MatchStatus } | undefined;
      if (!row) problems.push(`#${id}: no such match`);
      else if (!TRANSITIONS[to].includes(row.status)) problems.push(`#${id}: is ${row.status}, cannot become ${to}`);
    }
    if (problems.length > 0) {
      throw new KyodoError('invalid_transition', msg(`nothing changed: ${problems.join('; ')}`, `変更していません: ${problems.join('、')}`), {
        hint: msg('see `kyodo matches list`', '`kyodo matches list` で状態を確認してください'),
      });
    }
    const at = now.toISOString();
    const update = to === 'completed'
      ? db.prepare(`UPDATE matches SET status = 'completed', completed_at = ?, hours = ?, note = coalesce(?, note) WHERE match_id = ?`)
      : db.prepare(`UPDATE matches SET status = ?, decided_at = ?, note = coalesce(?, note) WHERE match_id = ?`);
    for (const id of ids) {
      if (to === 'completed') update.run(at, opts.hours!, opts.note ?? null, id);
      else update.run(to, at, opts.note ?? null, id);
    }
    return listMatches(db).filter((m) => ids.includes(m.match_id));
  });
}
