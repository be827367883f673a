import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatSlots,
  parseAvailability,
  slotLabel,
  slotMask,
  slotsFromMask,
  WEEKDAYS,
  PERIODS,
} from '../../../src/jp/availability.js';

const okv = (v: string[]) => ({ ok: true, value: v });
const day = (d: string) => [`${d}-am`, `${d}-pm`, `${d}-night`];
const WEEKDAY5 = ['mon', 'tue', 'wed', 'thu', 'fri'];

describe('parseAvailability', () => {
  it.each([
    ['月午前', ['mon-am']],
    ['土午後', ['sat-pm']],
    ['日夜間', ['sun-night']],
    ['日夜', ['sun-night']],
    ['mon-am', ['mon-am']],
    ['sat-pm', ['sat-pm']],
    ['SAT-PM', ['sat-pm']],
    ['Monday am', ['mon-am']],
    ['月曜午前', ['mon-am']],
    ['月曜日午前', ['mon-am']],
    ['土曜午後', ['sat-pm']],
    ['平日午前', WEEKDAY5.map((d) => `${d}-am`)],
    ['土日', [...day('sat'), ...day('sun')]],
    ['平日', WEEKDAY5.flatMap(day)],
    ['月', day('mon')],
    ['月曜日', day('mon')],
    ['月〜金午前', WEEKDAY5.map((d) => `${d}-am`)],
    ['月~金午前', WEEKDAY5.map((d) => `${d}-am`)],
    ['月-金午前', WEEKDAY5.map((d) => `${d}-am`)],
    ['mon-fri-am', WEEKDAY5.map((d) => `${d}-am`)],
    ['金〜月夜間', ['mon-night', 'fri-night', 'sat-night', 'sun-night']],
    ['月午前午後', ['mon-am', 'mon-pm']],
    ['平日夜間;土日', [...WEEKDAY5.map((d) => `${d}-night`), ...day('sat'), ...day('sun')]],
    ['土午後、月午前,土午後', ['mon-am', 'sat-pm']],
    ['月午前／水午後', ['mon-am', 'wed-pm']],
    ['土日は午後', ['sat-pm', 'sun-pm']],
    ['夜間', WEEKDAYS.map((d) => `${d}-night`)],
    ['ｍｏｎ－ａｍ', ['mon-am']],
  ])('%s', (s, v) => {
    expect(parseAvailability(s)).toEqual(okv(v));
  });
  it.each(['毎日', '全日', 'いつでも'])('%s = all 21 slots', (s) => {
    const r = parseAvailability(s);
    expect(r.ok && r.value.length).toBe(21);
  });
  it.each(['午前中がいい', '祝日', 'xyz', '月〜', '〜金', '要相談 山田', '月;要相談'])('rejects %s', (s) => {
    const r = parseAvailability(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('invalid_availability');
  });
  it('does not echo free text (it may hold personal remarks), but names the item', () => {
    const r = parseAvailability('月午前;要相談 山田');
    expect(!r.ok && r.reason.en).toMatch(/^item 2 /);
    expect(!r.ok && r.reason.en).not.toContain('山田');
    expect(!r.ok && r.reason.ja).not.toContain('山田');
  });
  it('says holidays cannot be recorded', () => {
    const r = parseAvailability('土日祝');
    expect(!r.ok && r.reason.en).toMatch(/holidays/);
  });
  it('empty', () => {
    const r = parseAvailability('');
    expect(!r.ok && r.code).toBe('empty');
  });
});

describe('slots', () => {
  it('slotMask uses bit = weekday*3 + period', () => {
    expect(slotMask(['mon-am'])).toBe(1);
    expect(slotMask(['mon-night'])).toBe(4);
    expect(slotMask(['sun-night'])).toBe(1 << 20);
    expect(slotMask([])).toBe(0);
    expect(() => slotMask(['monday'])).toThrow(RangeError);
  });
  it('slotLabel and formatSlots', () => {
    expect(slotLabel('mon-am')).toBe('月曜午前');
    expect(slotLabel('sat-pm')).toBe('土曜午後');
    expect(slotLabel('sun-night')).toBe('日曜夜間');
    expect(formatSlots(['mon-am', 'sat-pm'])).toBe('mon-am;sat-pm');
  });
  it('property: format → parse round trip and mask ↔ slots', () => {
    const slot = fc.tuple(fc.constantFrom(...WEEKDAYS), fc.constantFrom(...PERIODS)).map(([d, p]) => `${d}-${p}`);
    fc.assert(fc.property(fc.uniqueArray(slot, { minLength: 1, maxLength: 21 }), (slots) => {
      const canonical = slotsFromMask(slotMask(slots));
      expect(parseAvailability(formatSlots(slots))).toEqual(okv(canonical));
      expect(parseAvailability(formatSlots(canonical))).toEqual(okv(canonical));
      // Japanese labels parse back too.
      expect(parseAvailability(slots.map(slotLabel).join('、'))).toEqual(okv(canonical));
    }));
  });
});
