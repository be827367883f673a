import type { Db } from '../../db/open.js';
import { writeTransaction } from '../../db/open.js';
import { msg, type Msg } from '../../errors.js';
import { datedTooEarly, decisionInstant, nothingChanged, recordDecision, refusedMove, whereEqual, type DecisionOptions, type ProposalStatus } from '../decisions.js';
import { resourceScoringId, type ResourceMatchResult, type ResourceWeights, RESOURCE_WEIGHTS } from './match.js';

/**
 * Stores a resources run and its allocations (status proposed). Allocations of
 * earlier resources runs that nobody decided on are superseded: one live
 * proposal list at a time.
 */
export function saveResourceRun(db: Db, result: ResourceMatchResult, now: Date, weights: ResourceWeights = RESOURCE_WEIGHTS): number {
  return writeTransaction(db, () => {
    const at = now.toISOString();
    const scoring = resourceScoringId(weights);
    db.prepare(`UPDATE resource_allocations SET status = 'superseded', decided_at = ? WHERE status = 'proposed'`).run(at);
    const runId = Number(db.prepare(`INSERT INTO match_runs (kind, as_of, created_at, template, template_sha256, objective, pairs, candidates, unfilled, unmatched)
      VALUES ('resources', ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(result.as_of, at, scoring.source, scoring.sha256, result.objective, result.allocations.length,
      result.candidate_count, result.unfulfilled.length, result.leftover_offers.length).lastInsertRowid);
    const insert = db.prepare(`INSERT INTO resource_allocations (run_id, offer_id, request_id, org_id, quantity, unit, score, reasons, status, proposed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?)`);
    for (const a of result.allocations) insert.run(runId, a.offer_id, a.request_id, a.org_id, a.quantity, a.unit, a.score, JSON.stringify(a.reasons), at);
    return runId;
  });
}

export type ResourceAllocationStatus = Exclude<ProposalStatus, 'completed'>;

export interface ResourceAllocationRow {
  allocation_id: number;
  run_id: number;
  offer_id: string;
  request_id: string;
  org_id: string;
  category: string | null;
  item: string | null;
  quantity: number;
  unit: string | null;
  score: number;
  status: ResourceAllocationStatus;
  proposed_at: string;
  decided_at: string | null;
  note: string | null;
  reasons: string[];
}

export interface ResourceAllocationFilter {
  status?: ResourceAllocationStatus;
  org?: string;
  request?: string;
  offer?: string;
  run?: number;
}

// The offer's category and item, never the donor's name (personal for residents).
const ALLOCATION_COLUMNS = `a.allocation_id, a.run_id, a.offer_id, a.request_id, a.org_id, coalesce(o.category, q.category) AS category, coalesce(o.item, q.item) AS item, a.quantity, a.unit,
  a.score, a.status, a.proposed_at, a.decided_at, a.note, a.reasons`;
const ALLOCATION_FROM = `resource_allocations a LEFT JOIN resource_offers o ON o.offer_id = a.offer_id LEFT JOIN resource_requests q ON q.request_id = a.request_id`;

type RawAllocation = Omit<ResourceAllocationRow, 'reasons'> & { reasons: string };
const parseAllocation = (r: RawAllocation): ResourceAllocationRow => ({ ...r, reasons: JSON.parse(r.reasons) as string[] });

/** Saved allocations, oldest first, narrowed by status, organization, request, offer or run. */
export function listResourceAllocations(db: Db, f: ResourceAllocationFilter = {}): ResourceAllocationRow[] {
  const w = whereEqual([['a.status', f.status], ['a.org_id', f.org], ['a.request_id', f.request], ['a.offer_id', f.offer], ['a.run_id', f.run]]);
  return (db.prepare(`SELECT ${ALLOCATION_COLUMNS} FROM ${ALLOCATION_FROM} ${w.sql} ORDER BY a.allocation_id`).all(...w.params) as RawAllocation[]).map(parseAllocation);
}

/**
 * Accepts or declines saved allocations in one transaction; refuses (changing nothing) when an
 * allocation does not exist, cannot make that move, or — for accept — when its offer or request is
 * closed or retired, or accepting it would hand out more than the offer has left or the request
 * still needs (accepted allocations count, earlier ones in the same call included). Accepted
 * quantities are taken off both sides by the next run (load.ts); a declined (offer, request) pair
 * is never proposed again; declining an accepted allocation gives its units back. The decision is stored as made on
 * `opts.on` (default today; not before the proposal) and recorded in the audit log with the operator.
 */
export function decideResourceAllocations(db: Db, ids: number[], to: 'accepted' | 'declined', now: Date, opts: DecisionOptions): ResourceAllocationRow[] {
  return writeTransaction(db, () => {
    const get = db.prepare(`SELECT ${ALLOCATION_COLUMNS} FROM ${ALLOCATION_FROM} WHERE a.allocation_id = ?`);
    const offer = db.prepare(`SELECT quantity, status, retired_run, (SELECT coalesce(sum(quantity), 0) FROM resource_allocations WHERE offer_id = ? AND status = 'accepted') AS used
      FROM resource_offers WHERE offer_id = ?`);
    const request = db.prepare(`SELECT quantity, status, retired_run, (SELECT coalesce(sum(quantity), 0) FROM resource_allocations WHERE request_id = ? AND status = 'accepted') AS used
      FROM resource_requests WHERE request_id = ?`);
    const update = db.prepare(`UPDATE resource_allocations SET status = ?, decided_at = ?, note = coalesce(?, note) WHERE allocation_id = ?`);
    type Side = { quantity: number; status: string; retired_run: number | null; used: number } | undefined;
    const problems: Msg[] = [];
    const at = decisionInstant(now, opts.on);
    for (const id of ids) {
      const a = get.get(id) as RawAllocation | undefined;
      if (!a) {
        problems.push(msg(`#${id}: no such allocation`, `配分 #${id}: そのような配分はありません`));
        continue;
      }
      const what = `${a.offer_id} → ${a.request_id} ${a.quantity}${a.unit ?? ''}`;
      const label = msg(`#${id} (${what})`, `配分 #${id}（${what}）`);
      const refused = refusedMove(label, a.status, to) ?? datedTooEarly(label, opts.on, a.proposed_at, msg('proposed', '提案'));
      if (refused) {
        problems.push(refused);
        continue;
      }
      if (to === 'accepted') {
        const o = offer.get(a.offer_id, a.offer_id) as Side;
        const q = request.get(a.request_id, a.request_id) as Side;
        const unit = a.unit ?? '';
        if (!o || o.status !== 'open' || o.retired_run !== null) {
          problems.push(msg(`#${id} (${what}): offer ${a.offer_id} is no longer open`, `配分 #${id}（${what}）: 提供 ${a.offer_id} はすでに受付を終えています`));
          continue;
        }
        if (!q || q.status !== 'open' || q.retired_run !== null) {
          problems.push(msg(`#${id} (${what}): request ${a.request_id} is no longer open`, `配分 #${id}（${what}）: 要望 ${a.request_id} はすでに受付を終えています`));
          continue;
        }
        if (o.used + a.quantity > o.quantity) {
          problems.push(msg(`#${id} (${what}): offer ${a.offer_id} has only ${Math.max(0, o.quantity - o.used)}${unit} left (${o.quantity}${unit}, ${o.used}${unit} accepted)`,
            `配分 #${id}（${what}）: 提供 ${a.offer_id} の残りは ${Math.max(0, o.quantity - o.used)}${unit}です（提供 ${o.quantity}${unit}・受入決定済み ${o.used}${unit}）`));
          continue;
        }
        if (q.used + a.quantity > q.quantity) {
          problems.push(msg(`#${id} (${what}): request ${a.request_id} needs only ${Math.max(0, q.quantity - q.used)}${unit} more (${q.quantity}${unit}, ${q.used}${unit} accepted)`,
            `配分 #${id}（${what}）: 要望 ${a.request_id} の残りは ${Math.max(0, q.quantity - q.used)}${unit}です（要望 ${q.quantity}${unit}・受入決定済み ${q.used}${unit}）`));
          continue;
        }
      }
      update.run(to, at, opts.note ?? null, id);
    }
    if (problems.length > 0) throw nothingChanged(problems, 'kyodo matches list --kind resources');
    recordDecision(db, now, opts, 'resource_allocations', to, ids);
    return ids.map((id) => parseAllocation(get.get(id) as RawAllocation));
  });
}
