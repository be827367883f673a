/**
 * 成果連動型補助金 (PFS, performance-linked subsidies): the payable amount
 * depends on how far the KPI agreed in advance was attained.
 *
 * Rule syntax (the `pfs_rule` column of programs; docs/reports.md):
 *
 *   tiers: 0.5:50%, 0.8:80%, 1.0:100%       attainment ≥ 0.5 pays 50 % of the base, ≥ 0.8 pays 80 %, …;
 *                                            below the lowest threshold nothing is paid
 *   linear: cap=1.2                          base × min(cap, attainment)
 *   linear: base=1000000 cap=1.2 floor=0.3   … and nothing when attainment < floor
 *
 * `base=N` (yen) may be given in both forms; without it the base is the
 * grant's amount (交付額, the amount agreed for full attainment). Attainment
 * is kpi_actual / kpi_target. Thresholds are ratios (0.8) or percentages (80%).
 */
import { bad, ok, type Parsed } from '../jp/parsed.js';

export type PfsRule =
  | { kind: 'tiers'; base: number | null; tiers: { threshold: number; rate: number }[]; text: string }
  | { kind: 'linear'; base: number | null; cap: number; floor: number; text: string };

const HOW = 'write e.g. "tiers: 0.5:50%, 0.8:80%, 1.0:100%" or "linear: base=1000000 cap=1.2"';
const HOW_JA = '「tiers: 0.5:50%, 0.8:80%, 1.0:100%」や「linear: base=1000000 cap=1.2」のように書いてください';

/** A ratio written as 0.8, 80% or 80％. */
function ratio(s: string): number | undefined {
  const t = s.trim().replace(/％/g, '%');
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(t);
  if (!m) return undefined;
  const v = Number(m[1]);
  return m[2] ? v / 100 : v;
}

/** Parses a PFS rule (see the module comment); an empty text is "no rule". */
export function parsePfsRule(input: string): Parsed<PfsRule> {
  const text = input.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const m = /^(tiers|linear)\s*:\s*(.*)$/i.exec(text);
  if (!m) return bad('invalid_pfs_rule', `unknown PFS rule "${input}"; ${HOW}`, `成果連動ルール「${input}」を読めません。${HOW_JA}`);
  const kind = m[1]!.toLowerCase();
  const body = m[2]!;
  let base: number | null = null;
  const rest: string[] = [];
  for (const part of body.split(/[\s,;、]+/).filter(Boolean)) {
    const kv = /^(base|cap|floor)=(.+)$/i.exec(part);
    if (kv && kv[1]!.toLowerCase() === 'base') {
      const v = Number(kv[2]!.replace(/[,円¥]/g, ''));
      if (!Number.isFinite(v) || v < 0) return bad('invalid_pfs_rule', `base must be an amount in yen, got "${kv[2]}"`, `base は円の金額で書いてください（「${kv[2]}」）`);
      base = v;
    } else rest.push(part);
  }
  if (kind === 'tiers') {
    const tiers: { threshold: number; rate: number }[] = [];
    for (const part of rest) {
      const t = /^([^:]+):(.+)$/.exec(part);
      const threshold = t ? ratio(t[1]!) : undefined;
      const rate = t ? ratio(t[2]!) : undefined;
      if (threshold === undefined || rate === undefined) {
        return bad('invalid_pfs_rule', `tier "${part}" is not THRESHOLD:RATE; ${HOW}`, `段階「${part}」は「達成率:支払率」になっていません。${HOW_JA}`);
      }
      tiers.push({ threshold, rate });
    }
    if (tiers.length === 0) return bad('invalid_pfs_rule', `a tiers rule needs at least one tier; ${HOW}`, `tiers には段階が1つ以上必要です。${HOW_JA}`);
    tiers.sort((a, b) => a.threshold - b.threshold);
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i]!.threshold === tiers[i - 1]!.threshold) return bad('invalid_pfs_rule', `two tiers start at ${tiers[i]!.threshold}`, `達成率 ${tiers[i]!.threshold} の段階が重複しています`);
      if (tiers[i]!.rate < tiers[i - 1]!.rate) return bad('invalid_pfs_rule', 'a higher tier must not pay less than a lower one', '上の段階の支払率が下の段階より低くなっています');
    }
    return ok({ kind: 'tiers', base, tiers, text });
  }
  let cap = 1;
  let floor = 0;
  for (const part of rest) {
    const kv = /^(cap|floor)=(.+)$/i.exec(part);
    const v = kv ? ratio(kv[2]!) : undefined;
    if (!kv || v === undefined) return bad('invalid_pfs_rule', `"${part}" is not base=, cap= or floor=; ${HOW}`, `「${part}」は base=・cap=・floor= のいずれでもありません。${HOW_JA}`);
    if (kv[1]!.toLowerCase() === 'cap') cap = v;
    else floor = v;
  }
  if (cap <= 0) return bad('invalid_pfs_rule', 'cap must be greater than 0', 'cap は0より大きくしてください');
  return ok({ kind: 'linear', base, cap, floor, text });
}

export interface PfsPayout {
  attainment: number | null;
  base: number;
  /** Share of the base paid (0.8 = 80 %). */
  rate: number;
  payout: number;
  /** How the amount follows from the rule, in Japanese (shown in the report). */
  explanation: string;
}

/** Whole yen, rounded down, after removing binary floating-point noise (0.7 × 1e8 = 69999999.99999999). */
const floorYen = (x: number): number => Math.floor(Math.round(x * 1e4) / 1e4);
const yen = (n: number): string => `${Math.round(n).toLocaleString('ja-JP')}円`;
const pct = (r: number): string => `${(Math.round(r * 1000) / 10).toFixed(1)}%`;

/**
 * The payable amount under `rule` for a grant of `amount` with the recorded
 * target and actual. Amounts are rounded down to whole yen (交付額の円未満切捨て).
 * No target or no actual: nothing can be computed (payout 0, said so).
 */
export function pfsPayout(rule: PfsRule, amount: number, target: number | null, actual: number | null): PfsPayout {
  const base = rule.base ?? amount;
  if (target === null || actual === null || !(target > 0)) {
    return { attainment: null, base, rate: 0, payout: 0, explanation: '成果目標または成果実績が未登録のため算定できません' };
  }
  const attainment = actual / target;
  if (rule.kind === 'tiers') {
    let rate = 0;
    let hit: { threshold: number; rate: number } | undefined;
    for (const t of rule.tiers) if (attainment >= t.threshold) (rate = t.rate), (hit = t);
    const payout = floorYen(base * rate);
    const explanation = hit
      ? `達成率 ${pct(attainment)} ≥ ${pct(hit.threshold)} → 支払率 ${pct(rate)} × ${yen(base)} = ${yen(payout)}`
      : `達成率 ${pct(attainment)} < 最低段階 ${pct(rule.tiers[0]!.threshold)} → 支払なし`;
    return { attainment, base, rate, payout, explanation };
  }
  if (attainment < rule.floor) {
    return { attainment, base, rate: 0, payout: 0, explanation: `達成率 ${pct(attainment)} < 下限 ${pct(rule.floor)} → 支払なし` };
  }
  const rate = Math.min(rule.cap, attainment);
  const payout = floorYen(base * rate);
  return {
    attainment, base, rate, payout,
    explanation: `${yen(base)} × min(上限 ${pct(rule.cap)}, 達成率 ${pct(attainment)}) = ${yen(base)} × ${pct(rate)} = ${yen(payout)}`,
  };
}
