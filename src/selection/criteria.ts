/**
 * Selection criteria files (選定基準): call metadata, eligibility items (pass/fail
 * with evidence) and scored items (weight, scale, a descriptor per level),
 * threshold, aggregation and tie-break order. `lintCriteria` collects every
 * problem with its line before anything uses the file.
 */
import { readFileSync } from 'node:fs';
import { isMap, type Document } from 'yaml';
import { readYaml } from '../io/yaml.js';
import { UsageError, ValidationError, KyodoError, msg, type Msg } from '../errors.js';
import { parseFiscalYear } from '../jp/fiscal-year.js';
import { parseMunicipalityCode } from '../jp/codes.js';
import { parseDate } from '../jp/date.js';
import { legalFormOf } from '../reference/index.js';

/** 協働の方法: the six collaboration methods of the guidelines. */
export const METHODS = ['参画', '情報交換', '委託', '共催', '協力', '補助'] as const;
export type Method = (typeof METHODS)[number];

const METHOD_ALIASES: Record<string, Method> = {
  参画: '参画', '政策立案・事業企画への参画': '参画', participation: '参画',
  情報交換: '情報交換', '情報交換・意見交換': '情報交換', information_exchange: '情報交換',
  委託: '委託', commission: '委託',
  共催: '共催', 事業共催: '共催', co_hosting: '共催',
  協力: '協力', 事業協力: '協力', cooperation: '協力',
  補助: '補助', subsidy: '補助',
};

/** Long Japanese name of a method, for reports. */
export const METHOD_LABELS: Record<Method, string> = {
  参画: '政策立案・事業企画への参画', 情報交換: '情報交換・意見交換', 委託: '委託', 共催: '事業共催', 協力: '事業協力', 補助: '補助',
};

/** Eligibility checks kyodo evaluates from the database, plus `manual` (answered per applicant). */
export const CHECKS = ['not_dissolved', 'not_religious_political', 'report_submitted', 'established_years', 'area',
  'corporate_number_valid', 'certified', 'legal_form', 'manual'] as const;
export type CheckName = (typeof CHECKS)[number];

export const AGGREGATIONS = ['mean', 'trimmed_mean', 'drop_high_low'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface EligibilityItem {
  id: string;
  label: string;
  check: CheckName;
  /** established_years */
  years?: number;
  /** area: 全国地方公共団体コード (6 digits) */
  municipalities?: string[];
  /** certified: the date 認定 must be valid on (default: first day of the call's fiscal year) */
  on?: string;
  /** legal_form: allowed legal-form codes (warned: 法人格だけで判断しない) */
  forms?: string[];
}

export interface ScoredItem {
  id: string;
  label: string;
  weight: number;
  min: number;
  max: number;
  /** Descriptor per level (min..max). */
  descriptors: Record<number, string>;
  description?: string;
}

export interface Criteria {
  title?: string;
  fy?: number;
  method: Method;
  /** The call's scale: totals are out of this many points. */
  points: number;
  threshold: number;
  aggregation: Aggregation;
  /** trimmed_mean: fraction cut from each end. */
  trim: number;
  tieBreak: string[];
  eligibility: EligibilityItem[];
  items: ScoredItem[];
}

export interface LintProblem {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  /** Where in the document, e.g. items[2].weight */
  path: string;
  code: string;
  message: Msg;
}

export interface LintResult {
  criteria: Criteria | undefined;
  errors: LintProblem[];
  warnings: LintProblem[];
}

const TOP_KEYS = new Set(['title', 'fy', 'method', 'points', 'threshold', 'aggregation', 'trim', 'tie_break', 'eligibility', 'items', 'description', 'notes']);
const ID_RE = /^[a-z][a-z0-9_]*$/;
/** Words in a manual item that mean "has a 法人格" (or a particular one). */
const LEGAL_FORM_WORDS = /法人格|法人であること|法人に限る|NPO法人|特定非営利活動法人|法人登記|社団法人|財団法人|legal (form|person)/i;

/** Reads and lints a criteria file; throws UsageError when it cannot be read. */
export function readCriteriaFile(path: string): { text: string; bytes: Buffer } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UsageError('unreadable_file', msg(`cannot read ${path}: ${(err as Error).message}`, `${path} を読めません: ${(err as Error).message}`), { file: path });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError('invalid_encoding', msg(`${path} is not UTF-8; save the criteria file as UTF-8`, `${path} は UTF-8 ではありません。UTF-8 で保存してください`), { file: path });
  }
  return { text: text.replace(/^\uFEFF/, ''), bytes };
}

/** Lints criteria text: every error and warning, with line numbers where the YAML has them. */
export function lintCriteria(text: string, file: string): LintResult {
  const { doc, lineCounter: lc, value: raw, problems } = readYaml(text);
  const errors: LintProblem[] = [];
  const warnings: LintProblem[] = [];
  const lineOf = (path: (string | number)[]): number | undefined => {
    const node = path.length === 0 ? doc.contents : (doc as Document).getIn(path, true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lc.linePos(range[0]).line : undefined;
  };
  const pathText = (path: (string | number)[]): string => path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
  const add = (severity: 'error' | 'warning', path: (string | number)[], code: string, en: string, ja: string): void => {
    (severity === 'error' ? errors : warnings).push({ severity, file, line: lineOf(path), path: pathText(path), code, message: msg(en, ja) });
  };
  // Syntax errors and an alias bomb (src/io/yaml.ts): nothing else can be checked.
  for (const p of problems) errors.push({ severity: 'error', file, line: p.line, path: '', code: p.code, message: p.message });
  if (errors.length > 0) return { criteria: undefined, errors, warnings };
  if (!isMap(doc.contents) || typeof raw !== 'object' || raw === null) {
    add('error', [], 'not_a_mapping', 'the criteria file must be a YAML mapping (title:, method:, items:, …)', '選定基準ファイルは YAML のマッピング（title:, method:, items: …）にしてください');
    return { criteria: undefined, errors, warnings };
  }
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!TOP_KEYS.has(k)) add('warning', [k], 'unknown_key', `unknown key "${k}" is ignored (known: ${[...TOP_KEYS].join(', ')})`, `不明なキー「${k}」は無視します（使えるキー: ${[...TOP_KEYS].join(', ')}）`);
  }

  // Call metadata.
  const title = typeof r.title === 'string' && r.title.trim() !== '' ? r.title.trim() : undefined;
  if (r.title !== undefined && title === undefined) add('error', ['title'], 'invalid_title', 'title must be text', 'title は文字列にしてください');
  let fy: number | undefined;
  if (r.fy !== undefined) {
    const p = parseFiscalYear(String(r.fy));
    if (p.ok) fy = p.value;
    else add('error', ['fy'], 'invalid_fy', `fy: ${p.reason.en}`, `fy: ${p.reason.ja}`);
  }
  let method: Method | undefined;
  if (r.method === undefined) add('error', [], 'missing_method', `method is required: one of ${METHODS.join(' / ')}`, `method（協働の方法）は必須です: ${METHODS.join('・')}`);
  else {
    method = METHOD_ALIASES[String(r.method).trim()];
    if (!method) add('error', ['method'], 'invalid_method', `method "${String(r.method)}" is not one of ${METHODS.join(' / ')}`, `method「${String(r.method)}」は ${METHODS.join('・')} のいずれかにしてください`);
  }
  let points = 100;
  if (r.points !== undefined) {
    if (typeof r.points === 'number' && Number.isFinite(r.points) && r.points > 0) points = r.points;
    else add('error', ['points'], 'invalid_points', 'points (the scale of the total) must be a positive number, e.g. 100', 'points（満点）は正の数にしてください（例: 100）');
  }
  let aggregation: Aggregation = 'mean';
  if (r.aggregation !== undefined) {
    if ((AGGREGATIONS as readonly unknown[]).includes(r.aggregation)) aggregation = r.aggregation as Aggregation;
    else add('error', ['aggregation'], 'invalid_aggregation', `aggregation must be one of ${AGGREGATIONS.join(', ')}`, `aggregation は ${AGGREGATIONS.join('、')} のいずれかにしてください`);
  }
  let trim = 0;
  if (r.trim !== undefined) {
    if (typeof r.trim === 'number' && r.trim >= 0 && r.trim < 0.5) trim = r.trim;
    else add('error', ['trim'], 'invalid_trim', 'trim (the fraction cut from each end) must be at least 0 and below 0.5, e.g. 0.2', 'trim（両端から除く割合）は 0 以上 0.5 未満にしてください（例: 0.2）');
    if (aggregation !== 'trimmed_mean') add('warning', ['trim'], 'unused_trim', 'trim is used only with aggregation: trimmed_mean', 'trim は aggregation: trimmed_mean のときだけ使います');
  } else if (aggregation === 'trimmed_mean') {
    add('error', ['aggregation'], 'missing_trim', 'aggregation trimmed_mean needs trim: the fraction cut from each end (e.g. 0.2)', 'trimmed_mean には trim（両端から除く割合、例: 0.2）が必要です');
  }

  // Scored items.
  const items: ScoredItem[] = [];
  const ids = new Set<string>();
  if (!Array.isArray(r.items) || r.items.length === 0) {
    add('error', r.items === undefined ? [] : ['items'], 'missing_items', 'items: at least one scored item (id, label, weight, scale, descriptors)', 'items（評価項目: id, label, weight, scale, descriptors）が1つ以上必要です');
  } else {
    r.items.forEach((it: unknown, i: number) => {
      const at = ['items', i];
      if (typeof it !== 'object' || it === null || Array.isArray(it)) return add('error', at, 'invalid_item', 'each item is a mapping with id, label, weight, scale, descriptors', '評価項目は id, label, weight, scale, descriptors を持つマッピングにしてください');
      const o = it as Record<string, unknown>;
      const id = typeof o.id === 'string' ? o.id : '';
      if (!ID_RE.test(id)) add('error', [...at, 'id'], 'invalid_id', `item id "${String(o.id ?? '')}" must be lower-case letters, digits and _ (e.g. public_benefit)`, `項目ID「${String(o.id ?? '')}」は英小文字・数字・_ にしてください（例: public_benefit）`);
      else if (ids.has(id)) add('error', [...at, 'id'], 'duplicate_id', `item id "${id}" appears twice`, `項目ID「${id}」が重複しています`);
      ids.add(id);
      const label = typeof o.label === 'string' && o.label.trim() ? o.label.trim() : '';
      if (!label) add('error', at, 'missing_label', `item ${id}: label (the name shown to reviewers and in the disclosure) is required`, `項目 ${id}: label（項目名）は必須です`);
      const weight = o.weight;
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) add('error', o.weight === undefined ? at : [...at, 'weight'], 'invalid_weight', `item ${id}: weight must be a positive number`, `項目 ${id}: weight（配点）は正の数にしてください`);
      let min = 1;
      let max = 5;
      let scaleOk = true;
      if (typeof o.scale === 'number') max = o.scale;
      else if (Array.isArray(o.scale) && o.scale.length === 2) [min, max] = o.scale as [number, number];
      else if (o.scale !== undefined) scaleOk = false;
      else add('error', at, 'missing_scale', `item ${id}: scale is required (e.g. scale: 5 for levels 1–5, or [0, 4])`, `項目 ${id}: scale（段階）が必要です（例: 5 なら 1〜5、[0, 4]）`);
      if (scaleOk && (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max <= min || max - min > 10)) scaleOk = false;
      if (!scaleOk) add('error', [...at, 'scale'], 'invalid_scale', `item ${id}: scale must be integer levels, e.g. 5 (1–5) or [0, 4], at most 11 levels`, `項目 ${id}: scale は整数の段階にしてください（例: 5 なら 1〜5、[0, 4]。最大11段階）`);
      const descriptors: Record<number, string> = {};
      const d = o.descriptors;
      if (d === undefined || typeof d !== 'object' || d === null || Array.isArray(d)) {
        add('error', d === undefined ? at : [...at, 'descriptors'], 'missing_descriptors', `item ${id}: descriptors (what each level means) are required, one per level`, `項目 ${id}: descriptors（各段階の評価の目安）が段階ごとに必要です`);
      } else {
        for (const [k, v] of Object.entries(d as Record<string, unknown>)) {
          const level = Number(k);
          if (!Number.isInteger(level) || (scaleOk && (level < min || level > max))) {
            add('error', [...at, 'descriptors', k], 'descriptor_out_of_scale', `item ${id}: descriptor for level ${k} is outside the scale ${min}–${max}`, `項目 ${id}: 段階 ${k} の目安が尺度 ${min}〜${max} の外です`);
          } else if (typeof v !== 'string' || v.trim() === '') {
            add('error', [...at, 'descriptors', k], 'empty_descriptor', `item ${id}: descriptor for level ${k} is empty`, `項目 ${id}: 段階 ${k} の目安が空です`);
          } else descriptors[level] = v.trim();
        }
        if (scaleOk) {
          const missing: number[] = [];
          for (let l = min; l <= max; l++) if (descriptors[l] === undefined && (d as Record<string, unknown>)[String(l)] === undefined) missing.push(l);
          if (missing.length > 0) add('error', [...at, 'descriptors'], 'missing_descriptor', `item ${id}: no descriptor for level(s) ${missing.join(', ')} — reviewers need one per level to score consistently`, `項目 ${id}: 段階 ${missing.join('、')} の目安がありません（審査を揃えるため段階ごとに必要です）`);
        }
      }
      items.push({ id, label, weight: typeof weight === 'number' ? weight : 0, min, max, descriptors, ...(typeof o.description === 'string' ? { description: o.description } : {}) });
    });
    const sum = items.reduce((s, it) => s + it.weight, 0);
    if (sum > 0 && Math.abs(sum - points) > 1e-9) {
      add('warning', ['items'], 'weights_not_points', `weights add up to ${sum}, not ${points} points: totals are scaled to ${points} points in proportion to the weights`, `配点の合計は ${sum} で、満点 ${points} と一致しません（配点の比で ${points} 点満点に換算します）`);
    }
  }

  // Threshold and tie-break.
  let threshold = 0;
  if (r.threshold === undefined) add('warning', [], 'missing_threshold', 'no threshold: every eligible applicant counts as above it', 'threshold（最低基準点）がありません。全ての適格な応募者を基準点以上として扱います');
  else if (typeof r.threshold !== 'number' || !Number.isFinite(r.threshold) || r.threshold < 0) add('error', ['threshold'], 'invalid_threshold', 'threshold must be a number of points ≥ 0', 'threshold は 0 以上の点数にしてください');
  else if (r.threshold > points) add('error', ['threshold'], 'threshold_above_max', `threshold ${r.threshold} is above the maximum total of ${points} points: nobody could pass`, `最低基準点 ${r.threshold} が満点 ${points} を超えています（誰も通過できません）`);
  else threshold = r.threshold;
  const tieBreak: string[] = [];
  if (r.tie_break !== undefined) {
    if (!Array.isArray(r.tie_break)) add('error', ['tie_break'], 'invalid_tie_break', 'tie_break is a list of item ids, e.g. [feasibility, public_benefit]', 'tie_break は項目IDの並び（例: [feasibility, public_benefit]）にしてください');
    else {
      r.tie_break.forEach((k: unknown, i: number) => {
        if (typeof k !== 'string' || !ids.has(k)) add('error', ['tie_break', i], 'unknown_tie_break', `tie_break key "${String(k)}" is not an item id (${[...ids].join(', ')})`, `tie_break の「${String(k)}」は項目IDではありません（${[...ids].join('、')}）`);
        else tieBreak.push(k);
      });
    }
  } else {
    add('warning', [], 'missing_tie_break', 'no tie_break: applicants with equal totals share a rank', 'tie_break（同点時の順位の決め方）がありません。同点の応募者は同順位になります');
  }

  // Eligibility items.
  const eligibility: EligibilityItem[] = [];
  if (r.eligibility !== undefined && !Array.isArray(r.eligibility)) add('error', ['eligibility'], 'invalid_eligibility', 'eligibility is a list of items (id, check, label)', 'eligibility は項目（id, check, label）の並びにしてください');
  const eligIds = new Set<string>();
  (Array.isArray(r.eligibility) ? r.eligibility : []).forEach((it: unknown, i: number) => {
    const at = ['eligibility', i];
    if (typeof it !== 'object' || it === null || Array.isArray(it)) return add('error', at, 'invalid_eligibility_item', 'each eligibility item is a mapping with id, check and label', '資格要件は id, check, label を持つマッピングにしてください');
    const o = it as Record<string, unknown>;
    const check = o.check as CheckName;
    if (!(CHECKS as readonly unknown[]).includes(check)) {
      return add('error', [...at, 'check'], 'unknown_check', `check "${String(o.check)}" is not known (${CHECKS.join(', ')})`, `check「${String(o.check)}」は使えません（${CHECKS.join('、')}）`);
    }
    const id = typeof o.id === 'string' ? o.id : check;
    if (!ID_RE.test(id)) add('error', [...at, 'id'], 'invalid_id', `eligibility id "${id}" must be lower-case letters, digits and _`, `資格要件ID「${id}」は英小文字・数字・_ にしてください`);
    else if (eligIds.has(id)) add('error', [...at, 'id'], 'duplicate_id', `eligibility id "${id}" appears twice`, `資格要件ID「${id}」が重複しています`);
    eligIds.add(id);
    const label = typeof o.label === 'string' && o.label.trim() ? o.label.trim() : DEFAULT_LABELS[check];
    if (check === 'manual' && !(typeof o.label === 'string' && o.label.trim())) add('error', at, 'missing_label', `eligibility ${id}: a manual item needs a label (the question answered per applicant)`, `資格要件 ${id}: 手動確認の項目には label（確認事項）が必要です`);
    const item: EligibilityItem = { id, label, check };
    if (check === 'established_years') {
      if (typeof o.years !== 'number' || !Number.isInteger(o.years) || o.years < 1) add('error', [...at, 'years'], 'invalid_years', `eligibility ${id}: years must be a whole number ≥ 1`, `資格要件 ${id}: years は 1 以上の整数にしてください`);
      else item.years = o.years;
    }
    if (check === 'area') {
      const list = Array.isArray(o.municipalities) ? o.municipalities : [];
      if (list.length === 0) add('error', [...at, 'municipalities'], 'missing_municipalities', `eligibility ${id}: municipalities (全国地方公共団体コード) are required`, `資格要件 ${id}: municipalities（全国地方公共団体コード）が必要です`);
      item.municipalities = [];
      list.forEach((c: unknown, j: number) => {
        const p = parseMunicipalityCode(String(c));
        if (p.ok) item.municipalities!.push(p.value);
        else add('error', [...at, 'municipalities', j], 'invalid_municipality', `eligibility ${id}: ${String(c)}: ${p.reason.en}`, `資格要件 ${id}: ${String(c)}: ${p.reason.ja}`);
      });
    }
    if (check === 'certified') {
      if (o.on !== undefined) {
        const p = parseDate(String(o.on));
        if (p.ok) item.on = p.value;
        else add('error', [...at, 'on'], 'invalid_date', `eligibility ${id}: on: ${p.reason.en}`, `資格要件 ${id}: on: ${p.reason.ja}`);
      }
      add('warning', at, 'legal_form_knockout', `eligibility ${id} requires 認定/特例認定 status, which only NPO法人 can hold: every voluntary group, 自治会 and other legal form is knocked out. 法人格だけで判断しない — keep it only if the call truly requires it (e.g. tax-deductible donations)`,
        `資格要件 ${id} は認定・特例認定を求めるため、NPO法人以外（任意団体・自治会等）は一律に対象外になります。「法人格だけで判断しない」原則に照らし、事業上本当に必要な場合だけ残してください`);
    }
    if (check === 'legal_form') {
      const forms = Array.isArray(o.forms) ? o.forms : [];
      item.forms = [];
      if (forms.length === 0) add('error', [...at, 'forms'], 'missing_forms', `eligibility ${id}: forms (the allowed legal forms) are required`, `資格要件 ${id}: forms（認める法人格）が必要です`);
      forms.forEach((f: unknown, j: number) => {
        const lf = legalFormOf(String(f));
        if (lf) item.forms!.push(lf.code);
        else add('error', [...at, 'forms', j], 'unknown_legal_form', `eligibility ${id}: "${String(f)}" is not a known legal form`, `資格要件 ${id}: 「${String(f)}」は法人格として認識できません`);
      });
      add('warning', at, 'legal_form_knockout', `eligibility ${id} knocks out applicants by legal form alone (allowed: ${item.forms.join(', ')}). 法人格だけで判断しない: judge activity content and track record; keep this only if the law or the project truly requires it`,
        `資格要件 ${id} は法人格だけで応募者を除外します（認める法人格: ${item.forms.join('、')}）。「法人格だけで判断しない」— 活動内容と実績で判断し、法令や事業の性質上どうしても必要な場合だけ残してください`);
    }
    if (check === 'manual' && LEGAL_FORM_WORDS.test(`${label} ${typeof o.description === 'string' ? o.description : ''}`)) {
      add('warning', at, 'legal_form_knockout', `manual eligibility ${id} ("${label}") appears to require a legal form (法人格). 法人格だけで判断しない: judge activity content and track record, not legal status alone`,
        `手動確認の資格要件 ${id}（${label}）は法人格を求めているようです。「法人格だけで判断しない」— 法人格の有無だけでなく活動内容と実績で判断してください`);
    }
    eligibility.push(item);
  });
  for (const id of eligIds) if (ids.has(id)) add('error', [], 'duplicate_id', `"${id}" is both an eligibility id and an item id`, `「${id}」が資格要件IDと評価項目IDの両方に使われています`);

  const criteria: Criteria | undefined = errors.length === 0 && method
    ? { ...(title ? { title } : {}), ...(fy !== undefined ? { fy } : {}), method, points, threshold, aggregation, trim, tieBreak, eligibility, items }
    : undefined;
  return { criteria, errors, warnings };
}

const DEFAULT_LABELS: Record<CheckName, string> = {
  not_dissolved: '解散していないこと',
  not_religious_political: '宗教活動・政治活動を主たる目的としないこと',
  report_submitted: '前年度の事業報告書を提出していること',
  established_years: '設立後一定年数以上の活動実績があること',
  area: '市内に事務所または活動拠点があること',
  corporate_number_valid: '法人番号（ある場合）が正しいこと',
  certified: '認定NPO法人または特例認定NPO法人であること',
  legal_form: '法人格の要件',
  manual: '確認事項',
};

/** Parses criteria that must be valid (frozen calls, open): throws ValidationError listing every error. */
export function parseCriteriaOrThrow(text: string, file: string): { criteria: Criteria; warnings: LintProblem[] } {
  const r = lintCriteria(text, file);
  if (!r.criteria) {
    throw new ValidationError('invalid_criteria', msg(`${file}: ${r.errors.length} problem(s) in the criteria (see kyodo select lint)`, `${file}: 選定基準に ${r.errors.length} 件の問題があります（kyodo select lint で確認）`),
      r.errors.map((e) => new KyodoError(e.code, e.message, { file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), column: e.path })));
  }
  return { criteria: r.criteria, warnings: r.warnings };
}

/** Item ids by level count for quick lookups. */
export function itemById(c: Criteria, id: string): ScoredItem | undefined {
  return c.items.find((i) => i.id === id);
}
