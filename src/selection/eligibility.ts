/**
 * Eligibility (応募資格): built-in checks evaluated from the database, each with
 * the evidence it relied on, and manual yes/no items answered per applicant.
 * Evidence strings are Japanese (they go into the disclosure) and hold only
 * facts about the organization, never personal data.
 */
import { fiscalYearRange, formatFiscalYear } from '../jp/fiscal-year.js';
import { parseCorporateNumber } from '../jp/codes.js';
import { legalFormOf } from '../reference/index.js';
import type { Criteria, EligibilityItem } from './criteria.js';

/** The organization facts the checks read (organizations row). */
export interface OrgFacts {
  org_id: string;
  name: string;
  legal_form: string | null;
  status: string;
  dissolved_on: string | null;
  retired_run: number | null;
  religious_political: number | null;
  last_report_fy: number | null;
  established_on: string | null;
  municipality_code: string | null;
  corporate_number: string | null;
  certified_on: string | null;
  certification_expires_on: string | null;
}

export interface EligibilityResult {
  item: string;
  label: string;
  pass: boolean;
  evidence: string;
}

const LEGAL_FORM_LABELS: Record<string, string> = {
  npo: 'NPO法人', certified_npo: '認定NPO法人', special_certified_npo: '特例認定NPO法人', general_association: '一般社団法人',
  general_foundation: '一般財団法人', public_interest_association: '公益社団法人', public_interest_foundation: '公益財団法人',
  social_welfare: '社会福祉法人', voluntary: '任意団体', neighborhood: '自治会・町会', other: 'その他',
};

function formLabel(code: string | null): string {
  if (!code) return '法人格の記録なし';
  return LEGAL_FORM_LABELS[code] ?? legalFormOf(code)?.label ?? code;
}

/** Evaluates every eligibility item of the criteria for one applicant. `fy` is the call's fiscal year. */
export function evaluateEligibility(criteria: Criteria, fy: number, org: OrgFacts, answers: Record<string, number>): EligibilityResult[] {
  return criteria.eligibility.map((e) => ({ item: e.id, label: e.label, ...evaluateOne(e, fy, org, answers) }));
}

function evaluateOne(e: EligibilityItem, fy: number, org: OrgFacts, answers: Record<string, number>): { pass: boolean; evidence: string } {
  const fyStart = fiscalYearRange(fy).start;
  switch (e.check) {
    case 'not_dissolved':
      if (org.status === 'dissolved') return { pass: false, evidence: `解散${org.dissolved_on ? `（${org.dissolved_on}）` : ''}` };
      if (org.retired_run !== null) return { pass: false, evidence: '団体名簿から外れています（取込で退会扱い）' };
      return { pass: true, evidence: `状態: ${org.status === 'dormant' ? '休止' : '活動中'}` };
    case 'not_religious_political':
      if (org.religious_political === 1) return { pass: false, evidence: '宗教活動・政治活動の団体として登録されています' };
      return { pass: true, evidence: org.religious_political === 0 ? '宗教活動・政治活動: 該当なし' : '宗教活動・政治活動: 該当の記録なし' };
    case 'report_submitted': {
      const need = fy - 1;
      if (org.last_report_fy === null) return { pass: false, evidence: `事業報告書の提出記録なし（必要: ${formatFiscalYear(need, 'both')}分）` };
      return org.last_report_fy >= need
        ? { pass: true, evidence: `事業報告書: ${formatFiscalYear(org.last_report_fy, 'both')}分まで提出（必要: ${formatFiscalYear(need, 'both')}分）` }
        : { pass: false, evidence: `事業報告書: ${formatFiscalYear(org.last_report_fy, 'both')}分が最新（必要: ${formatFiscalYear(need, 'both')}分）` };
    }
    case 'established_years': {
      const years = e.years ?? 1;
      const latest = `${fy - years}-04-01`;
      if (!org.established_on) return { pass: false, evidence: `設立日の記録なし（必要: ${latest} 以前の設立、${formatFiscalYear(fy)}開始時点で${years}年以上）` };
      return org.established_on <= latest
        ? { pass: true, evidence: `設立 ${org.established_on}（${fyStart} 時点で${years}年以上）` }
        : { pass: false, evidence: `設立 ${org.established_on}（${fyStart} 時点で${years}年未満。必要: ${latest} 以前の設立）` };
    }
    case 'area': {
      const list = e.municipalities ?? [];
      if (!org.municipality_code) return { pass: false, evidence: `所在地の市区町村コードの記録なし（対象: ${list.join('・')}）` };
      return list.includes(org.municipality_code)
        ? { pass: true, evidence: `市区町村コード ${org.municipality_code}（対象地域内）` }
        : { pass: false, evidence: `市区町村コード ${org.municipality_code}（対象: ${list.join('・')}）` };
    }
    case 'corporate_number_valid': {
      if (!org.corporate_number) return { pass: true, evidence: '法人番号なし（任意団体等）' };
      const p = parseCorporateNumber(org.corporate_number);
      return p.ok ? { pass: true, evidence: `法人番号 ${org.corporate_number}（検査用数字が正しい）` } : { pass: false, evidence: `法人番号 ${org.corporate_number} は正しくありません（${p.reason.ja}）` };
    }
    case 'certified': {
      const on = e.on ?? fyStart;
      const form = org.legal_form;
      if (form !== 'certified_npo' && form !== 'special_certified_npo') return { pass: false, evidence: `${formLabel(form)}（認定・特例認定の記録なし）` };
      if (org.certified_on && org.certified_on > on) return { pass: false, evidence: `${formLabel(form)}: 認定日 ${org.certified_on} が基準日 ${on} より後` };
      if (org.certification_expires_on && org.certification_expires_on < on) return { pass: false, evidence: `${formLabel(form)}: 有効期限 ${org.certification_expires_on} が基準日 ${on} より前（失効）` };
      return { pass: true, evidence: `${formLabel(form)}${org.certified_on ? `（認定日 ${org.certified_on}` : '（'}${org.certification_expires_on ? `、有効期限 ${org.certification_expires_on}` : ''}、基準日 ${on} で有効）` };
    }
    case 'legal_form': {
      const forms = e.forms ?? [];
      const okForm = org.legal_form !== null && forms.includes(org.legal_form);
      return { pass: okForm, evidence: `${formLabel(org.legal_form)}（認める法人格: ${forms.map(formLabel).join('・')}）` };
    }
    case 'manual': {
      const a = answers[e.id];
      if (a === undefined) return { pass: false, evidence: '未確認（応募データに回答なし）' };
      return a === 1 ? { pass: true, evidence: '申請書類で確認: はい' } : { pass: false, evidence: '申請書類で確認: いいえ' };
    }
    default: {
      const never: never = e.check;
      throw new Error(`unknown check ${String(never)}`);
    }
  }
}
