/**
 * The sunset-subsidy report (サンセット方式の補助金, domain.md §7): every program
 * with its sunset fiscal year and status, budget and granted totals by year,
 * recipients funded more consecutive years than the program's life allows,
 * and PFS payouts computed from the recorded KPI actuals.
 */
import type { Db } from '../db/open.js';
import { parsePfsRule, pfsPayout } from './pfs.js';

export type SunsetStatus = 'active' | 'final_year' | 'expired' | 'violation';

export const SUNSET_STATUS_LABELS: Record<SunsetStatus, string> = {
  active: '継続中',
  final_year: '最終年度（見直し）',
  expired: '終了',
  violation: '終期後の交付（違反）',
};

export interface ProgramYear {
  fy: number;
  /** The annual budget in the years the program may pay (start_fy..sunset_fy), else null. */
  budget: number | null;
  granted: number;
  grants: number;
}

export interface SunsetProgram {
  program_id: string;
  name: string;
  department: string | null;
  start_fy: number;
  sunset_fy: number;
  /** Fiscal years after F in which it may still pay (0 in the final year and after). */
  years_remaining: number;
  /** The life in years (sunset_fy − start_fy + 1): the most consecutive years a recipient may be funded. */
  life_years: number;
  status: SunsetStatus;
  status_label: string;
  annual_budget: number | null;
  pfs_rule: string | null;
  granted_in_fy: number;
  granted_total: number;
  by_year: ProgramYear[];
}

export interface OverlongRecipient {
  program_id: string;
  program_name: string;
  org_id: string;
  org_name: string | null;
  first_fy: number;
  last_fy: number;
  consecutive_years: number;
  limit: number;
  total_amount: number;
}

export interface PfsLine {
  grant_id: string;
  program_id: string;
  org_id: string;
  org_name: string | null;
  fy: number;
  amount: number;
  kpi_target: number | null;
  kpi_actual: number | null;
  attainment: number | null;
  rule: string;
  rate: number;
  payout: number;
  explanation: string;
}

export interface SunsetReport {
  fy: number;
  /** The fiscal years of the by-year columns, oldest first. */
  years: number[];
  programs: SunsetProgram[];
  recipients: OverlongRecipient[];
  pfs: PfsLine[];
  /** Grants whose program is not in the database (they count nowhere else). */
  orphan_grants: { grant_id: string; program_id: string; fy: number; amount: number }[];
}

/** The last fiscal year a program may pay: end_fy, else start_fy + years − 1. */
export function sunsetFy(p: { start_fy: number; years: number | null; end_fy: number | null }): number {
  return p.end_fy ?? p.start_fy + (p.years ?? 1) - 1;
}

/** Status in fiscal year F (cli.md): active F < sunset; final_year F = sunset; after it expired, or violation if still granted in F. */
export function sunsetStatus(fy: number, sunset: number, grantedInFy: boolean): SunsetStatus {
  if (fy < sunset) return 'active';
  if (fy === sunset) return 'final_year';
  return grantedInFy ? 'violation' : 'expired';
}

/** The longest runs of consecutive fiscal years in a sorted list of distinct years. */
function runs(years: number[]): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  for (const y of years) {
    const cur = out[out.length - 1];
    if (cur && y === cur.last + 1) cur.last = y;
    else out.push({ first: y, last: y });
  }
  return out;
}

/** Computes the sunset report for fiscal year `fy`, with the by-year columns for `historyYears` years before it (default 4). */
export function computeSunsetReport(db: Db, fy: number, opts: { historyYears?: number } = {}): SunsetReport {
  const historyYears = opts.historyYears ?? 4;
  const years: number[] = [];
  for (let y = fy - historyYears; y <= fy; y++) years.push(y);
  const programs = db.prepare(`SELECT program_id, name, department, start_fy, years, end_fy, annual_budget, pfs_rule
    FROM programs WHERE retired_run IS NULL ORDER BY program_id`).all() as {
    program_id: string; name: string; department: string | null; start_fy: number; years: number | null; end_fy: number | null;
    annual_budget: number | null; pfs_rule: string | null;
  }[];
  // Grants counted by program and year: only amounts > 0 are "granted".
  const byYear = db.prepare(`SELECT fy, total(amount) AS granted, count(*) AS n FROM grants
    WHERE program_id = ? AND retired_run IS NULL AND amount > 0 GROUP BY fy`);
  const totalTo = db.prepare(`SELECT total(amount) FROM grants WHERE program_id = ? AND retired_run IS NULL AND fy <= ?`).pluck();

  const out: SunsetProgram[] = [];
  for (const p of programs) {
    const sunset = sunsetFy(p);
    const granted = new Map<number, { granted: number; n: number }>();
    for (const r of byYear.all(p.program_id) as { fy: number; granted: number; n: number }[]) granted.set(r.fy, { granted: r.granted, n: r.n });
    const inFy = granted.get(fy)?.granted ?? 0;
    const status = sunsetStatus(fy, sunset, inFy > 0);
    out.push({
      program_id: p.program_id,
      name: p.name,
      department: p.department,
      start_fy: p.start_fy,
      sunset_fy: sunset,
      years_remaining: Math.max(0, sunset - fy),
      life_years: sunset - p.start_fy + 1,
      status,
      status_label: SUNSET_STATUS_LABELS[status],
      annual_budget: p.annual_budget,
      pfs_rule: p.pfs_rule,
      granted_in_fy: inFy,
      granted_total: Number(totalTo.get(p.program_id, fy)),
      by_year: years.map((y) => ({
        fy: y,
        budget: y >= p.start_fy && y <= sunset ? p.annual_budget : null,
        granted: granted.get(y)?.granted ?? 0,
        grants: granted.get(y)?.n ?? 0,
      })),
    });
  }

  // Recipients: runs of consecutive fiscal years (up to F) funded by the same program, longer than its life.
  const recipients: OverlongRecipient[] = [];
  const byRecipient = db.prepare(`SELECT g.program_id, g.org_id, o.name AS org_name, g.fy, total(g.amount) AS amount
    FROM grants g LEFT JOIN organizations o ON o.org_id = g.org_id
    WHERE g.retired_run IS NULL AND g.amount > 0 AND g.fy <= ?
    GROUP BY g.program_id, g.org_id, g.fy ORDER BY g.program_id, g.org_id, g.fy`).all(fy) as
    { program_id: string; org_id: string; org_name: string | null; fy: number; amount: number }[];
  const programById = new Map(out.map((p) => [p.program_id, p]));
  for (let i = 0; i < byRecipient.length;) {
    const first = byRecipient[i]!;
    const rows: typeof byRecipient = [];
    while (i < byRecipient.length && byRecipient[i]!.program_id === first.program_id && byRecipient[i]!.org_id === first.org_id) rows.push(byRecipient[i++]!);
    const program = programById.get(first.program_id);
    if (!program) continue;
    for (const run of runs(rows.map((r) => r.fy))) {
      const length = run.last - run.first + 1;
      if (length <= program.life_years) continue;
      recipients.push({
        program_id: program.program_id, program_name: program.name, org_id: first.org_id, org_name: first.org_name,
        first_fy: run.first, last_fy: run.last, consecutive_years: length, limit: program.life_years,
        total_amount: rows.filter((r) => r.fy >= run.first && r.fy <= run.last).reduce((s, r) => s + r.amount, 0),
      });
    }
  }

  // PFS: grants of F under a program with a rule.
  const pfs: PfsLine[] = [];
  const pfsRows = db.prepare(`SELECT g.grant_id, g.program_id, g.org_id, o.name AS org_name, g.fy, g.amount, g.kpi_target, g.kpi_actual, p.pfs_rule
    FROM grants g JOIN programs p ON p.program_id = g.program_id LEFT JOIN organizations o ON o.org_id = g.org_id
    WHERE g.retired_run IS NULL AND p.retired_run IS NULL AND g.fy = ? AND p.pfs_rule IS NOT NULL AND p.pfs_rule <> ''
    ORDER BY g.program_id, g.grant_id`).all(fy) as
    { grant_id: string; program_id: string; org_id: string; org_name: string | null; fy: number; amount: number; kpi_target: number | null; kpi_actual: number | null; pfs_rule: string }[];
  for (const g of pfsRows) {
    const rule = parsePfsRule(g.pfs_rule);
    if (!rule.ok) {
      pfs.push({ ...withoutRule(g), attainment: null, rule: g.pfs_rule, rate: 0, payout: 0, explanation: `成果連動ルールを読めません: ${rule.reason.ja}` });
      continue;
    }
    const r = pfsPayout(rule.value, g.amount, g.kpi_target, g.kpi_actual);
    pfs.push({ ...withoutRule(g), attainment: r.attainment === null ? null : Math.round(r.attainment * 10_000) / 10_000, rule: rule.value.text, rate: r.rate, payout: r.payout, explanation: r.explanation });
  }

  const orphan_grants = db.prepare(`SELECT grant_id, program_id, fy, amount FROM grants g WHERE retired_run IS NULL
    AND NOT EXISTS (SELECT 1 FROM programs p WHERE p.program_id = g.program_id AND p.retired_run IS NULL) ORDER BY grant_id`).all() as SunsetReport['orphan_grants'];

  return { fy, years, programs: out, recipients, pfs, orphan_grants };
}

function withoutRule<T extends { pfs_rule: string }>(g: T): Omit<T, 'pfs_rule'> {
  const { pfs_rule: _drop, ...rest } = g;
  return rest;
}
