/**
 * 選定: records the chosen partner(s) and the reason. Only an eligible
 * applicant at or above the threshold can be chosen; choosing anyone while a
 * better-ranked eligible applicant stays unchosen is recorded as not top-ranked
 * and flagged in the disclosure.
 */
import type { Db } from '../db/open.js';
import { KyodoError, UsageError, msg } from '../errors.js';
import { recordAudit } from '../privacy/audit.js';
import { checkCall, type ApplicantResult } from './check.js';

export interface DecideResult {
  call_id: string;
  org_id: string;
  rank: number;
  total: number;
  is_top_ranked: boolean;
  /** Better-ranked eligible applicants that were not chosen (when not top-ranked). */
  passed_over: string[];
  reason: string;
}

export function decide(db: Db, callId: string, orgId: string, reason: string, operator: string, now: Date): DecideResult {
  if (reason.trim().length < 2) {
    throw new UsageError('missing_reason', msg('--reason must say why this partner was chosen (it is disclosed)', '--reason に選定理由を書いてください（公表されます）'));
  }
  const r = checkCall(db, callId);
  const a: ApplicantResult | undefined = r.applicants.find((x) => x.org_id === orgId);
  if (!a) throw new KyodoError('not_applicant', msg(`${orgId} did not apply to ${callId}`, `${orgId} は公募 ${callId} に応募していません`));
  if (r.decisions.some((d) => d.org_id === orgId)) throw new KyodoError('already_decided', msg(`${orgId} is already chosen in ${callId}`, `${orgId} は公募 ${callId} で選定済みです`));
  if (!a.eligible) {
    const failed = a.eligibility.filter((e) => !e.pass).map((e) => `${e.label}: ${e.evidence}`).join('; ');
    throw new KyodoError('ineligible', msg(`${orgId} does not meet the eligibility requirements of ${callId} (${failed}); nothing was recorded`, `${orgId} は公募 ${callId} の応募資格を満たしていません（${failed}）。記録していません`));
  }
  if (a.rank === null || a.total === null) {
    throw new KyodoError('incomplete_scores', msg(`${orgId} has no score for ${a.missing_items.join(', ')}; it has no total and cannot be chosen yet`, `${orgId} は ${a.missing_items.join('、')} の評点がなく合計点が出ないため、まだ選定できません`));
  }
  if (!a.above_threshold) {
    throw new KyodoError('below_threshold', msg(`${orgId} scored ${a.total}, below the published threshold of ${r.call.criteria.threshold}; nothing was recorded`, `${orgId} の合計点 ${a.total} は公表した最低基準点 ${r.call.criteria.threshold} に達していないため選定できません（記録していません）`));
  }
  const chosen = new Set(r.decisions.map((d) => d.org_id));
  const passedOver = r.applicants.filter((x) => x.rank !== null && x.rank < a.rank! && x.above_threshold && !chosen.has(x.org_id)).map((x) => x.org_id);
  const top = passedOver.length === 0;
  db.prepare('INSERT INTO selection_decisions (call_id, org_id, reason, decided_at, operator, is_top_ranked, rank, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(callId, orgId, reason.trim(), now.toISOString(), operator, top ? 1 : 0, a.rank, a.total);
  db.prepare("UPDATE selection_calls SET status = 'decided', decided_at = coalesce(decided_at, ?) WHERE call_id = ?").run(now.toISOString(), callId);
  recordAudit(db, now, operator, {
    action: 'selection_decide', subjectIds: [callId, orgId],
    detail: JSON.stringify({ reason: reason.trim(), rank: a.rank, total: a.total, is_top_ranked: top, passed_over: passedOver, criteria_sha256: r.call.criteria_sha256 }),
  });
  return { call_id: callId, org_id: orgId, rank: a.rank, total: a.total, is_top_ranked: top, passed_over: passedOver, reason: reason.trim() };
}
