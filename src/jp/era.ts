/**
 * 元号 (Japanese eras): loaded from data/reference/eras.json and validated on load, so a bad edit to the
 * data file fails at start-up rather than silently mis-dating rows.
 */
import { readFileSync } from 'node:fs';
import { KyodoError, msg } from '../errors.js';
import { addDays, isIsoDate } from './calendar.js';

/** One era: name (令和), Latin initial (R), first day, last day (null for the current era). */
export interface Era {
  readonly name: string;
  readonly letter: string;
  readonly romaji: string;
  /** First day, ISO. */
  readonly start: string;
  /** Last day, ISO; null while the era is current. */
  readonly end: string | null;
  /** Gregorian year of 元年 (year 1). */
  readonly firstYear: number;
}

function invalid(why: string): KyodoError {
  return new KyodoError(
    'reference_data_invalid',
    msg(`data/reference/eras.json is invalid: ${why}; reinstall kyodo or restore the file`,
      `data/reference/eras.json が不正です: ${why}。kyodo を再インストールするかファイルを元に戻してください`),
  );
}

/** Validates the parsed eras.json document and returns the eras oldest first (throws KyodoError if invalid). */
export function loadEras(doc: unknown): Era[] {
  const list = (doc as { eras?: unknown } | null)?.eras;
  if (!Array.isArray(list) || list.length === 0) throw invalid('"eras" must be a non-empty array');
  const out: Era[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as Record<string, unknown> | null;
    const name = e?.name, letter = e?.letter, romaji = e?.romaji, start = e?.start;
    if (typeof name !== 'string' || name.length === 0) throw invalid(`eras[${i}].name must be a non-empty string`);
    if (typeof letter !== 'string' || !/^[A-Z]$/.test(letter)) throw invalid(`eras[${i}].letter must be one capital letter`);
    if (typeof romaji !== 'string') throw invalid(`eras[${i}].romaji must be a string`);
    if (typeof start !== 'string' || !isIsoDate(start)) throw invalid(`eras[${i}].start must be a real YYYY-MM-DD date`);
    if (seen.has(name) || seen.has(letter)) throw invalid(`eras[${i}] repeats a name or letter`);
    seen.add(name);
    seen.add(letter);
    const prev = out[out.length - 1];
    if (prev && prev.start >= start) throw invalid(`eras[${i}].start must be after the previous era's start`);
    out.push({ name, letter, romaji, start, end: null, firstYear: Number(start.slice(0, 4)) });
  }
  // Each era ends the day before the next one starts.
  return out.map((e, i) => {
    const next = out[i + 1];
    return next ? { ...e, end: addDays(next.start, -1) } : e;
  });
}

// src/jp and dist/jp are both two levels below the package root, so one relative URL serves both.
const ERAS_URL = new URL('../../data/reference/eras.json', import.meta.url);

/** All eras, oldest first (明治 … 令和). */
export const ERAS: readonly Era[] = Object.freeze(loadEras(JSON.parse(readFileSync(ERAS_URL, 'utf8')) as unknown));

const BY_TOKEN = new Map<string, Era>();
for (const e of ERAS) {
  BY_TOKEN.set(e.name, e);
  BY_TOKEN.set(e.name[0] as string, e); // 令6.4.1-style one-kanji abbreviation seen on paper forms
  BY_TOKEN.set(e.letter, e);
  BY_TOKEN.set(e.letter.toLowerCase(), e);
}

/** The era named by `token`: full name (令和), its first kanji (令), or letter (R / r). */
export function findEra(token: string): Era | undefined {
  return BY_TOKEN.get(token);
}

/** The era in force on an ISO date, or undefined before 明治 began. */
export function eraOf(isoDate: string): Era | undefined {
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const e = ERAS[i] as Era;
    if (isoDate >= e.start) return e;
  }
  return undefined;
}

/** 和暦 year label: 元年 for year 1, otherwise `N年`. */
export function eraYearLabel(year: number): string {
  return year === 1 ? '元年' : `${year}年`;
}

/** ISO date → 和暦 such as 平成31年4月1日 (元年 for year 1); null for an invalid date or one before 明治. */
export function toWareki(isoDate: string): string | null {
  if (!isIsoDate(isoDate)) return null;
  const era = eraOf(isoDate);
  if (!era) return null;
  const y = Number(isoDate.slice(0, 4)) - era.firstYear + 1;
  return `${era.name}${eraYearLabel(y)}${Number(isoDate.slice(5, 7))}月${Number(isoDate.slice(8, 10))}日`;
}
