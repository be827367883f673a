import { createHash } from 'node:crypto';
import type { Db } from '../../db/open.js';
import { writeTransaction } from '../../db/open.js';
import { KyodoError, msg } from '../../errors.js';
import { FACILITY_WEIGHTS, type FacilityMatchResult } from './match.js';

export type FacilityProposalStatus = 'proposed' | 'accepted' | 'declined' | 'superseded';

/** The scoring a facilities run used, as match_runs records it (there is no template file yet). */
export function facilityScoringId(): { source: string; sha256: string } {
  const text = JSON.stringify(FACILITY_WEIGHTS);
  return { source: 'builtin:facilities', sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * Stores a facilities run, its proposals (status proposed) and the requests it left
 * unsatisfied. Proposals of earlier facilities runs that nobody decided on are
 * superseded: one live proposal list at a time.
 */
export function saveFacilityRun(db: Db, result: FacilityMatchResult, now: Date): number {
  return writeTransaction(db, () => {
    const at = now.toISOString();
    const scoring = facilityScoringId();
    db.prepare(`UPDATE facility_proposals SET status = 'superseded', decided_at = ? WHERE status = 'proposed'`).run(at);
    const usedRooms = new Set(result.proposals.map((p) => `${p.facility_id}\u001f${p.room}`)).size;
    const runId = Number(db.prepare(`INSERT INTO match_runs (kind, as_of, created_at, template, template_sha256, objective, pairs, candidates, unfilled, unmatched)
      VALUES ('facilities', ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(result.as_of, at, scoring.source, scoring.sha256, result.objective, result.satisfied,
      result.candidate_count, result.unsatisfied.length, result.rooms_considered - usedRooms).lastInsertRowid);
    const insert = db.prepare(`INSERT INTO facility_proposals (run_id, request_id, org_id, facility_id, room, date, start_time, end_time, fee, score, reasons, status, proposed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?)`);
    for (const p of result.proposals) {
      insert.run(runId, p.request_id, p.org_id, p.facility_id, p.room, p.date, p.start_time, p.end_time, p.fee, p.score, JSON.stringify(p.reasons), at);
    }
    const unsatisfied = db.prepare(`INSERT INTO facility_unsatisfied (run_id, request_id, org_id, reasons) VALUES (?, ?, ?, ?)`);
    for (const u of result.unsatisfied) unsatisfied.run(runId, u.request_id, u.org_id, JSON.stringify(u.reasons));
    return runId;
  });
}

/**
 * Accepts or declines saved proposals in one transaction; refuses (changing nothing) when a
 * proposal is not proposed, or when accepting it would double-book its room. An accepted
 * proposal becomes a booking (source 'match') so the next run and `kyodo list bookings` see it.
 */
export function decideFacilityProposals(db: Db, ids: number[], to: 'accepted' | 'declined', now: Date, note?: string): void {
  writeTransaction(db, () => {
    const get = db.prepare(`SELECT proposal_id, request_id, facility_id, room, date, start_time, end_time, status FROM facility_proposals WHERE proposal_id = ?`);
    const clash = db.prepare(`SELECT 1 FROM bookings WHERE facility_id = ? AND room = ? AND date = ? AND status = 'booked' AND retired_run IS NULL
        AND start_time < ? AND ? < end_time
      UNION ALL SELECT 1 FROM facility_proposals WHERE facility_id = ? AND room = ? AND date = ? AND status = 'accepted' AND start_time < ? AND ? < end_time`).pluck();
    const problems: string[] = [];
    const at = now.toISOString();
    const update = db.prepare(`UPDATE facility_proposals SET status = ?, decided_at = ?, note = coalesce(?, note) WHERE proposal_id = ?`);
    let runId: number | undefined;
    for (const id of ids) {
      const p = get.get(id) as Record<string, string> | undefined;
      if (!p) problems.push(`#${id}: no such proposal`);
      else if (p.status !== 'proposed') problems.push(`#${id}: is ${p.status}, cannot become ${to}`);
      else if (to === 'accepted' && clash.get(p.facility_id, p.room, p.date, p.end_time, p.start_time, p.facility_id, p.room, p.date, p.end_time, p.start_time)) {
        problems.push(`#${id}: ${p.facility_id} ${p.room} is already booked on ${p.date} ${p.start_time}–${p.end_time}`);
      } else {
        update.run(to, at, note ?? null, id);
        if (to === 'accepted') {
          // Bookkeeping run for the bookings rows this acceptance creates (as for interactive score entry).
          runId ??= Number(db.prepare(`INSERT INTO import_runs (kind, file, format, encoding, started_at, finished_at, status, rows, inserted, note)
            VALUES ('bookings', '(match facilities accept)', 'match', NULL, ?, ?, 'done', 0, 0, 'accepted facility proposals')`).run(at, at).lastInsertRowid);
          db.prepare(`INSERT INTO bookings (facility_id, room, date, start_time, end_time, request_id, source, status, created_run, updated_run)
            VALUES (?, ?, ?, ?, ?, ?, 'match', 'booked', ?, ?)
            ON CONFLICT (facility_id, room, date, start_time) DO UPDATE SET end_time = excluded.end_time, request_id = excluded.request_id,
              source = 'match', status = 'booked', updated_run = excluded.updated_run, retired_run = NULL`)
            .run(p.facility_id, p.room, p.date, p.start_time, p.end_time, p.request_id, runId, runId);
        }
      }
    }
    if (problems.length > 0) {
      throw new KyodoError('invalid_transition', msg(`nothing changed: ${problems.join('; ')}`, `変更していません: ${problems.join('、')}`));
    }
  });
}
