/**
 * The KPI report: indicator definitions (templates/kpi/*.yaml, or a user's
 * YAML), and per indicator the target, actual, attainment and status for a
 * fiscal year and the years before it. Builds plain data; rendering is
 * src/reports/render.ts and the templates in templates/reports/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../db/open.js';
import { KyodoError, UsageError, ValidationError, msg } from '../errors.js';
import { parseYamlFile } from '../io/yaml.js';
import { parseFiscalYear } from '../jp/fiscal-year.js';
import { METRICS, METRIC_IDS, MetricComputer, isMetricId, type MetricId, type MetricParams } from './metrics.js';

export const LEVELS = ['KGI', 'KSI', 'KPI', 'KPI outcome', 'KPI output', 'activity'] as const;
export type Level = (typeof LEVELS)[number];

export interface IndicatorDef {
  id: string;
  name: string;
  level: Level;
  unit: string;
  direction: 'up' | 'down';
  /** A built-in metric, or 'manual' (values imported as kind indicators). */
  metric: MetricId | 'manual';
  params: MetricParams;
  /** manual: the indicator_id of the imported values (default: id). */
  indicator: string;
  /** Divide by this metric (× scale): registered organizations as a share of active ones. */
  per: MetricId | undefined;
  scale: number;
  /** manual: the value counts people (small-cell suppression applies). */
  people: boolean;
  targets: Map<number, number>;
  note: string | undefined;
}

export interface KpiSet {
  /** File name without .yaml. */
  id: string;
  title: string;
  source: string;
  indicators: IndicatorDef[];
}

export const DEFAULT_KPI_DIR = new URL('../../templates/kpi/', import.meta.url).pathname;

export type KpiStatus = '達成' | '未達' | '目標なし' | '実績なし';

export interface KpiYear {
  fy: number;
  target: number | null;
  actual: number | null;
  attainment: number | null;
  status: KpiStatus;
  /** Rests on 1–4 people: withheld in published formats (md, html, csv, xlsx); shown in json and table. */
  suppressed: boolean;
}

export interface KpiIndicator extends KpiYear {
  set: string;
  id: string;
  name: string;
  level: Level;
  unit: string;
  direction: 'up' | 'down';
  metric: string;
  /** How the actual is computed, in Japanese (for the reader of the document). */
  source: string;
  note: string | null;
  /** Previous fiscal years, oldest first. */
  history: KpiYear[];
}

export interface KpiReport {
  fy: number;
  sets: { id: string; title: string; source: string }[];
  indicators: KpiIndicator[];
  /** Active organizations per NPO-law field at the end of the fiscal year. */
  npo_count_by_field: { field: number; name: string; count: number }[];
}

function levelOf(v: unknown): Level | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim().replace(/\s+/g, ' ');
  return LEVELS.find((l) => l.toLowerCase() === s.toLowerCase());
}

function stringList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** Loads KPI definitions from a YAML file or a directory of them (default: the shipped templates/kpi/). All problems are reported at once. */
export function loadKpiSets(path?: string): KpiSet[] {
  const target = path ?? DEFAULT_KPI_DIR;
  let files: string[];
  try {
    files = statSync(target).isDirectory()
      ? readdirSync(target).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(target, f))
      : [target];
  } catch (err) {
    throw new UsageError('unreadable_file', msg(`cannot read KPI definitions ${target}: ${(err as Error).message}`, `KPI定義 ${target} を読めません: ${(err as Error).message}`), { file: target });
  }
  if (files.length === 0) throw new UsageError('no_kpi_definitions', msg(`${target} holds no .yaml KPI definitions`, `${target} に KPI 定義（.yaml）がありません`), { file: target });
  return files.map(loadKpiFile);
}

/** Parses and validates one KPI definition file (the form in cli.md, plus the optional keys of docs/reports.md). */
export function loadKpiFile(file: string): KpiSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError('unreadable_file', msg(`cannot read ${file}: ${(err as Error).message}`, `${file} を読めません: ${(err as Error).message}`), { file });
  }
  return parseKpiDefinitions(text, file);
}

export function parseKpiDefinitions(text: string, file: string): KpiSet {
  const doc = parseYamlFile(text, file, 'invalid_kpi');
  const problems: KyodoError[] = [];
  const problem = (where: string, en: string, ja: string): void => {
    problems.push(new KyodoError('invalid_kpi', msg(`${file}: ${where}: ${en}`, `${file}: ${where}: ${ja}`), { file }));
  };
  const root = (doc ?? {}) as Record<string, unknown>;
  if (typeof root !== 'object' || Array.isArray(root) || !Array.isArray(root.indicators)) {
    throw new ValidationError('invalid_kpi', msg(`${file}: KPI definitions need a list "indicators:"`, `${file}: KPI 定義には indicators: の一覧が必要です`),
      [new KyodoError('invalid_kpi', msg(`${file}: no "indicators:" list`, `${file}: indicators: の一覧がありません`), { file })]);
  }
  const seen = new Set<string>();
  const indicators: IndicatorDef[] = [];
  root.indicators.forEach((raw, i) => {
    const at = `indicators[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return problem(at, 'must be a mapping (id:, name:, …)', 'id: や name: を持つ項目にしてください');
    const d = raw as Record<string, unknown>;
    const id = typeof d.id === 'string' || typeof d.id === 'number' ? String(d.id).trim() : '';
    const where = id ? `${at} (${id})` : at;
    if (!id) problem(at, 'id is missing', 'id がありません');
    else if (seen.has(id)) problem(where, `id "${id}" is used twice`, `id「${id}」が重複しています`);
    seen.add(id);
    const name = typeof d.name === 'string' && d.name.trim() ? d.name.trim() : '';
    if (!name) problem(where, 'name is missing', 'name（指標名）がありません');
    const level = levelOf(d.level ?? 'KPI');
    if (!level) problem(where, `level ${JSON.stringify(d.level)} is not one of ${LEVELS.join(', ')}`, `level は ${LEVELS.join('・')} のいずれかにしてください`);
    const direction = d.direction ?? 'up';
    if (direction !== 'up' && direction !== 'down') problem(where, `direction ${JSON.stringify(direction)} must be up (higher is better) or down (lower is better)`, 'direction は up（高いほど良い）か down（低いほど良い）にしてください');
    const metric = typeof d.metric === 'string' ? d.metric.trim() : '';
    if (metric !== 'manual' && !isMetricId(metric)) {
      problem(where, `metric ${JSON.stringify(d.metric)} is not a built-in metric (${METRIC_IDS.join(', ')}) or manual`, `metric「${String(d.metric)}」は組込み指標（${METRIC_IDS.join(', ')}）でも manual でもありません`);
    }
    const params: MetricParams = {};
    const rawParams = (d.params ?? {}) as Record<string, unknown>;
    if (typeof rawParams !== 'object' || Array.isArray(rawParams)) problem(where, 'params must be a mapping', 'params はマッピングにしてください');
    else {
      const allowed: readonly string[] = isMetricId(metric) ? METRICS[metric].params : [];
      for (const [k, v] of Object.entries(rawParams)) {
        if (!allowed.includes(k)) {
          problem(where, `params.${k} is not a parameter of ${metric} (it takes: ${allowed.join(', ') || 'none'})`, `params.${k} は ${metric} の引数ではありません（使えるもの: ${allowed.join(', ') || 'なし'}）`);
          continue;
        }
        if (k === 'field') {
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 20) problem(where, 'params.field must be an NPO-law field number 1–20', 'params.field は活動分野の番号（1〜20）にしてください');
          else params.field = v;
        } else {
          const list = stringList(v);
          if (!list) problem(where, `params.${k} must be a word or a list of words`, `params.${k} は文字列かその一覧にしてください`);
          else params[k as 'method' | 'kind'] = list;
        }
      }
    }
    let per: MetricId | undefined;
    if (d.per !== undefined) {
      if (typeof d.per === 'string' && isMetricId(d.per)) per = d.per;
      else problem(where, `per ${JSON.stringify(d.per)} is not a built-in metric`, `per「${String(d.per)}」は組込み指標ではありません`);
      if (metric === 'manual') problem(where, 'per cannot divide a manual value', 'manual の値は per で割れません');
    }
    const scale = d.scale ?? (per ? 100 : 1);
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale === 0) problem(where, 'scale must be a non-zero number', 'scale は0以外の数にしてください');
    const targets = new Map<number, number>();
    const rawTargets = d.targets ?? {};
    if (rawTargets === null || typeof rawTargets !== 'object' || Array.isArray(rawTargets)) problem(where, 'targets must map fiscal years to numbers, e.g. {2024: 1000, 2025: 1200}', 'targets は {2024: 1000, 2025: 1200} のように年度と数値の対応にしてください');
    else {
      for (const [k, v] of Object.entries(rawTargets as Record<string, unknown>)) {
        const fy = parseFiscalYear(k);
        if (!fy.ok) problem(`${where} targets`, `"${k}" is not a fiscal year (${fy.reason.en})`, `「${k}」は年度として読めません（${fy.reason.ja}）`);
        else if (v === null) continue;
        else if (typeof v !== 'number' || !Number.isFinite(v)) problem(`${where} targets.${k}`, `${JSON.stringify(v)} is not a number`, `${JSON.stringify(v)} は数値ではありません`);
        else if (targets.has(fy.value)) problem(`${where} targets`, `fiscal year ${fy.value} is given twice`, `${fy.value}年度が重複しています`);
        else targets.set(fy.value, v);
      }
    }
    const unit = d.unit === undefined ? (isMetricId(metric) ? (per ? '%' : METRICS[metric].unit) : '') : String(d.unit);
    if (level && name && id && (metric === 'manual' || isMetricId(metric)) && (direction === 'up' || direction === 'down')) {
      indicators.push({
        id, name, level, unit, direction, metric, params, per,
        indicator: typeof d.indicator === 'string' ? d.indicator : id,
        scale: typeof scale === 'number' ? scale : 1,
        people: d.people === true,
        targets,
        note: typeof d.note === 'string' ? d.note : undefined,
      });
    }
  });
  if (problems.length > 0) {
    throw new ValidationError('invalid_kpi', msg(`${file}: ${problems.length} problem(s) in the KPI definitions`, `${file}: KPI 定義に ${problems.length} 件の不備があります`), problems);
  }
  return {
    id: basename(file).replace(/\.ya?ml$/i, ''),
    title: typeof root.title === 'string' ? root.title : basename(file),
    source: typeof root.source === 'string' ? root.source : '',
    indicators,
  };
}

/** Attainment = actual / target (target / actual when lower is better); null when it cannot be divided. */
export function attainment(direction: 'up' | 'down', target: number | null, actual: number | null): number | null {
  if (target === null || actual === null) return null;
  const [num, den] = direction === 'up' ? [actual, target] : [target, actual];
  if (den === 0) return null;
  return round(num / den, 4);
}

/** 達成 when the actual reaches the target (≥ for up, ≤ for down). */
export function kpiStatus(direction: 'up' | 'down', target: number | null, actual: number | null): KpiStatus {
  if (target === null) return '目標なし';
  if (actual === null) return '実績なし';
  return (direction === 'up' ? actual >= target : actual <= target) ? '達成' : '未達';
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** How an indicator's actual is obtained, for the document's reader. */
function sourceText(d: IndicatorDef): string {
  if (d.metric === 'manual') return `手入力（指標値 ${d.indicator}）`;
  const parts = [METRICS[d.metric].label];
  if (d.params.method) parts.push(`協働の方法: ${d.params.method.join('・')}`);
  if (d.params.kind) parts.push(`種別: ${d.params.kind.join('・')}`);
  if (d.params.field) parts.push(`分野 ${d.params.field}`);
  let s = parts.length > 1 ? `${parts[0]}（${parts.slice(1).join('、')}）` : parts[0]!;
  if (d.per) s += ` ÷ ${METRICS[d.per].label}${d.scale === 100 ? ' × 100' : d.scale !== 1 ? ` × ${d.scale}` : ''}`;
  else if (d.scale !== 1) s += ` × ${d.scale}`;
  return s;
}

/** Computes the KPI report for fiscal year `fy` with `historyYears` previous years (default 4). */
export function computeKpiReport(db: Db, sets: KpiSet[], fy: number, opts: { historyYears?: number } = {}): KpiReport {
  const metrics = new MetricComputer(db);
  const manual = db.prepare('SELECT value FROM indicators WHERE indicator_id = ? AND fy = ? AND retired_run IS NULL').pluck();
  const historyYears = opts.historyYears ?? 4;

  const yearOf = (d: IndicatorDef, year: number): KpiYear => {
    let actual: number | null;
    let basis: number | null = null;
    if (d.metric === 'manual') {
      actual = (manual.get(d.indicator, year) as number | undefined) ?? null;
      if (d.people) basis = actual;
    } else {
      actual = metrics.value(d.metric, year, d.params);
      if (d.per && actual !== null) {
        const den = metrics.value(d.per, year);
        actual = den === null || den === 0 ? null : (actual / den) * d.scale;
      } else if (actual !== null) actual *= d.scale;
      const b = METRICS[d.metric].peopleBasis;
      if (b) basis = metrics.value(b, year, b === d.metric ? d.params : {});
    }
    if (actual !== null && !Number.isInteger(actual)) actual = round(actual, 2);
    const target = d.targets.get(year) ?? null;
    return {
      fy: year, target, actual,
      attainment: attainment(d.direction, target, actual),
      status: kpiStatus(d.direction, target, actual),
      suppressed: basis !== null && basis > 0 && basis < 5,
    };
  };

  const indicators: KpiIndicator[] = [];
  for (const set of sets) {
    for (const d of set.indicators) {
      const history: KpiYear[] = [];
      for (let y = fy - historyYears; y < fy; y++) history.push(yearOf(d, y));
      indicators.push({
        set: set.id, id: d.id, name: d.name, level: d.level, unit: d.unit, direction: d.direction,
        metric: d.metric, source: sourceText(d), note: d.note ?? null,
        ...yearOf(d, fy),
        history,
      });
    }
  }
  return {
    fy,
    sets: sets.map((s) => ({ id: s.id, title: s.title, source: s.source })),
    indicators,
    npo_count_by_field: metrics.countByField(fy),
  };
}
