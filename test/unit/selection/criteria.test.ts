import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { lintCriteria } from '../../../src/selection/criteria.js';
import { CRITERIA } from './db.js';

const codes = (ps: { code: string }[]) => ps.map((p) => p.code);

describe('criteria files and select lint', () => {
  it('the shipped templates are clean', () => {
    for (const f of ['proposal-collaboration.yaml', 'commission.yaml']) {
      const path = new URL(`../../../templates/criteria/${f}`, import.meta.url);
      const r = lintCriteria(readFileSync(path, 'utf8'), f);
      expect(r.errors).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.criteria!.items.reduce((s, i) => s + i.weight, 0)).toBe(100);
    }
  });

  it('a missing descriptor, a bad weight, a threshold above the maximum and an unknown tie-break key are errors with lines', () => {
    const text = CRITERIA.replace("descriptors: {1: 悪い, 2: やや悪い, 3: 普通, 4: 良い, 5: 非常に良い}\n  - id: b", "descriptors: {1: 悪い, 2: やや悪い, 4: 良い, 5: 非常に良い}\n  - id: b")
      .replace('weight: 40', 'weight: -4').replace('threshold: 50', 'threshold: 120').replace('tie_break: [b]', 'tie_break: [zz]');
    const r = lintCriteria(text, 'c.yaml');
    expect(r.criteria).toBeUndefined();
    expect(codes(r.errors).sort()).toEqual(['invalid_weight', 'missing_descriptor', 'threshold_above_max', 'unknown_tie_break']);
    const missing = r.errors.find((e) => e.code === 'missing_descriptor')!;
    expect(missing.message.en).toMatch(/level\(s\) 3/);
    expect(missing.line).toBe(text.split('\n').findIndex((l) => l.includes('descriptors: {1: 悪い, 2: やや悪い, 4:')) + 1);
    expect(r.errors.find((e) => e.code === 'threshold_above_max')!.line).toBe(5);
  });

  it('weights that do not add up to the points are a warning (scaled), not an error', () => {
    const r = lintCriteria(CRITERIA.replace('weight: 40', 'weight: 30'), 'c.yaml');
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toEqual(['weights_not_points']);
  });

  it('warns when an eligibility item knocks applicants out by legal form alone (法人格だけで判断しない)', () => {
    const text = CRITERIA.replace('eligibility:\n', `eligibility:
  - id: npo_only
    check: legal_form
    forms: [NPO法人, 認定NPO法人]
  - id: houjin
    check: manual
    label: 法人格を有すること
  - id: nintei
    check: certified
`);
    const r = lintCriteria(text, 'c.yaml');
    expect(r.errors).toEqual([]);
    const w = r.warnings.filter((x) => x.code === 'legal_form_knockout');
    expect(w.map((x) => x.path)).toEqual(['eligibility[0]', 'eligibility[1]', 'eligibility[2]']);
    expect(w[0]!.message.ja).toMatch(/法人格だけで判断しない/);
    expect(w[0]!.line).toBe(9);
    expect(r.criteria!.eligibility[0]!.forms).toEqual(['npo', 'certified_npo']);
  });

  it('unknown method, trimmed mean without trim, bad YAML', () => {
    expect(codes(lintCriteria(CRITERIA.replace('method: 協力', 'method: 丸投げ'), 'c').errors)).toEqual(['invalid_method']);
    expect(codes(lintCriteria(CRITERIA.replace('drop_high_low', 'trimmed_mean'), 'c').errors)).toEqual(['missing_trim']);
    expect(codes(lintCriteria('items: [a\n', 'c').errors)).toEqual(['yaml_syntax']);
  });
});
