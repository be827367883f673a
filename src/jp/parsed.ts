import type { Msg } from '../errors.js';

/**
 * The result of parsing one cell. Parsers never throw on bad input: a bad cell
 * is a rejected row (with `code` for the rejects file), not a crash.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; reason: Msg };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function bad<T = never>(code: string, en: string, ja: string): Parsed<T> {
  return { ok: false, code, reason: { en, ja } };
}
