import { describe, expect, it } from 'vitest';
import { parsePfsRule, pfsPayout, type PfsRule } from '../../../src/reports/pfs.js';

const rule = (s: string): PfsRule => {
  const p = parsePfsRule(s);
  if (!p.ok) throw new Error(p.reason.en);
  return p.value;
};

describe('PFS rules (成果連動型補助金)', () => {
  it('tiers pay the rate of the highest threshold reached; below the lowest nothing', () => {
    const r = rule('tiers: 0.5:50%, 0.8:80%, 1.0:100%');
    expect(pfsPayout(r, 1_000_000, 100, 49).payout).toBe(0);
    expect(pfsPayout(r, 1_000_000, 100, 50).payout).toBe(500_000);
    expect(pfsPayout(r, 1_000_000, 100, 79.9).payout).toBe(500_000);
    expect(pfsPayout(r, 1_000_000, 100, 80)).toMatchObject({ payout: 800_000, rate: 0.8, attainment: 0.8 });
    expect(pfsPayout(r, 1_000_000, 100, 150).payout).toBe(1_000_000);
    expect(pfsPayout(r, 1_000_000, 100, 85).explanation).toBe('達成率 85.0% ≥ 80.0% → 支払率 80.0% × 1,000,000円 = 800,000円');
  });

  it('tiers accept percentages as thresholds, full-width text and a base', () => {
    const r = rule('ｔｉｅｒｓ：５０％：３０％，１００％：１００％ base=2000000');
    expect(r).toMatchObject({ kind: 'tiers', base: 2_000_000 });
    expect(pfsPayout(r, 999, 10, 5).payout).toBe(600_000);
  });

  it('capped linear: base × min(cap, attainment), rounded down to whole yen, with a floor', () => {
    const r = rule('linear: base=1000000 cap=1.2');
    expect(pfsPayout(r, 0, 100, 50).payout).toBe(500_000);
    expect(pfsPayout(r, 0, 100, 120).payout).toBe(1_200_000);
    expect(pfsPayout(r, 0, 100, 300).payout).toBe(1_200_000);
    expect(pfsPayout(r, 0, 3, 1).payout).toBe(333_333);
    expect(pfsPayout(rule('linear: cap=1'), 100_000_000, 10, 7).payout).toBe(70_000_000); // 0.7 × 1e8 is 69999999.99999999 in binary
    const f = rule('linear: cap=1.2 floor=0.5');
    expect(pfsPayout(f, 1_000_000, 100, 49).payout).toBe(0);
    expect(pfsPayout(f, 1_000_000, 100, 60).payout).toBe(600_000);
    expect(pfsPayout(r, 0, 100, 110).explanation).toBe('1,000,000円 × min(上限 120.0%, 達成率 110.0%) = 1,000,000円 × 110.0% = 1,100,000円');
  });

  it('no target or actual: nothing computable, said so', () => {
    expect(pfsPayout(rule('linear: cap=1'), 1000, null, 5)).toMatchObject({ payout: 0, attainment: null });
    expect(pfsPayout(rule('linear: cap=1'), 1000, 0, 5).payout).toBe(0);
  });

  it('bad rules are refused with a reason', () => {
    for (const s of ['steps: 1:1', 'tiers:', 'tiers: 0.5', 'tiers: 0.5:50%, 0.8:40%', 'linear: cap=0', 'linear: max=2', 'tiers: 1:1 base=abc']) {
      expect(parsePfsRule(s).ok, s).toBe(false);
    }
  });
});
