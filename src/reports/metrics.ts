/**
 * Built-in metrics of the KPI report (cli.md, Reports), each for one fiscal
 * year F (2025 = 令和7年度 = 2025-04-01 .. 2026-03-31, both days inclusive).
 * Everything is computed in SQL over the exact boundaries; retired records (no
 * longer listed by a --full import) are left out. The definitions, and the
 * choices where the spec leaves room, are in docs/reports.md.
 */
import type { Db } from '../db/open.js';
import { fiscalYearRange } from '../jp/fiscal-year.js';
import { fieldShortName } from '../reference/index.js';

export const METRIC_IDS = [
  'orgs_registered', 'orgs_active', 'certified_npos', 'volunteers_registered', 'volunteers_active', 'volunteer_hours',
  'activities', 'matches_accepted', 'matches_completed', 'match_hours', 'events', 'event_participants', 'orgs_using_center',
  'collaboration_projects', 'donations_total', 'self_financing_ratio_median', 'revenue_growth_median', 'survival_rate_3y',
  'npo_count_by_field',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** Parameters an indicator may pass to a metric (validated in kpi.ts). */
export interface MetricParams {
  /** collaboration_projects: only these 協働の方法 (委託, 補助, 共催 …). */
  method?: string[];
  /** events, event_participants, orgs_using_center: only these kinds (講座, 交流会, 施設利用 …). */
  kind?: string[];
  /** npo_count_by_field: the NPO-law field number 1–20. */
  field?: number;
}

export interface MetricInfo {
  label: string;
  unit: string;
  /** Params the metric reads. */
  params: readonly (keyof MetricParams)[];
  /**
   * The metric counting the people behind this figure, for small-cell
   * suppression (reliability.md): a published figure resting on 1–4 people is
   * withheld. Undefined: not about individual people (organizations, money).
   */
  peopleBasis?: MetricId;
}

export const METRICS: Record<MetricId, MetricInfo> = {
  orgs_registered: { label: 'センター登録団体数', unit: '団体', params: [] },
  orgs_active: { label: '活動中の団体数', unit: '団体', params: [] },
  certified_npos: { label: '認定・特例認定NPO法人数', unit: '法人', params: [] },
  volunteers_registered: { label: '登録ボランティア数', unit: '人', params: [], peopleBasis: 'volunteers_registered' },
  volunteers_active: { label: '活動したボランティア数', unit: '人', params: [], peopleBasis: 'volunteers_active' },
  volunteer_hours: { label: 'ボランティア活動時間', unit: '時間', params: [], peopleBasis: 'volunteers_active' },
  activities: { label: '活動記録件数', unit: '件', params: [], peopleBasis: 'volunteers_active' },
  matches_accepted: { label: 'マッチング成立件数', unit: '件', params: [], peopleBasis: 'matches_accepted' },
  matches_completed: { label: 'マッチング活動完了件数', unit: '件', params: [], peopleBasis: 'matches_completed' },
  match_hours: { label: 'マッチング経由の活動時間', unit: '時間', params: [], peopleBasis: 'matches_completed' },
  events: { label: '講座・行事等の開催数', unit: '回', params: ['kind'] },
  event_participants: { label: '講座・行事等の参加者数', unit: '人', params: ['kind'], peopleBasis: 'event_participants' },
  orgs_using_center: { label: 'センター利用団体数', unit: '団体', params: ['kind'] },
  collaboration_projects: { label: '協働事業数', unit: '件', params: ['method'] },
  donations_total: { label: '寄付金総額', unit: '円', params: [] },
  self_financing_ratio_median: { label: '自主財源比率（中央値）', unit: '%', params: [] },
  revenue_growth_median: { label: '収入増加率（中央値）', unit: '%', params: [] },
  survival_rate_3y: { label: '3年後存続率', unit: '%', params: [] },
  npo_count_by_field: { label: '活動分野別団体数', unit: '団体', params: ['field'] },
};

export function isMetricId(s: string): s is MetricId {
  return (METRIC_IDS as readonly string[]).includes(s);
}

/** Organizations that exist at the end of the day `end`: established (or date unknown), not dissolved by then. */
const EXISTS_AT = `retired_run IS NULL
  AND (established_on IS NULL OR established_on <= :end)
  AND (dissolved_on IS NULL OR dissolved_on > :end)
  AND NOT (status = 'dissolved' AND dissolved_on IS NULL)`;
/** …and not dormant (休止: the current status; kyodo keeps no history of it). */
const ACTIVE_AT = `${EXISTS_AT} AND status <> 'dormant'`;

/** Median of a list (mean of the two middle values for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The date of a stored UTC timestamp in Japan (JST, UTC+9), for fiscal-year boundaries of match decisions. */
const JST_DATE = (col: string): string => `date(${col}, '+9 hours')`;

interface ActivitySummary { records: number; hours: number; volunteers: number }

/**
 * Computes metrics for one database, memoising what several metrics share
 * (a fiscal year's activity totals serve volunteers_active, volunteer_hours
 * and activities; one scan of the volunteers serves every year's
 * volunteers_registered).
 */
export class MetricComputer {
  private readonly memo = new Map<string, number | null>();
  private readonly activityMemo = new Map<number, ActivitySummary>();

  constructor(private readonly db: Db) {}

  /** A metric's value for fiscal year `fy` (null: no data to compute it from, e.g. a median over nobody). */
  value(id: MetricId, fy: number, params: MetricParams = {}): number | null {
    const key = `${id}|${fy}|${JSON.stringify(params)}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    const v = this.compute(id, fy, params);
    this.memo.set(key, v);
    return v;
  }

  private count(sql: string, args: Record<string, unknown> | unknown[] = {}): number {
    return Number(this.db.prepare(sql).pluck().get(args) ?? 0);
  }

  private activity(fy: number): ActivitySummary {
    let a = this.activityMemo.get(fy);
    if (!a) {
      // Kept per fiscal year by the triggers of migrations 0006 and 0008: no scan of the activity records.
      const r = this.db.prepare('SELECT records, hours, volunteers FROM activity_years WHERE fy = ?').get(fy) as ActivitySummary | undefined;
      a = r ? { records: r.records, hours: Math.round(r.hours * 1e6) / 1e6, volunteers: r.volunteers } : { records: 0, hours: 0, volunteers: 0 };
      this.activityMemo.set(fy, a);
    }
    return a;
  }

  private readonly registeredMemo = new Map<number, number>();

  /** Registered volunteers at the end of `fy`; one scan of the table answers the eleven years around it. */
  private registeredVolunteers(fy: number): number {
    if (!this.registeredMemo.has(fy)) {
      const years = Array.from({ length: 11 }, (_, i) => fy - 9 + i);
      const sums = years.map(() => `sum(registered_on <= ?)`).join(', ');
      const row = this.db.prepare(`SELECT ${sums} FROM volunteers WHERE retired_run IS NULL AND status <> 'withdrawn'`).raw(true)
        .get(...years.map((y) => fiscalYearRange(y).end)) as (number | null)[];
      years.forEach((y, i) => this.registeredMemo.set(y, Number(row[i] ?? 0)));
    }
    return this.registeredMemo.get(fy)!;
  }

  private compute(id: MetricId, fy: number, p: MetricParams): number | null {
    const { start, end } = fiscalYearRange(fy);
    const db = this.db;
    switch (id) {
      case 'orgs_active':
        return this.count(`SELECT count(*) FROM organizations WHERE ${ACTIVE_AT}`, { end });
      case 'orgs_registered':
        return this.count(`SELECT count(*) FROM organizations WHERE ${ACTIVE_AT} AND registered_on <= :end`, { end });
      case 'certified_npos':
        return this.count(`SELECT count(*) FROM organizations WHERE ${EXISTS_AT}
          AND legal_form IN ('certified_npo', 'special_certified_npo') AND certified_on <= :end
          AND (certification_expires_on IS NULL OR certification_expires_on >= :end)`, { end });
      case 'volunteers_registered':
        return this.registeredVolunteers(fy);
      case 'volunteers_active': {
        // Volunteers with an activity record in F, plus those whose match was completed in F without one.
        const viaMatches = this.count(`SELECT count(DISTINCT m.volunteer_id) FROM matches m
          WHERE m.status = 'completed' AND ${JST_DATE('m.completed_at')} BETWEEN :start AND :end
          AND NOT EXISTS (SELECT 1 FROM activity_year_volunteers a WHERE a.fy = :fy AND a.volunteer_id = m.volunteer_id)`, { start, end, fy });
        return this.activity(fy).volunteers + viaMatches;
      }
      case 'volunteer_hours':
        return this.activity(fy).hours;
      case 'activities':
        return this.activity(fy).records;
      case 'matches_accepted':
        return this.count(`SELECT count(*) FROM matches WHERE status IN ('accepted', 'completed') AND ${JST_DATE('decided_at')} BETWEEN ? AND ?`, [start, end]);
      case 'matches_completed':
        return this.count(`SELECT count(*) FROM matches WHERE status = 'completed' AND ${JST_DATE('completed_at')} BETWEEN ? AND ?`, [start, end]);
      case 'match_hours':
        return Number(db.prepare(`SELECT total(hours) FROM matches WHERE status = 'completed' AND ${JST_DATE('completed_at')} BETWEEN ? AND ?`).pluck().get(start, end));
      case 'events':
      case 'event_participants':
      case 'orgs_using_center': {
        const kinds = p.kind ?? [];
        const kindSql = kinds.length ? ` AND kind IN (${kinds.map(() => '?').join(', ')})` : '';
        const what = id === 'events' ? 'count(*)' : id === 'event_participants' ? 'total(participants)' : 'count(DISTINCT org_id)';
        return Number(db.prepare(`SELECT ${what} FROM events WHERE retired_run IS NULL AND date BETWEEN ? AND ?${kindSql}`).pluck().get(start, end, ...kinds));
      }
      case 'collaboration_projects': {
        const methods = p.method ?? [];
        const methodSql = methods.length ? ` AND method IN (${methods.map(() => '?').join(', ')})` : '';
        return this.count(`SELECT count(*) FROM projects WHERE retired_run IS NULL AND fy = ?${methodSql}`, [fy, ...methods]);
      }
      case 'donations_total': {
        const r = db.prepare(`SELECT count(donations) AS n, total(donations) AS s FROM financials WHERE retired_run IS NULL AND fy = ?`).get(fy) as { n: number; s: number };
        return r.n === 0 ? null : r.s;
      }
      case 'self_financing_ratio_median': {
        const ratios = db.prepare(`SELECT (coalesce(donations, 0) + coalesce(business_income, 0)) * 100.0 / income_total
          FROM financials WHERE retired_run IS NULL AND fy = ? AND income_total > 0`).pluck().all(fy) as number[];
        return median(ratios);
      }
      case 'revenue_growth_median': {
        const growth = db.prepare(`SELECT (cur.income_total * 1.0 / prev.income_total - 1) * 100
          FROM financials cur JOIN financials prev ON prev.org_id = cur.org_id AND prev.fy = cur.fy - 1
          WHERE cur.fy = ? AND cur.retired_run IS NULL AND prev.retired_run IS NULL
            AND cur.income_total IS NOT NULL AND prev.income_total > 0`).pluck().all(fy) as number[];
        return median(growth);
      }
      case 'survival_rate_3y': {
        const cohort = fiscalYearRange(fy - 3);
        const r = db.prepare(`SELECT count(*) AS n,
            sum((dissolved_on IS NULL OR dissolved_on > :end) AND NOT (status = 'dissolved' AND dissolved_on IS NULL)) AS alive
          FROM organizations WHERE retired_run IS NULL AND registered_on BETWEEN :from AND :to`)
          .get({ end, from: cohort.start, to: cohort.end }) as { n: number; alive: number | null };
        return r.n === 0 ? null : ((r.alive ?? 0) * 100) / r.n;
      }
      case 'npo_count_by_field': {
        if (p.field === undefined) return this.count(`SELECT count(*) FROM organizations WHERE ${ACTIVE_AT} AND fields_mask > 0`, { end });
        return this.count(`SELECT count(*) FROM organizations WHERE ${ACTIVE_AT} AND (fields_mask & :bit) <> 0`, { end, bit: 1 << (p.field - 1) });
      }
      default: {
        const never: never = id;
        throw new Error(`unknown metric ${String(never)}`);
      }
    }
  }

  /** Active organizations at the end of `fy` per NPO-law field (an organization counts in each of its fields). */
  countByField(fy: number): { field: number; name: string; count: number }[] {
    const { end } = fiscalYearRange(fy);
    const masks = this.db.prepare(`SELECT fields_mask FROM organizations WHERE ${ACTIVE_AT} AND fields_mask > 0`).pluck().all({ end }) as number[];
    const counts = new Array<number>(20).fill(0);
    for (const m of masks) for (let f = 0; f < 20; f++) if (m & (1 << f)) counts[f]!++;
    return counts.map((count, i) => ({ field: i + 1, name: fieldShortName(i + 1) ?? String(i + 1), count }));
  }
}
