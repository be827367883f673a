/**
 * After a project (事業評価): both sides — 行政 and NPO — score the same items;
 * the comparison shows where they disagree. Summaries are kept per organization
 * and shown with its next application (`select check`).
 */
import type { Db } from '../db/open.js';
import { KyodoError, msg } from '../errors.js';

export interface ItemComparison {
  item: string;
  gov: number | null;
  npo: number | null;
  /** npo − gov; null when one side did not score the item. */
  gap: number | null;
  disagree: boolean;
  gov_comment: string | null;
  npo_comment: string | null;
}

export interface ProjectComparison {
  project_id: string;
  org_id: string;
  name: string;
  call_id: string | null;
  gap_threshold: number;
  items: ItemComparison[];
  gov_mean: number | null;
  npo_mean: number | null;
  disagreements: number;
}

export interface EvaluationSummary {
  project_id: string;
  call_id: string | null;
  gov_mean: number | null;
  npo_mean: number | null;
  items: number;
  disagreements: number;
}

interface EvalRow { project_id: string; org_id: string; side: '行政' | 'NPO'; item: string; call_id: string | null; score: number; comment: string | null }

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100);

function compare(rows: EvalRow[], gapThreshold: number): { items: ItemComparison[]; gov: number[]; npo: number[] } {
  const items = [...new Set(rows.map((r) => r.item))].sort();
  const gov: number[] = [];
  const npo: number[] = [];
  return {
    items: items.map((item) => {
      const g = rows.find((r) => r.item === item && r.side === '行政');
      const n = rows.find((r) => r.item === item && r.side === 'NPO');
      if (g) gov.push(g.score);
      if (n) npo.push(n.score);
      const gap = g && n ? n.score - g.score : null;
      return { item, gov: g?.score ?? null, npo: n?.score ?? null, gap, disagree: gap === null ? true : Math.abs(gap) >= gapThreshold, gov_comment: g?.comment ?? null, npo_comment: n?.comment ?? null };
    }),
    gov, npo,
  };
}

/** Comparison report of one project: per item both sides' scores, the gap, and whether they disagree (|gap| ≥ gapThreshold, or one side silent). */
export function compareProject(db: Db, projectId: string, gapThreshold = 2): ProjectComparison[] {
  const rows = db.prepare('SELECT * FROM selection_evaluations WHERE project_id = ? AND retired_run IS NULL ORDER BY org_id, item, side').all(projectId) as EvalRow[];
  if (rows.length === 0) {
    throw new KyodoError('unknown_project', msg(`no evaluations for project ${projectId}; import them with kyodo import evaluations FILE`, `事業 ${projectId} の評価がありません。kyodo import evaluations FILE で取り込んでください`));
  }
  const orgs = [...new Set(rows.map((r) => r.org_id))];
  const nameOf = db.prepare('SELECT name FROM organizations WHERE org_id = ?').pluck();
  return orgs.map((orgId) => {
    const mine = rows.filter((r) => r.org_id === orgId);
    const cmp = compare(mine, gapThreshold);
    return {
      project_id: projectId, org_id: orgId, name: (nameOf.get(orgId) as string | undefined) ?? orgId, call_id: mine.find((r) => r.call_id)?.call_id ?? null,
      gap_threshold: gapThreshold, items: cmp.items, gov_mean: mean(cmp.gov), npo_mean: mean(cmp.npo), disagreements: cmp.items.filter((i) => i.disagree).length,
    };
  });
}

/** Every evaluated project of an organization, newest project ID last (shown when it applies again). */
export function evaluationHistory(db: Db, orgId: string, gapThreshold = 2): EvaluationSummary[] {
  const rows = db.prepare('SELECT * FROM selection_evaluations WHERE org_id = ? AND retired_run IS NULL ORDER BY project_id, item, side').all(orgId) as EvalRow[];
  const projects = [...new Set(rows.map((r) => r.project_id))];
  return projects.map((p) => {
    const mine = rows.filter((r) => r.project_id === p);
    const cmp = compare(mine, gapThreshold);
    return { project_id: p, call_id: mine.find((r) => r.call_id)?.call_id ?? null, gov_mean: mean(cmp.gov), npo_mean: mean(cmp.npo), items: cmp.items.length, disagreements: cmp.items.filter((i) => i.disagree).length };
  });
}
