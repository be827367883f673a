/**
 * Import kinds of the records the yearly reports read (rosters.md, "Records for
 * the yearly reports"): activity records, organizations' financials per fiscal
 * year, subsidy programs, grants, collaboration projects (協働事業), center usage
 * and events, and manual indicator values (survey figures).
 */
import { msg } from '../../errors.js';
import { ok } from '../../jp/parsed.js';
import { parseYen } from '../../jp/values.js';
import { parseFiscalYear } from '../../jp/fiscal-year.js';
import { parsePfsRule } from '../../reports/pfs.js';
import * as cell from '../cells.js';
import type { KindSpec } from '../kind.js';
import { checkOrgExists, orgIdColumn, unknownOrg } from './checks.js';

/** Whole yen ≥ 0: 1200, 1,200円, ¥1,200, 12万円. */
const yen: cell.CellType = {
  parse(v) {
    const p = parseYen(v, { min: 0 });
    return p.ok ? ok([p.value]) : p;
  },
};

/** A PFS rule, validated on import so a typo is a rejected row, not a wrong payout. */
const pfsRule: cell.CellType = {
  parse(v) {
    const p = parsePfsRule(v);
    return p.ok ? ok([p.value.text]) : p;
  },
};

const FY = ['年度', '会計年度', '事業年度'];

/**
 * Key of a record keyed by an ID and a fiscal year. The pipeline takes key cells
 * as text, so the 年度 part is parsed here: "R7", "令和7年度" and "2025" are one key.
 */
function idAndFiscalYear(idColumn: string): NonNullable<KindSpec['deriveKey']> {
  return (get) => {
    const id = get(idColumn);
    if (id === undefined) {
      return { ok: false, column: idColumn, value: null, code: 'missing_value', reason: msg(`${idColumn} is empty; every row needs its key`, `${idColumn} が空です（キーは必須）`) };
    }
    const raw = get('fy');
    if (raw === undefined) return { ok: false, column: 'fy', value: null, code: 'missing_value', reason: msg('fy is empty; every row needs its fiscal year', '年度が空です（キーは必須）') };
    const fy = parseFiscalYear(raw);
    if (!fy.ok) return { ok: false, column: 'fy', value: raw, code: fy.code, reason: fy.reason };
    return { ok: true, value: [id, String(fy.value)] };
  };
}

/** 活動記録: one volunteer activity (or a group activity with participants) on one day. */
export const activitiesSpec: KindSpec = {
  kind: 'activities',
  table: 'activities',
  label: msg('activity records', '活動記録'),
  key: ['activity_id'],
  columns: [
    { name: 'activity_id', aliases: ['活動ID', '活動記録ID', '記録ID'], type: cell.text, required: true },
    orgIdColumn,
    { name: 'volunteer_id', aliases: ['ボランティアID', '登録番号'], type: cell.text },
    { name: 'opening_id', aliases: ['募集ID'], type: cell.text },
    { name: 'date', aliases: ['活動日', '日付', '実施日'], type: cell.date, required: true },
    { name: 'hours', aliases: ['活動時間', '時間'], type: cell.decimal(0, 10_000) },
    { name: 'participants', aliases: ['参加人数', '人数'], type: cell.integer(0, 1_000_000) },
  ],
  checkRecord: checkOrgExists,
};

/** 団体の収支: one organization's income for one fiscal year (from its 活動計算書). */
export const financialsSpec: KindSpec = {
  kind: 'financials',
  table: 'financials',
  label: msg('financials', '団体の収支'),
  key: ['org_id', 'fy'],
  deriveKey: idAndFiscalYear('org_id'),
  columns: [
    orgIdColumn,
    { name: 'fy', aliases: FY, type: cell.fiscalYear, required: true },
    { name: 'income_total', aliases: ['収入合計', '経常収益計', '収益合計'], type: yen },
    { name: 'donations', aliases: ['寄付金', '受取寄付金'], type: yen },
    { name: 'membership_fees', aliases: ['会費', '受取会費'], type: yen },
    { name: 'business_income', aliases: ['事業収入', '事業収益'], type: yen },
    { name: 'grants', aliases: ['補助金・助成金', '補助金等', '受取補助金等', '助成金'], type: yen },
    { name: 'commissions', aliases: ['受託収入', '委託', '委託料'], type: yen },
  ],
  checkRecord(values, ctx) {
    const org = checkOrgExists(values, ctx);
    if (org) return org;
    const total = values.get('income_total');
    if (typeof total !== 'number') return undefined;
    let parts = 0;
    for (const c of ['donations', 'membership_fees', 'business_income', 'grants', 'commissions']) {
      const v = values.get(c);
      if (typeof v === 'number') parts += v;
    }
    if (parts > total) {
      return {
        column: 'income_total', value: String(total), code: 'income_total_too_small',
        reason: msg(`the income items add up to ${parts} yen, more than income_total ${total}`, `収入の内訳の合計 ${parts}円 が収入合計 ${total}円 を超えています`),
      };
    }
    return undefined;
  },
};

/** 補助金制度: a subsidy program with its sunset clause (サンセット方式) and optional PFS rule. */
export const programsSpec: KindSpec = {
  kind: 'programs',
  table: 'programs',
  label: msg('subsidy programs', '補助金制度'),
  key: ['program_id'],
  columns: [
    { name: 'program_id', aliases: ['制度ID', '事業ID', '補助金ID'], type: cell.text, required: true },
    { name: 'name', aliases: ['制度名', '補助金名', '名称'], type: cell.text, required: true },
    { name: 'department', aliases: ['担当課', '所管課'], type: cell.text },
    { name: 'start_fy', aliases: ['開始年度'], type: cell.fiscalYear, required: true },
    { name: 'years', aliases: ['存続年数', '期間', '年数'], type: cell.integer(1, 100) },
    { name: 'end_fy', aliases: ['終期年度', '終了年度', '終期'], type: cell.fiscalYear },
    { name: 'annual_budget', aliases: ['年間予算', '予算額', '予算'], type: yen },
    { name: 'pfs_rule', aliases: ['成果連動ルール', '成果連動'], type: pfsRule },
  ],
  checkRecord(values) {
    const start = values.get('start_fy');
    const years = values.get('years');
    const end = values.get('end_fy');
    if (years == null && end == null) {
      return {
        column: 'years', value: null, code: 'no_sunset',
        reason: msg('a program needs its life: years (存続年数) or end_fy (終期年度)', '制度には存続年数か終期年度が必要です（サンセット方式）'),
      };
    }
    if (typeof start === 'number' && typeof end === 'number' && end < start) {
      return { column: 'end_fy', value: String(end), code: 'fy_order', reason: msg(`end_fy ${end} is before start_fy ${start}`, `終期年度 ${end} が開始年度 ${start} より前です`) };
    }
    if (typeof start === 'number' && typeof end === 'number' && typeof years === 'number' && start + years - 1 !== end) {
      return {
        column: 'end_fy', value: String(end), code: 'sunset_mismatch',
        reason: msg(`start_fy ${start} + years ${years} − 1 = ${start + years - 1}, not end_fy ${end}; give one of them`, `開始年度 ${start} と存続年数 ${years} からは終期 ${start + years - 1} 年度となり、終期年度 ${end} と合いません`),
      };
    }
    return undefined;
  },
};

/** 交付: one grant of a program to an organization in one fiscal year, with the agreed KPI. */
export const grantsSpec: KindSpec = {
  kind: 'grants',
  table: 'grants',
  label: msg('grants', '補助金交付'),
  key: ['grant_id'],
  columns: [
    { name: 'grant_id', aliases: ['交付ID', '交付番号'], type: cell.text, required: true },
    { name: 'program_id', aliases: ['制度ID', '補助金ID'], type: cell.text, required: true },
    orgIdColumn,
    { name: 'fy', aliases: FY, type: cell.fiscalYear, required: true },
    { name: 'amount', aliases: ['交付額', '金額', '交付決定額'], type: yen, required: true },
    { name: 'kpi_target', aliases: ['成果目標', '目標値'], type: cell.decimal() },
    { name: 'kpi_actual', aliases: ['成果実績', '実績値'], type: cell.decimal() },
  ],
  checkRecord(values, ctx) {
    const org = checkOrgExists(values, ctx);
    if (org) return org;
    const programId = values.get('program_id');
    // programExists is passed by the import pipeline once it knows about it (see RecordContext).
    if (typeof programId === 'string' && ctx.programExists && !ctx.programExists(programId)) {
      return {
        column: 'program_id', value: programId, code: 'unknown_program',
        reason: msg(`program ${programId} is not in the database; import the programs first`, `制度 ${programId} が登録されていません。先に補助金制度を取り込んでください`),
      };
    }
    return undefined;
  },
};

/** 協働事業: a collaboration project of the municipality with organizations. */
export const projectsSpec: KindSpec = {
  kind: 'projects',
  table: 'projects',
  label: msg('collaboration projects', '協働事業'),
  key: ['project_id'],
  columns: [
    { name: 'project_id', aliases: ['事業ID', '事業番号'], type: cell.text, required: true },
    { name: 'fy', aliases: FY, type: cell.fiscalYear, required: true },
    { name: 'title', aliases: ['事業名', '件名'], type: cell.text, required: true },
    { name: 'method', aliases: ['協働の方法', '協働形態', '手法'], type: cell.text },
    { name: 'department', aliases: ['担当課', '所管課'], type: cell.text },
    { name: 'org_ids', aliases: ['団体ID', '協働団体', '団体'], type: cell.list },
    { name: 'budget', aliases: ['予算', '事業費'], type: yen },
  ],
  checkRecord(values, ctx) {
    const ids = values.get('org_ids');
    if (typeof ids !== 'string') return undefined;
    for (const id of JSON.parse(ids) as string[]) if (!ctx.orgExists(id)) return unknownOrg(id, 'org_ids');
    return undefined;
  },
};

/** 行事・利用: an event, training, consultation or facility use at the center. */
export const eventsSpec: KindSpec = {
  kind: 'events',
  table: 'events',
  label: msg('events and center usage', '行事・センター利用'),
  key: ['event_id'],
  columns: [
    { name: 'event_id', aliases: ['行事ID', '利用ID', '記録ID'], type: cell.text, required: true },
    { name: 'date', aliases: ['日付', '開催日', '利用日'], type: cell.date, required: true },
    { name: 'kind', aliases: ['種別', '区分'], type: cell.text },
    { name: 'title', aliases: ['名称', '行事名', '件名'], type: cell.text },
    { ...orgIdColumn, required: false },
    { name: 'participants', aliases: ['参加人数', '参加者数', '人数'], type: cell.integer(0, 1_000_000) },
  ],
  checkRecord: checkOrgExists,
};

/** 指標値: a value entered by hand for an indicator and fiscal year (survey results…). */
export const indicatorsSpec: KindSpec = {
  kind: 'indicators',
  table: 'indicators',
  label: msg('indicator values', '指標値'),
  key: ['indicator_id', 'fy'],
  deriveKey: idAndFiscalYear('indicator_id'),
  columns: [
    { name: 'indicator_id', aliases: ['指標ID'], type: cell.text, required: true },
    { name: 'fy', aliases: FY, type: cell.fiscalYear, required: true },
    { name: 'value', aliases: ['値', '実績', '実績値'], type: cell.decimal(), required: true },
    { name: 'source', aliases: ['出典', '調査名'], type: cell.text },
  ],
};
