/**
 * `select check`: per applicant, eligibility with evidence, per-item aggregated
 * scores, total on the call's scale, rank and threshold — computed from the
 * frozen criteria and the stored scores only. Scores the frozen criteria cannot
 * account for (unknown item, out of scale, a reviewer in conflict) never count,
 * even if they reached the database some other way.
 */
import type { Db } from '../db/open.js';
import { getCall, type Call } from './calls.js';
import { evaluateEligibility, type EligibilityResult, type OrgFacts } from './eligibility.js';
import { aggregate, rank, round2, weightedTotal } from './scoring.js';
import { evaluationHistory, type EvaluationSummary } from './evaluations.js';

export interface ApplicantResult {
  org_id: string;
  name: string;
  title: string | null;
  eligible: boolean;
  eligibility: EligibilityResult[];
  /** Aggregated score per item (2 decimals), null when nobody scored it. */
  scores: Record<string, number | null>;
  total: number | null;
  rank: number | null;
  above_threshold: boolean;
  /** Reviewers whose scores count for this applicant. */
  reviewers: number;
  /** Stored scores left out (conflict of interest declared after scoring, or not valid under the frozen criteria). */
  excluded_scores: number;
  /** Items nobody scored (no total until they are). */
  missing_items: string[];
  /** Past evaluations of this organization's collaboration projects (事業評価). */
  history: EvaluationSummary[];
}

export interface DecisionRow {
  org_id: string;
  reason: string;
  decided_at: string;
  operator: string;
  is_top_ranked: number;
  rank: number | null;
  total: number | null;
}

export interface CheckResult {
  call: Call;
  applicants: ApplicantResult[];
  /** Reviewers with at least one counted score in the call. */
  reviewer_count: number;
  decisions: DecisionRow[];
}

interface ScoreRow { reviewer: string; org_id: string; item: string; score: number }

/** Evaluates a call from the database. */
export function checkCall(db: Db, callId: string): CheckResult {
  const call = getCall(db, callId);
  const c = call.criteria;
  const apps = db.prepare(`SELECT a.org_id, a.title, a.answers, o.name, o.legal_form, o.status, o.dissolved_on, o.retired_run, o.religious_political,
      o.last_report_fy, o.established_on, o.municipality_code, o.corporate_number, o.certified_on, o.certification_expires_on
    FROM selection_applications a JOIN organizations o ON o.org_id = a.org_id
    WHERE a.call_id = ? AND a.retired_run IS NULL ORDER BY a.org_id`).all(callId) as (OrgFacts & { title: string | null; answers: string | null })[];
  const conflicts = new Set((db.prepare('SELECT reviewer, org_id FROM selection_conflicts WHERE call_id = ?').all(callId) as { reviewer: string; org_id: string }[])
    .map((r) => `${r.reviewer}\u001f${r.org_id}`));
  const scoreRows = db.prepare('SELECT reviewer, org_id, item, score FROM selection_scores WHERE call_id = ? AND retired_run IS NULL ORDER BY org_id, item, reviewer')
    .all(callId) as ScoreRow[];
  const byOrg = new Map<string, ScoreRow[]>();
  for (const s of scoreRows) {
    const list = byOrg.get(s.org_id) ?? [];
    list.push(s);
    byOrg.set(s.org_id, list);
  }
  const reviewersAll = new Set<string>();
  const applicants: ApplicantResult[] = apps.map((a) => {
    const answers = a.answers ? (JSON.parse(a.answers) as Record<string, number>) : {};
    const eligibility = evaluateEligibility(c, call.fy, a, answers);
    const eligible = eligibility.every((e) => e.pass);
    const rows = byOrg.get(a.org_id) ?? [];
    let excluded = 0;
    const reviewers = new Set<string>();
    const raw: Record<string, number | null> = {};
    const missing: string[] = [];
    for (const it of c.items) {
      const vals: number[] = [];
      for (const s of rows) {
        if (s.item !== it.id) continue;
        if (conflicts.has(`${s.reviewer}\u001f${a.org_id}`) || s.score < it.min || s.score > it.max) {
          excluded++;
          continue;
        }
        vals.push(s.score);
        reviewers.add(s.reviewer);
        reviewersAll.add(s.reviewer);
      }
      raw[it.id] = aggregate(vals, c.aggregation, c.trim).value;
      if (raw[it.id] === null) missing.push(it.id);
    }
    excluded += rows.filter((s) => !c.items.some((it) => it.id === s.item)).length;
    const total = weightedTotal(c, raw);
    return {
      org_id: a.org_id, name: a.name, title: a.title, eligible, eligibility,
      scores: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, round2(v)])), total, rank: null,
      above_threshold: false, reviewers: reviewers.size, excluded_scores: excluded, missing_items: missing,
      history: evaluationHistory(db, a.org_id),
      // Unrounded aggregates for ranking, dropped below.
      _raw: raw,
    } as ApplicantResult & { _raw: Record<string, number | null> };
  });
  const ranks = rank(applicants.map((a) => ({
    org_id: a.org_id, total: a.total, scores: (a as ApplicantResult & { _raw: Record<string, number | null> })._raw, rankable: a.eligible && a.total !== null,
  })), c.tieBreak);
  for (const a of applicants) {
    delete (a as Partial<ApplicantResult & { _raw: unknown }>)._raw;
    a.rank = ranks.get(a.org_id) ?? null;
    a.above_threshold = a.eligible && a.total !== null && a.total + 1e-9 >= c.threshold;
    a.total = round2(a.total);
  }
  // Ranked first (by rank, then org_id), then the unranked by org_id.
  applicants.sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity) || (x.org_id < y.org_id ? -1 : x.org_id > y.org_id ? 1 : 0));
  const decisions = db.prepare('SELECT org_id, reason, decided_at, operator, is_top_ranked, rank, total FROM selection_decisions WHERE call_id = ? ORDER BY decided_at, org_id')
    .all(callId) as DecisionRow[];
  return { call, applicants, reviewer_count: reviewersAll.size, decisions };
}

/** The `--json` document of select check (cli.md), with extra keys. */
export function checkJson(r: CheckResult): Record<string, unknown> {
  const c = r.call.criteria;
  return {
    call_id: r.call.call_id,
    criteria_sha256: r.call.criteria_sha256,
    title: r.call.title,
    fy: r.call.fy,
    method: r.call.method,
    status: r.call.status,
    points: c.points,
    threshold: c.threshold,
    aggregation: c.aggregation,
    tie_break: c.tieBreak,
    reviewers: r.reviewer_count,
    applicants: r.applicants.map((a) => ({
      org_id: a.org_id, eligible: a.eligible, eligibility: a.eligibility.map((e) => ({ item: e.item, pass: e.pass, evidence: e.evidence, label: e.label })),
      scores: a.scores, total: a.total, rank: a.rank, above_threshold: a.above_threshold,
      name: a.name, reviewers: a.reviewers, excluded_scores: a.excluded_scores, missing_items: a.missing_items, history: a.history,
    })),
    decisions: r.decisions.map((d) => ({ org_id: d.org_id, reason: d.reason, decided_at: d.decided_at, is_top_ranked: d.is_top_ranked === 1 })),
  };
}
