import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { maskValue, parseEmail, parsePhone, parsePostalCode } from '../../../src/jp/contact.js';

const okv = (v: string) => ({ ok: true, value: v });
const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);

describe('parseEmail', () => {
  it('accepts and lower-cases the domain only', () => {
    expect(parseEmail('Taro.Yamada@Example.JP')).toEqual(okv('Taro.Yamada@example.jp'));
    expect(parseEmail('taro@example.jp')).toEqual(okv('taro@example.jp'));
    expect(parseEmail('ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ')).toEqual(okv('taro@example.jp'));
    expect(parseEmail(' a+b@sub.example.co.jp ')).toEqual(okv('a+b@sub.example.co.jp'));
  });
  it.each(['taro', '@example.jp', 'taro@', 'taro@example', 'taro@@example.jp', 'ta ro@example.jp', 'taro@example.jp;hanako@example.jp',
    'taro@.example.jp', 'taro@example.jp.', 'taro@example..jp', 'a@b@c.jp'])('rejects %s without echoing it', (s) => {
    const r = parseEmail(s);
    expect(code(r)).toBe('invalid_email');
    if (!r.ok && s.length > 3) {
      expect(r.reason.en).not.toContain(s);
      expect(r.reason.en).not.toContain('taro');
      expect(r.reason.ja).not.toContain('taro');
    }
  });
  it('empty', () => expect(code(parseEmail(''))).toBe('empty'));
});

describe('parsePhone', () => {
  it.each([
    ['03-1234-5678', '03-1234-5678'],
    ['0467(12)3456', '0467-12-3456'],
    ['(0467)12-3456', '0467-12-3456'],
    ['0467 12 3456', '0467-12-3456'],
    ['09012345678', '090-1234-5678'],
    ['080-1234-5678', '080-1234-5678'],
    ['070 1234 5678', '070-1234-5678'],
    ['05012345678', '050-1234-5678'],
    ['02012345678', '020-1234-5678'],
    ['0120123456', '0120-123-456'],
    ['08001234567', '0800-123-4567'],
    ['0312345678', '03-1234-5678'],
    ['0612345678', '06-1234-5678'],
    ['0467123456', '0467123456'],
    ['０９０－１２３４－５６７８', '090-1234-5678'],
    ['090ー1234ー5678', '090-1234-5678'],
    ['090‐1234‐5678', '090-1234-5678'],
    ['+81 90-1234-5678', '090-1234-5678'],
    ['+81-3-1234-5678', '03-1234-5678'],
    ['+819012345678', '090-1234-5678'],
    ['+81 (0)3 1234 5678', '03-1234-5678'],
    ['03-12345678', '03-1234-5678'],
  ])('%s → %s', (s, v) => {
    expect(parsePhone(s)).toEqual(okv(v));
  });
  it.each(['2468-1357', '03-2468-13579-1', '090-2468-1357 / 03-2468-1357', '0032461357', '03-2468-135a', 'TEL 03-2468-1357',
    '+1 212 246 1357', '2468135790'])('rejects %s without echoing digits', (s) => {
    const r = parsePhone(s);
    expect(code(r)).toBe('invalid_phone');
    if (!r.ok) {
      expect(r.reason.en).not.toMatch(/2468|1357/);
      expect(r.reason.ja).not.toMatch(/2468|1357/);
    }
  });
  it('property: canonical form is idempotent', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
    const number = fc.oneof(
      fc.tuple(fc.constantFrom('090', '080', '070', '050', '020'), digits(8)).map(([p, d]) => p + d),
      fc.tuple(fc.integer({ min: 1, max: 9 }), digits(8)).map(([a, d]) => `0${a}${d}`),
      fc.tuple(fc.constantFrom('0120', '0570'), digits(6)).map(([p, d]) => p + d),
    );
    const sep = fc.constantFrom('-', ' ', '', '(', ')', 'ー', '－', '  ');
    const input = fc
      .tuple(number, fc.array(fc.tuple(fc.integer({ min: 1, max: 10 }), sep), { maxLength: 3 }), fc.boolean())
      .map(([d, cuts, plus]) => {
        let s = d;
        for (const [at, c] of cuts.sort((a, b) => b[0] - a[0])) s = s.slice(0, at) + c + s.slice(at);
        return plus ? '+81 ' + s.slice(1) : s;
      });
    fc.assert(fc.property(input, (s) => {
      const a = parsePhone(s);
      if (!a.ok) return;
      expect(parsePhone(a.value)).toEqual(a);
      expect(a.value.replace(/-/g, '')).toMatch(/^0[1-9]\d{8,9}$/);
    }));
  });
});

describe('parsePostalCode', () => {
  it.each([
    ['1234567', '123-4567'],
    ['123-4567', '123-4567'],
    ['〒123-4567', '123-4567'],
    ['〒 1234567', '123-4567'],
    ['１２３ー４５６７', '123-4567'],
    ['１２３－４５６７', '123-4567'],
    ['123‐4567', '123-4567'],
    ['060-0001', '060-0001'],
  ])('%s → %s', (s, v) => {
    expect(parsePostalCode(s)).toEqual(okv(v));
  });
  it.each(['123456', '12-34567', '123-45678', '123-4567-', '1234-567', 'abc', '123--4567'])('rejects %s', (s) => {
    expect(code(parsePostalCode(s))).toBe('invalid_postal_code');
  });
});

describe('maskValue', () => {
  it('phone keeps the first and last group', () => {
    expect(maskValue('phone', '090-1234-5678')).toBe('090-****-5678');
    expect(maskValue('phone', '09012345678')).toBe('090-****-5678');
    expect(maskValue('phone', '0467(12)3456')).toBe('0467-**-3456');
    expect(maskValue('phone', '0467123456')).toBe('046***3456');
    expect(maskValue('phone', 'call me')).toBe('*****me');
  });
  it('email keeps the first letter and the domain', () => {
    expect(maskValue('email', 'taro@example.jp')).toBe('t***@example.jp');
    expect(maskValue('email', 'noatsign')).toBe('no******');
  });
  it('name keeps the first character', () => {
    expect(maskValue('name', '山田太郎')).toBe('山＊＊');
    expect(maskValue('name', '𠮷田')).toBe('𠮷＊＊');
  });
  it('text keeps 2 characters and preserves length', () => {
    expect(maskValue('text', '東京都北区王子')).toBe('東京*****');
    expect(maskValue('text', 'ab')).toBe('ab');
    expect(maskValue('text', '')).toBe('');
  });
});
