import { createHash } from 'node:crypto';
import type { Db } from '../../db/open.js';
import { writeTransaction } from '../../db/open.js';
import { msg, type Msg } from '../../errors.js';
import { datedTooEarly, decisionInstant, nothingChanged, recordDecision, refusedMove, whereEqual, type DecisionOptions, type ProposalStatus } from '../decisions.js';
import { FACILITY_WEIGHTS, type FacilityMatchResult } from './match.js';

export type FacilityProposalStatus = Exclude<ProposalStatus, 'completed'>;

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

export interface FacilityProposalRow {
  proposal_id: number;
  run_id: number;
  request_id: string;
  org_id: string;
  facility_id: string;
  facility_name: string | null;
  room: string;
  date: string;
  start_time: string;
  end_time: string;
  fee: number;
  score: number;
  status: FacilityProposalStatus;
  proposed_at: string;
  decided_at: string | null;
  note: string | null;
  reasons: string[];
}

export interface FacilityProposalFilter {
  status?: FacilityProposalStatus;
  org?: string;
  request?: string;
  run?: number;
}

const PROPOSAL_COLUMNS = `p.proposal_id, p.run_id, p.request_id, p.org_id, p.facility_id, f.name AS facility_name, p.room, p.date, p.start_time, p.end_time,
  p.fee, p.score, p.status, p.proposed_at, p.decided_at, p.note, p.reasons`;
const PROPOSAL_FROM = 'facility_proposals p LEFT JOIN facilities f ON f.facility_id = p.facility_id AND f.room = p.room';

type RawProposal = Omit<FacilityProposalRow, 'reasons'> & { reasons: string };
const parseProposal = (r: RawProposal): FacilityProposalRow => ({ ...r, reasons: JSON.parse(r.reasons) as string[] });

/** Saved room proposals, oldest first, narrowed by status, organization, request or run. */
export function listFacilityProposals(db: Db, f: FacilityProposalFilter = {}): FacilityProposalRow[] {
  const w = whereEqual([['p.status', f.status], ['p.org_id', f.org], ['p.request_id', f.request], ['p.run_id', f.run]]);
  return (db.prepare(`SELECT ${PROPOSAL_COLUMNS} FROM ${PROPOSAL_FROM} ${w.sql} ORDER BY p.proposal_id`).all(...w.params) as RawProposal[]).map(parseProposal);
}

/** `港南公民館 音楽室 (131903-0006)`: how a coordinator names a room. */
const roomLabel = (p: { facility_id: string; facility_name: string | null; room: string }): string =>
  `${p.facility_name ? `${p.facility_name} ` : ''}${p.room} (${p.facility_id})`;

/**
 * Accepts or declines saved room proposals in one transaction; refuses (changing nothing) when a
 * proposal does not exist, cannot make that move, or — for accept — when its room is already taken
 * at an overlapping time (an imported booking or another accepted proposal) or its request already
 * has a room. An accepted proposal becomes a booking (source 'match') so the next run and
 * `kyodo list bookings` see it; declining an accepted one cancels that booking. A declined
 * (request, room) pair is never proposed again (see load.ts). The decision is stored as made on `opts.on` (default today; not
 * before the proposal) and recorded in the audit log with the operator.
 */
export function decideFacilityProposals(db: Db, ids: number[], to: 'accepted' | 'declined', now: Date, opts: DecisionOptions): FacilityProposalRow[] {
  return writeTransaction(db, () => {
    const get = db.prepare(`SELECT ${PROPOSAL_COLUMNS} FROM ${PROPOSAL_FROM} WHERE p.proposal_id = ?`);
    const bookedClash = db.prepare(`SELECT booking_ref, request_id, start_time, end_time, source FROM bookings
      WHERE facility_id = ? AND room = ? AND date = ? AND status = 'booked' AND retired_run IS NULL AND start_time < ? AND ? < end_time
      ORDER BY start_time LIMIT 1`);
    const acceptedClash = db.prepare(`SELECT proposal_id, request_id, start_time, end_time FROM facility_proposals
      WHERE facility_id = ? AND room = ? AND date = ? AND status = 'accepted' AND proposal_id <> ? AND start_time < ? AND ? < end_time
      ORDER BY start_time LIMIT 1`);
    // A request served already: by another accepted proposal, or by a booking that names it (as load.ts sees it).
    const requestServed = db.prepare(`SELECT '#' || proposal_id FROM facility_proposals WHERE request_id = ? AND status = 'accepted' AND proposal_id <> ?
      UNION ALL SELECT facility_id || ' ' || room || ' ' || date || ' ' || start_time FROM bookings WHERE request_id = ? AND status = 'booked' AND retired_run IS NULL
      LIMIT 1`).pluck();
    const update = db.prepare(`UPDATE facility_proposals SET status = ?, decided_at = ?, note = coalesce(?, note) WHERE proposal_id = ?`);
    const book = db.prepare(`INSERT INTO bookings (facility_id, room, date, start_time, end_time, request_id, source, status, created_run, updated_run)
      VALUES (?, ?, ?, ?, ?, ?, 'match', 'booked', ?, ?)
      ON CONFLICT (facility_id, room, date, start_time) DO UPDATE SET end_time = excluded.end_time, request_id = excluded.request_id,
        source = 'match', status = 'booked', updated_run = excluded.updated_run, retired_run = NULL`);
    const cancel = db.prepare(`UPDATE bookings SET status = 'cancelled', updated_run = ?
      WHERE facility_id = ? AND room = ? AND date = ? AND start_time = ? AND request_id = ? AND source = 'match' AND status = 'booked'`);
    const newRun = db.prepare(`INSERT INTO import_runs (kind, file, format, encoding, started_at, finished_at, status, rows, inserted, updated, note)
      VALUES ('bookings', ?, 'match', NULL, ?, ?, 'done', 0, 0, 0, ?)`);
    const countRun = db.prepare(`UPDATE import_runs SET rows = ?, inserted = ?, updated = ? WHERE run_id = ?`);
    const problems: Msg[] = [];
    const at = now.toISOString();
    const decidedAt = decisionInstant(now, opts.on);
    // Bookkeeping run for the bookings rows this decision writes (as for interactive score entry).
    let runId: number | undefined;
    let booked = 0;
    let cancelled = 0;
    let clashes = 0;
    for (const id of ids) {
      const p = get.get(id) as RawProposal | undefined;
      if (!p) {
        problems.push(msg(`#${id}: no such room proposal`, `提案 #${id}: そのような部屋の提案はありません`));
        continue;
      }
      const slot = { en: `${roomLabel(p)} on ${p.date} ${p.start_time}–${p.end_time}`, ja: `${roomLabel(p)} ${p.date} ${p.start_time}〜${p.end_time}` };
      const label = msg(`#${id} (${p.request_id}, ${slot.en})`, `提案 #${id}（${p.request_id}、${slot.ja}）`);
      const refused = refusedMove(label, p.status, to) ?? datedTooEarly(label, opts.on, p.proposed_at, msg('proposed', '提案'));
      if (refused) {
        problems.push(refused);
        continue;
      }
      if (to === 'accepted') {
        const b = bookedClash.get(p.facility_id, p.room, p.date, p.end_time, p.start_time) as { booking_ref: string | null; request_id: string | null; start_time: string; end_time: string; source: string } | undefined;
        const a = b ? undefined : acceptedClash.get(p.facility_id, p.room, p.date, id, p.end_time, p.start_time) as { proposal_id: number; request_id: string; start_time: string; end_time: string } | undefined;
        if (b || a) {
          const by = b
            ? msg(`booking ${b.start_time}–${b.end_time}${b.booking_ref ? ` ${b.booking_ref}` : ''}${b.request_id ? ` for ${b.request_id}` : ''}`,
              `予約 ${b.start_time}〜${b.end_time}${b.booking_ref || b.request_id ? `（${[b.booking_ref && `予約番号 ${b.booking_ref}`, b.request_id && `申込 ${b.request_id}`].filter(Boolean).join('、')}）` : ''}`)
            : msg(`accepted proposal #${a!.proposal_id} ${a!.start_time}–${a!.end_time} for ${a!.request_id}`,
              `受入決定済みの提案 #${a!.proposal_id} ${a!.start_time}〜${a!.end_time}（${a!.request_id}）`);
          clashes++;
          problems.push(msg(`#${id} (${p.request_id}): ${slot.en} would double-book the room, already taken by ${by.en}`,
            `提案 #${id}（${p.request_id}）: ${slot.ja} はすでに${by.ja}で埋まっており、二重予約になります`));
          continue;
        }
        const other = requestServed.get(p.request_id, id, p.request_id) as string | undefined;
        if (other !== undefined) {
          problems.push(msg(`#${id}: request ${p.request_id} already has a room (${other})`, `提案 #${id}: 申込 ${p.request_id} はすでに部屋が決まっています（${other}）`));
          continue;
        }
      }
      update.run(to, decidedAt, opts.note ?? null, id);
      if (to === 'accepted') {
        runId ??= Number(newRun.run('(match facilities accept)', at, at, 'accepted facility proposals').lastInsertRowid);
        book.run(p.facility_id, p.room, p.date, p.start_time, p.end_time, p.request_id, runId, runId);
        booked++;
      } else if (p.status === 'accepted') {
        runId ??= Number(newRun.run('(match facilities decline)', at, at, 'declined accepted facility proposals').lastInsertRowid);
        cancelled += cancel.run(runId, p.facility_id, p.room, p.date, p.start_time, p.request_id).changes;
      }
    }
    if (problems.length > 0) {
      throw nothingChanged(problems, 'kyodo matches list --kind facilities', clashes > 0
        ? msg('the room was taken after the proposal was made: run `kyodo match facilities --save` again for another room (this proposal is then superseded)',
          '提案の後に部屋が埋まりました。`kyodo match facilities --save` をもう一度実行すると別の部屋を提案します（この提案は失効します）')
        : undefined);
    }
    if (runId !== undefined) countRun.run(booked + cancelled, booked, cancelled, runId);
    recordDecision(db, now, opts, 'facility_proposals', to, ids);
    return ids.map((id) => parseProposal(get.get(id) as RawProposal));
  });
}

