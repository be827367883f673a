/**
 * Cell types of the roster columns: each turns one normalised, non-empty cell
 * into the value(s) stored in the database, or a problem for the rejects file.
 */
import { parseDate } from '../jp/date.js';
import { parseFiscalYear } from '../jp/fiscal-year.js';
import { parseCorporateNumber, parseMunicipalityCode } from '../jp/codes.js';
import { parseEmail, parsePhone, parsePostalCode } from '../jp/contact.js';
import { parseBoolean, parseDecimal, parseInteger, parseLatitude, parseLongitude, splitList } from '../jp/values.js';
import { parseAvailability, slotMask } from '../jp/availability.js';
import { toKatakana } from '../jp/text.js';
import { bad, ok, type Parsed } from '../jp/parsed.js';
import { canonicalSkill, fieldNumberOf, legalFormOf, professionOf } from '../reference/index.js';

export type SqlValue = string | number | null;

/** How a column's value is masked in rejects and messages (個人情報: never echo it). */
export type Personal = 'phone' | 'email' | 'name' | 'text';

export interface CellType {
  /** Database columns this cell fills, in order (most fill one). */
  readonly db?: readonly string[];
  /** The cell may hold line breaks (notes, addresses pasted from Excel). */
  readonly multiline?: boolean;
  /** Parsing costs more than a Map lookup and cells repeat (lists, fields, slots): importers may memoise `parse`. */
  readonly memo?: boolean;
  parse(value: string): Parsed<SqlValue[]>;
}

const one = <T extends SqlValue>(p: Parsed<T>): Parsed<SqlValue[]> => (p.ok ? ok([p.value]) : p);

export const text: CellType = { parse: (v) => ok([v]) };
/** Most cells hold no line break: the regular expressions below then change nothing, and cost ~0.2 s per 1M rows. */
const hasLineBreak = (v: string): boolean => v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
export const multilineText: CellType = { multiline: true, parse: (v) => ok([hasLineBreak(v) ? v.replace(/\r\n?/g, '\n') : v]) };
/** Addresses pasted from Excel may hold a line break (Alt+Enter): it becomes a space. */
export const address: CellType = { multiline: true, parse: (v) => ok([hasLineBreak(v) ? v.replace(/\s*[\r\n]+\s*/g, ' ') : v]) };
export const kana: CellType = { parse: (v) => ok([toKatakana(v)]) };
export const date: CellType = { parse: (v) => one(parseDate(v)) };
export const fiscalYear: CellType = { parse: (v) => one(parseFiscalYear(v)) };
// A few distinct cells on a million rows (flags, small counts, a ward's codes): memoised, and the
// memo turns itself off for a column whose cells turn out mostly distinct (RowValidator).
export const boolean: CellType = {
  memo: true,
  parse(v) {
    const p = parseBoolean(v);
    return p.ok ? ok([p.value ? 1 : 0]) : p;
  },
};
export const email: CellType = { parse: (v) => one(parseEmail(v)) };
export const phone: CellType = { parse: (v) => one(parsePhone(v)) };
export const postalCode: CellType = { memo: true, parse: (v) => one(parsePostalCode(v)) };
export const corporateNumber: CellType = { parse: (v) => one(parseCorporateNumber(v)) };
export const municipalityCode: CellType = { memo: true, parse: (v) => one(parseMunicipalityCode(v)) };
export const latitude: CellType = { parse: (v) => one(parseLatitude(v)) };
export const longitude: CellType = { parse: (v) => one(parseLongitude(v)) };

export function integer(min?: number, max?: number): CellType {
  return { memo: true, parse: (v) => one(parseInteger(v, { min, max })) };
}

export function decimal(min?: number, max?: number): CellType {
  return { parse: (v) => one(parseDecimal(v, { min, max })) };
}

/** A free-word list stored as a JSON array. */
export const list: CellType = { memo: true, parse: (v) => ok([JSON.stringify(splitList(v))]) };

/** Skills through the synonym table, so 手話通訳 and 手話 are one skill. */
export const skills: CellType = {
  memo: true,
  parse: (v) => ok([JSON.stringify(dedupe(splitList(v).map(canonicalSkill)))]),
};

/**
 * Splits a field cell into labels. Official field names contain 、 and short
 * names contain ・ (保健・医療・福祉), which are also list separators: a whole
 * piece is tried as a label before it is split at 、 and ・.
 */
function fieldLabels(v: string): string[] | { unknown: string } {
  if (fieldNumberOf(v) !== undefined) return [v];
  const labels: string[] = [];
  for (const piece of v.split(/[;,/\n]+/)) {
    const p = piece.trim();
    if (p === '') continue;
    if (fieldNumberOf(p) !== undefined) {
      labels.push(p);
      continue;
    }
    for (const part of p.split(/[、・]+/)) {
      const q = part.trim();
      if (q === '') continue;
      if (fieldNumberOf(q) === undefined) return { unknown: q };
      labels.push(q);
    }
  }
  return labels;
}

/** NPO-law activity fields by number, official name or short name → JSON array + bit mask. */
export function fields(db: [string, string]): CellType {
  return {
    db,
    memo: true,
    parse(v) {
      const labels = fieldLabels(v);
      if (!Array.isArray(labels)) {
        return bad('unknown_field', `"${labels.unknown}" is not one of the 20 NPO-law activity fields (give 1–20 or the field's name)`,
          `「${labels.unknown}」は特定非営利活動の20分野にありません（1〜20の番号か分野名で指定してください）`);
      }
      const numbers = [...new Set(labels.map((l) => fieldNumberOf(l)!))].sort((a, b) => a - b);
      return ok([JSON.stringify(numbers), numbers.reduce((m, n) => m | (1 << (n - 1)), 0)]);
    },
  };
}

/** Weekday × period slots → JSON array + 21-bit mask. */
export function slots(db: [string, string]): CellType {
  return {
    db,
    // parseAvailability memoises the parse by itself; memoising the whole outcome here also
    // saves its JSON and mask per row (measured ~5% of an import's validation CPU).
    memo: true,
    parse(v) {
      const p = parseAvailability(v);
      return p.ok ? ok([JSON.stringify(p.value), slotMask(p.value)]) : p;
    },
  };
}

/** One of a fixed set of labels (Japanese or English) → the stored code. */
export function oneOf(labels: Record<string, string>, what: { en: string; ja: string }): CellType {
  const byLabel = new Map(Object.entries(labels).map(([k, code]) => [k.toLowerCase(), code]));
  const allowed = Object.keys(labels).join(' / ');
  return {
    parse(v) {
      const code = byLabel.get(v.toLowerCase());
      return code === undefined
        ? bad(`invalid_${what.en.replace(/\W+/g, '_')}`, `"${v}" is not a known ${what.en} (use one of ${allowed})`, `「${v}」は${what.ja}として使えません（${allowed} のいずれか）`)
        : ok([code]);
    },
  };
}

export const legalForm: CellType = {
  parse(v) {
    const form = legalFormOf(v);
    return form === undefined
      ? bad('invalid_legal_form', `"${v}" is not a known legal form (NPO法人, 一般社団法人, 任意団体, 自治会・町会, その他, …)`,
        `「${v}」は法人格として認識できません（NPO法人、一般社団法人、任意団体、自治会・町会、その他 など）`)
      : ok([form.code]);
  },
};

export const profession: CellType = {
  parse(v) {
    return ok([professionOf(v) ?? v]);
  },
};

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}
