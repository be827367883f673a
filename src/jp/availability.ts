/**
 * Weekday × period availability (活動可能日時): 7 weekdays × 3 periods = 21 slots, canonical names such as
 * `mon-am`, stored as a 21-bit mask (bit = weekday*3 + period) so matching is one AND.
 */
import { bad, ok, type Parsed } from './parsed.js';
import { normalizeCell } from './text.js';
import { splitNormalized } from './values.js';

/** Weekday keys in canonical order (Monday first, as Japanese schedules are written). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Period keys: 午前, 午後, 夜間. */
export const PERIODS = ['am', 'pm', 'night'] as const;

const WEEKDAY_JA = ['月', '火', '水', '木', '金', '土', '日'];
const PERIOD_JA = ['午前', '午後', '夜間'];

const ALL_DAYS = 0b1111111;
const ALL_PERIODS = 0b111;
/** All 21 slots. */
export const ALL_SLOTS_MASK = (1 << 21) - 1;

const SLOT_BIT = new Map<string, number>();
const SLOT_NAMES: string[] = [];
for (let w = 0; w < 7; w++) {
  for (let p = 0; p < 3; p++) {
    const name = `${WEEKDAYS[w] as string}-${PERIODS[p] as string}`;
    SLOT_BIT.set(name, w * 3 + p);
    SLOT_NAMES.push(name);
  }
}

type Token =
  | { kind: 'day'; days: number; single: number } // single = weekday index for one day, -1 for a group
  | { kind: 'period'; periods: number }
  | { kind: 'range' }
  | { kind: 'skip' };

// Token table, matched longest first at each position (input is NFKC-normalized and lower-cased).
const TOKENS: [string, Token][] = [];
function day(text: string, w: number): void {
  TOKENS.push([text, { kind: 'day', days: 1 << w, single: w }]);
}
function days(text: string, mask: number): void {
  TOKENS.push([text, { kind: 'day', days: mask, single: -1 }]);
}
function period(text: string, mask: number): void {
  TOKENS.push([text, { kind: 'period', periods: mask }]);
}
const EN_DAYS = [
  ['monday', 'mon'],
  ['tuesday', 'tues', 'tue'],
  ['wednesday', 'wed'],
  ['thursday', 'thurs', 'thur', 'thu'],
  ['friday', 'fri'],
  ['saturday', 'sat'],
  ['sunday', 'sun'],
];
for (let w = 0; w < 7; w++) {
  const ja = WEEKDAY_JA[w] as string;
  day(`${ja}曜日`, w);
  day(`${ja}曜`, w);
  day(ja, w);
  for (const en of EN_DAYS[w] as string[]) day(en, w);
}
days('平日', 0b0011111);
days('weekdays', 0b0011111);
days('weekday', 0b0011111);
days('土日', 0b1100000);
days('週末', 0b1100000);
days('weekends', 0b1100000);
days('weekend', 0b1100000);
for (const t of ['毎日', '全日', 'いつでも', '曜日問わず', 'everyday', 'daily', 'anytime', 'all']) days(t, ALL_DAYS);
period('午前中', 0b001);
period('午前', 0b001);
period('am', 0b001);
period('morning', 0b001);
period('朝', 0b001);
period('午後', 0b010);
period('pm', 0b010);
period('afternoon', 0b010);
period('夜間', 0b100);
period('夜', 0b100);
period('night', 0b100);
period('evening', 0b100);
period('日中', 0b011);
period('終日', ALL_PERIODS);
for (const t of ['〜', '~', '-', 'ー', '−', '–', '—', 'から']) TOKENS.push([t, { kind: 'range' }]);
for (const t of [' ', '_', 'の', 'は', ':']) TOKENS.push([t, { kind: 'skip' }]);
TOKENS.sort((a, b) => b[0].length - a[0].length);
// First character → candidate tokens (longest first), so each position tries only a handful of entries.
const BY_FIRST = new Map<string, [string, Token][]>();
for (const entry of TOKENS) {
  const k = entry[0][0] as string;
  let list = BY_FIRST.get(k);
  if (!list) BY_FIRST.set(k, (list = []));
  list.push(entry);
}

function tokenize(s: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const cands = BY_FIRST.get(s[i] as string);
    let hit: [string, Token] | undefined;
    if (cands) for (const c of cands) if (s.startsWith(c[0], i)) { hit = c; break; }
    if (!hit) return null;
    if (hit[1].kind !== 'skip') out.push(hit[1]);
    i += hit[0].length;
  }
  return out;
}

const HOW = 'use weekday and period such as 月午前, 土午後, 平日夜間, 土日, 月〜金午前 or mon-am';
const HOW_JA = '月午前、土午後、平日夜間、土日、月〜金午前、mon-am のように曜日と時間帯で入力してください';

/** One expression (月午前, 平日, 月〜金午前, sat-pm, 毎日) → slot mask, or null if it is not one. */
function expressionMask(item: string): number | null {
  const toks = tokenize(item.toLowerCase());
  if (toks === null || toks.length === 0) return null;
  let mask = 0;
  let curDays = 0;
  let curPeriods = 0;
  const flush = (): void => {
    // Periods alone (夜間) mean every day; days alone (土日) mean every period.
    const d = curDays || ALL_DAYS;
    const p = curPeriods || ALL_PERIODS;
    for (let w = 0; w < 7; w++) {
      if (d & (1 << w)) for (let q = 0; q < 3; q++) if (p & (1 << q)) mask |= 1 << (w * 3 + q);
    }
    curDays = 0;
    curPeriods = 0;
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Token;
    if (t.kind === 'day') {
      if (curPeriods !== 0) flush(); // 平日午前土日: a new day group starts a new segment
      curDays |= t.days;
    } else if (t.kind === 'period') {
      curPeriods |= t.periods;
    } else if (t.kind === 'range') {
      const prev = toks[k - 1];
      const next = toks[k + 1];
      if (prev?.kind === 'day' && prev.single >= 0 && next?.kind === 'day' && next.single >= 0 && curPeriods === 0) {
        // 月〜金, and 金〜月 wraps over the weekend.
        for (let w = prev.single; ; w = (w + 1) % 7) {
          curDays |= 1 << w;
          if (w === next.single) break;
        }
        k++;
      } else if (!(prev && next)) {
        return null; // a dangling 〜 (月〜) is an unfinished range, not a separator
      }
      // Otherwise `-` separates day and period as in mon-am.
    }
  }
  flush();
  return mask;
}

/** Parses an availability cell (a list of expressions) → canonical slots sorted by weekday then period, deduped. */
export function parseAvailability(input: string): Parsed<string[]> {
  // A roster repeats a handful of distinct availability cells; memoize them (bounded) for 1M-row imports.
  const hit = CACHE.get(input);
  if (hit !== undefined) return hit.ok ? ok(hit.value.slice()) : hit;
  const r = parseUncached(input);
  if (CACHE.size >= CACHE_MAX) CACHE.clear();
  // A key of 13+ characters may be a slice of a 1 MiB read chunk: store a copy, or every cached
  // cell keeps its whole chunk alive (measured: ~130 MB of retained chunks on a 1M-row import).
  CACHE.set(input.length < 13 ? input : (input + ' ').slice(0, -1), r);
  return r.ok ? ok(r.value.slice()) : r;
}

const CACHE = new Map<string, Parsed<string[]>>();
const CACHE_MAX = 4096;

function parseUncached(input: string): Parsed<string[]> {
  const s = normalizeCell(input);
  if (s.length === 0) return bad('empty', 'the cell is empty', 'セルが空です');
  const items = splitNormalized(s);
  let mask = 0;
  for (let n = 0; n < items.length; n++) {
    const item = items[n] as string;
    const m = expressionMask(item);
    if (m === null) {
      // The item is not echoed: free text here may hold personal remarks.
      if (item.includes('祝')) {
        return bad('invalid_availability', `item ${n + 1}: public holidays (祝日) cannot be recorded; ${HOW}`,
          `${n + 1}番目: 祝日は登録できません。${HOW_JA}`);
      }
      return bad('invalid_availability', `item ${n + 1} is not a weekday and period; ${HOW}`,
        `${n + 1}番目が曜日・時間帯として読めません。${HOW_JA}`);
    }
    mask |= m;
  }
  if (mask === 0) return bad('invalid_availability', HOW, HOW_JA);
  return ok(slotsFromMask(mask));
}

/** 21-bit mask of canonical slots (bit = weekday*3 + period); throws RangeError on a non-canonical slot name (a bug, not input). */
export function slotMask(slots: readonly string[]): number {
  let mask = 0;
  for (const s of slots) {
    const bit = SLOT_BIT.get(s);
    if (bit === undefined) throw new RangeError(`not a canonical availability slot: ${s}`);
    mask |= 1 << bit;
  }
  return mask;
}

/** Canonical slots of a mask, sorted by weekday then period. */
export function slotsFromMask(mask: number): string[] {
  const out: string[] = [];
  for (let b = 0; b < 21; b++) if (mask & (1 << b)) out.push(SLOT_NAMES[b] as string);
  return out;
}

/** Japanese label of a slot for messages and reports: `mon-am` → `月曜午前`; unknown names are returned unchanged. */
export function slotLabel(slot: string): string {
  const bit = SLOT_BIT.get(slot);
  if (bit === undefined) return slot;
  return `${WEEKDAY_JA[Math.floor(bit / 3)] as string}曜${PERIOD_JA[bit % 3] as string}`;
}

/** Slots as stored and exported: `mon-am;sat-pm`. */
export function formatSlots(slots: readonly string[]): string {
  return slots.join(';');
}
