import { describe, expect, it } from 'vitest';
import { chalkFor, colorLevel, useColor } from '../../../src/cli/color.js';
import { resolveLang, say } from '../../../src/cli/lang.js';
import { msg } from '../../../src/errors.js';

describe('resolveLang', () => {
  it('the flag wins', () => {
    expect(resolveLang('en', { LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(resolveLang('ja', { LANG: 'C' })).toBe('ja');
  });
  it.each([
    [{ LANG: 'ja_JP.UTF-8' }, 'ja'],
    [{ LANG: 'ja' }, 'ja'],
    [{ LANG: 'ja_JP.eucJP' }, 'ja'],
    [{ LANG: 'JA_JP' }, 'ja'],
    [{ LC_ALL: 'ja_JP.UTF-8', LANG: 'C' }, 'ja'],
    [{ LC_ALL: 'C.UTF-8', LANG: 'ja_JP.UTF-8' }, 'en'],
    [{ LC_ALL: '', LANG: 'ja_JP.UTF-8' }, 'ja'],
    [{ LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'en_US' }, 'ja'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'jam' }, 'en'],
    [{}, 'en'],
  ] as const)('%j → %s', (env, lang) => {
    expect(resolveLang(undefined, env)).toBe(lang);
  });
  it('say picks the language', () => {
    const m = msg('hello', 'こんにちは');
    expect(say('en', m)).toBe('hello');
    expect(say('ja', m)).toBe('こんにちは');
  });
});

describe('useColor', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [undefined, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [true, { FORCE_COLOR: 'false' }, false],
    [true, { TERM: 'dumb' }, false],
  ] as const)('tty=%s env=%j → %s', (tty, env, expected) => {
    expect(useColor(tty, env)).toBe(expected);
  });
  it('levels', () => {
    expect(colorLevel(true, { COLORTERM: 'truecolor' })).toBe(3);
    expect(colorLevel(true, { TERM: 'xterm-256color' })).toBe(2);
    expect(colorLevel(false, { FORCE_COLOR: '3' })).toBe(3);
  });
  it('chalkFor gives an instance with its own level, not the global one', () => {
    expect(chalkFor(true, { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(chalkFor(false, { FORCE_COLOR: '1' }).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
