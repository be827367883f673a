import type { Db } from '../../db/open.js';
import { writeTransaction } from '../../db/open.js';
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
