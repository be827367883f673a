import type { Msg } from '../errors.js';

export type Lang = 'ja' | 'en';

/** A POSIX locale name for Japanese: `ja`, `ja_JP.UTF-8`, `ja_JP.eucJP@…`, `ja-JP`. */
const JAPANESE_LOCALE = /^ja(?:[_.@-]|$)/i;

/**
 * The language of messages: `--lang` wins; else the first non-empty of
 * `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX precedence, so `LC_ALL=C` overrides
 * `LANG=ja_JP.UTF-8`) decides: Japanese if it starts with `ja`, else English.
 */
export function resolveLang(flag: Lang | undefined, env: Record<string, string | undefined>): Lang {
  if (flag === 'ja' || flag === 'en') return flag;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return locale !== undefined && JAPANESE_LOCALE.test(locale) ? 'ja' : 'en';
}

/** The message in the chosen language. */
export function say(lang: Lang, m: Msg): string {
  return lang === 'ja' ? m.ja : m.en;
}
