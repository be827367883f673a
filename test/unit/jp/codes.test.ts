import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  corporateCheckDigit,
  municipalityCheckDigit,
  parseCorporateNumber,
  parseMunicipalityCode,
} from '../../../src/jp/codes.js';

const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);

describe('法人番号', () => {
  it('computes the check digit of the published examples', () => {
    expect(corporateCheckDigit('000013050238')).toBe(1);
    expect(corporateCheckDigit('000012090001')).toBe(4);
    expect(corporateCheckDigit('12345')).toBe(-1);
    expect(corporateCheckDigit('00001305023x')).toBe(-1);
  });
  it('accepts valid numbers, with hyphens, spaces and full-width digits', () => {
    expect(parseCorporateNumber('1000013050238')).toEqual({ ok: true, value: '1000013050238' });
    expect(parseCorporateNumber('4000012090001')).toEqual({ ok: true, value: '4000012090001' });
    expect(parseCorporateNumber('1-0000-1305-0238')).toEqual({ ok: true, value: '1000013050238' });
    expect(parseCorporateNumber('1 0000 1305 0238')).toEqual({ ok: true, value: '1000013050238' });
    expect(parseCorporateNumber('１０００－０１３０５０２３８')).toEqual({ ok: true, value: '1000013050238' });
  });
  it('rejects wrong length, wrong check digit, letters and Excel exponent form', () => {
    expect(code(parseCorporateNumber('100001305023'))).toBe('invalid_corporate_number');
    expect(code(parseCorporateNumber('2000013050238'))).toBe('invalid_corporate_number');
    expect(code(parseCorporateNumber('T1000013050238'))).toBe('invalid_corporate_number');
    const r = parseCorporateNumber('1.00001E+12');
    expect(!r.ok && r.reason.en).toMatch(/exponent/);
    expect(code(parseCorporateNumber(''))).toBe('empty');
  });
  it('property: a computed number validates; any single-digit change (except 0↔9, invisible to mod 9) fails', () => {
    const base = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }).map((a) => a.join(''));
    fc.assert(fc.property(base, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (b, pos, delta) => {
      const full = String(corporateCheckDigit(b)) + b;
      expect(parseCorporateNumber(full)).toEqual({ ok: true, value: full });
      const old = full.charCodeAt(pos) - 48;
      const nu = (old + delta) % 10;
      // The mod-9 check digit cannot see 0↔9 swaps (their weights differ by a multiple of 9).
      fc.pre(!(old + nu === 9 && (old === 0 || old === 9)));
      const changed = full.slice(0, pos) + String(nu) + full.slice(pos + 1);
      expect(parseCorporateNumber(changed).ok).toBe(false);
    }));
  });
  it('the 0↔9 blind spot is real (documented limitation of the scheme)', () => {
    // Index 9 of 1000013050238 is n = 4 from the right (weight 2): 0 → 9 adds 18 ≡ 0 (mod 9).
    expect(parseCorporateNumber('1000013059238').ok).toBe(true);
  });
});

describe('全国地方公共団体コード', () => {
  it('check digit examples', () => {
    expect(municipalityCheckDigit('13117')).toBe(2);
    expect(municipalityCheckDigit('13101')).toBe(6);
    expect(municipalityCheckDigit('1310')).toBe(-1);
  });
  it.each([
    ['131172', '131172'],
    ['13117', '131172'],
    ['13101', '131016'],
    ['131016', '131016'],
    ['1100', '011002'], // 札幌市 01100 with its leading zero dropped by Excel
    ['01100', '011002'],
    ['011002', '011002'],
    ['１３１０１', '131016'],
    ['13101.0', '131016'],
    ['471003', '471003'],
  ])('%s → %s', (s, v) => {
    expect(parseMunicipalityCode(s)).toEqual({ ok: true, value: v });
  });
  it.each([
    ['131017', 'invalid_municipality_code'], // wrong check digit
    ['48100', 'invalid_municipality_code'], // no prefecture 48
    ['00100', 'invalid_municipality_code'],
    ['131', 'invalid_municipality_code'],
    ['1310166', 'invalid_municipality_code'],
    ['13a01', 'invalid_municipality_code'],
    ['', 'empty'],
  ])('%s is rejected', (s, c) => {
    expect(code(parseMunicipalityCode(s))).toBe(c);
  });
  it('the wrong-check-digit reason names the expected code', () => {
    const r = parseMunicipalityCode('131017');
    expect(!r.ok && r.reason.en).toContain('131016');
  });
  it('property: 5-digit → 6-digit → parse round trip; 4-digit form of a 0x code gives the same', () => {
    const code5 = fc
      .tuple(fc.integer({ min: 1, max: 47 }), fc.integer({ min: 0, max: 999 }))
      .map(([p, m]) => String(p).padStart(2, '0') + String(m).padStart(3, '0'));
    fc.assert(fc.property(code5, (c5) => {
      const r = parseMunicipalityCode(c5);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.slice(0, 5)).toBe(c5);
      expect(parseMunicipalityCode(r.value)).toEqual(r);
      if (c5.startsWith('0')) expect(parseMunicipalityCode(c5.slice(1))).toEqual(r);
      const wrong = r.value.slice(0, 5) + String((Number(r.value[5]) + 1) % 10);
      expect(parseMunicipalityCode(wrong).ok).toBe(false);
    }));
  });
});
