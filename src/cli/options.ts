/**
 * Parsers for numeric command-line options, shared by every command. A value that is not what the
 * option takes — `abc`, `1.5`, `-1`, `1e400`, or 20 digits that JavaScript would round — is a usage
 * error (exit 2) naming the option and the value, never a number passed on to SQLite (where
 * `LIMIT 1e20` failed as "datatype mismatch", reported as a bug).
 *
 * Commander calls a parser as a method of its Option, so `this.long` names the option in the
 * message; called on its own, the message names only the value.
 */
import { UsageError, msg } from '../errors.js';
import type { RetireLimit } from '../roster/import.js';

/** The largest count an option takes: beyond it a JavaScript number no longer holds every whole number. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** The option's name (`--limit`) when commander is the caller. */
function optionName(self: unknown): string | undefined {
  const long = (self as { long?: unknown } | undefined)?.long;
  return typeof long === 'string' ? long : undefined;
}

/** The value as given, shortened if someone pasted a novel into it. */
function shown(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}

function invalid(self: unknown, v: string, en: string, ja: string): UsageError {
  const name = optionName(self);
  return new UsageError('invalid_number', msg(
    `${name ? `${name} ` : ''}"${shown(v)}": ${en}`,
    `${name ? `${name} の` : ''}「${shown(v)}」: ${ja}`,
  ));
}

/** Digits as typed on a Japanese keyboard too (`１０` → `10`), without spaces. */
function normalised(v: string): string {
  return v.normalize('NFKC').trim();
}

/** A whole number from 1 to MAX_COUNT (`--limit`). */
export function parsePositive(this: unknown, v: string): number {
  const s = normalised(v);
  if (!/^[0-9]+$/.test(s) || /^0+$/.test(s)) {
    throw invalid(this, v, 'give a whole number of 1 or more', '1 以上の整数を指定してください');
  }
  const n = Number(s);
  if (!Number.isSafeInteger(n)) {
    throw invalid(this, v, `too large (at most ${MAX_COUNT})`, `大きすぎます（最大 ${MAX_COUNT}）`);
  }
  return n;
}

/** A number greater than 0, decimals allowed, at most `max` (`--gap`). */
export function positiveNumber(max: number): (this: unknown, v: string) => number {
  return function parsePositiveNumber(this: unknown, v: string): number {
    const s = normalised(v);
    const n = /^[0-9]+(\.[0-9]+)?$|^\.[0-9]+$/.test(s) ? Number(s) : NaN;
    if (!(n > 0)) throw invalid(this, v, 'give a number greater than 0 (e.g. 2 or 1.5)', '0 より大きい数を指定してください（例: 2、1.5）');
    if (n > max) throw invalid(this, v, `too large (at most ${max})`, `大きすぎます（最大 ${max}）`);
    return n;
  };
}

/** Hours worked on a match (`matches complete --hours`): 0 or more, decimals allowed, at most 10,000. */
export function hoursNumber(this: unknown, v: string): number {
  const s = normalised(v);
  const n = /^[0-9]+(\.[0-9]+)?$|^\.[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!(n >= 0)) throw invalid(this, v, 'give the hours worked as a number of 0 or more (e.g. 3.5)', '活動時間を 0 以上の数で指定してください（例: 3.5）');
  if (n > 10_000) throw invalid(this, v, 'too large (at most 10000 hours)', '大きすぎます（最大 10000 時間）');
  return n;
}

/** `--wait SECONDS`: a number of seconds from 0 up to a day. */
export function parseSeconds(v: string): number {
  const s = normalised(v);
  const n = /^[0-9]+(\.[0-9]+)?$/.test(s) ? Number(s) : NaN;
  if (!(n >= 0 && n <= 86_400)) {
    throw new UsageError('invalid_wait', msg(`--wait ${v}: give a number of seconds from 0 to 86400`, `--wait ${v}: 0〜86400 の秒数を指定してください`));
  }
  return n;
}

/** `--max-retire`: `10%`, `25%`, `500` (records) or `all`. */
export function parseRetireLimit(v: string): RetireLimit {
  const t = v.normalize('NFKC').trim().toLowerCase();
  if (t === 'all') return 'all';
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (pct && Number(pct[1]) <= 100) return { percent: Number(pct[1]) };
  if (/^\d+$/.test(t) && Number.isSafeInteger(Number(t))) return { count: Number(t) };
  throw new UsageError('invalid_max_retire', msg(`--max-retire ${v}: write a percentage (10%), a number of records (500) or all`,
    `--max-retire ${v}: 割合（10%）、件数（500）、または all で指定してください`));
}
