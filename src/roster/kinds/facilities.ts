import * as cell from '../cells.js';
import { msg } from '../../errors.js';
import { bad, ok } from '../../jp/parsed.js';
import { parseMunicipalityCode } from '../../jp/codes.js';
import { hashString } from '../hash.js';
import type { KindSpec, RowProblem } from '../kind.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAY_CHARS = '月火水木金土日';
const WEEKDAY_EN = new Map(WEEKDAYS.map((d, i) => [d, i]));

/** 利用可能曜日: 月火水木金土日, 月～金, 平日, 土日祝, 毎日, mon-fri … → JSON array of weekdays. */
export const openDays: cell.CellType = {
  parse(v) {
    const days = new Set<number>();
    const lower = v.toLowerCase();
    if (/毎日|全日|年中無休|無休|365日/.test(lower)) for (let i = 0; i < 7; i++) days.add(i);
    if (lower.includes('平日')) for (let i = 0; i < 5; i++) days.add(i);
    // Words that contain 日 without meaning Sunday (平日, 祝日, 曜日…) must not count as 日.
    const s = lower.replace(/平日|毎日|全日|祝日|休日|年中無休|無休|365日|曜日/g, ' ');
    // Ranges first (月～金, mon-fri), then single days.
    for (const m of s.matchAll(/([月火水木金土日]|mon|tue|wed|thu|fri|sat|sun)[a-z]*曜?日?\s*[～~〜\-－ー]\s*([月火水木金土日]|mon|tue|wed|thu|fri|sat|sun)/g)) {
      const from = dayIndex(m[1]!);
      const to = dayIndex(m[2]!);
      for (let i = from; ; i = (i + 1) % 7) {
        days.add(i);
        if (i === to) break;
      }
    }
    for (const ch of s) {
      const i = WEEKDAY_CHARS.indexOf(ch);
      if (i >= 0) days.add(i);
    }
    for (const m of s.matchAll(/\b(mon|tue|wed|thu|fri|sat|sun)/g)) days.add(WEEKDAY_EN.get(m[1] as (typeof WEEKDAYS)[number])!);
    if (days.size === 0) {
      return bad('invalid_open_days', `"${v}" names no weekday (write e.g. 月火水木金, 月～金, 平日, 土日祝, 毎日)`,
        `「${v}」から曜日を読み取れません（例: 月火水木金、月～金、平日、土日祝、毎日）`);
    }
    return ok([JSON.stringify([...days].sort((a, b) => a - b).map((i) => WEEKDAYS[i]))]);
  },
};

function dayIndex(token: string): number {
  const i = WEEKDAY_CHARS.indexOf(token);
  return i >= 0 ? i : WEEKDAY_EN.get(token as (typeof WEEKDAYS)[number])!;
}

/** 開始時間 / 終了時間: 9:00, 09:00, 0900, 9時, 9時30分 → HH:MM (24:00 allowed as closing time). */
export const timeOfDay: cell.CellType = {
  parse(v) {
    const m = /^(\d{1,2})(?::|時|)(\d{2})?(?:分)?(?::\d{2})?$/.exec(v.replace(/\s/g, ''));
    const h = m ? Number(m[1]) : NaN;
    const min = m && m[2] !== undefined ? Number(m[2]) : 0;
    if (!m || h > 24 || min > 59 || (h === 24 && min > 0)) {
      return bad('invalid_time', `"${v}" is not a time of day (write e.g. 9:00 or 21:30)`, `「${v}」は時刻として読めません（例: 9:00、21:30）`);
    }
    return ok([`${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`]);
  },
};

/**
 * A facility's key: its own ID, else municipality code + the source's ID (unique only within its
 * municipality's list), else — real files leave ID/NO empty — a stable hash of name and address, so a
 * re-import updates instead of duplicating. `at` (coordinates) joins that hash for a second facility of the
 * same name and address. `byPlace`: the key came from the name and address.
 */
function facilityKey(get: (column: string) => string | undefined, at?: string):
  ({ ok: true; value: string[]; byPlace: boolean }) | ({ ok: false } & RowProblem) {
  const room = get('room') ?? '';
  const explicit = get('facility_id');
  if (explicit) return { ok: true, value: [explicit, room], byPlace: false };
  const rawCode = get('municipality_code');
  let code = '';
  if (rawCode) {
    const p = parseMunicipalityCode(rawCode);
    if (!p.ok) return { ok: false, column: 'municipality_code', value: rawCode, code: p.code, reason: p.reason };
    code = p.value;
  }
  const sourceId = get('source_id');
  if (sourceId && code) return { ok: true, value: [`${code}-${sourceId}`, room], byPlace: false };
  const name = get('name');
  if (!name) return { ok: false, column: 'name', value: null, code: 'missing_value', reason: msg('a facility needs a name (名称) or an ID', '施設には名称かIDが必要です') };
  // Without a municipality code the ID starts with "F", never "-" (a leading dash reads as an option in `kyodo show`).
  const place = [name, get('address') ?? '', ...(at === undefined ? [] : [at])].join('\u001f');
  return { ok: true, value: [`${code || 'F'}-${hashString(place).toString(36)}`, room], byPlace: true };
}

/**
 * 施設・会議室: the municipality's 公共施設一覧 (all three layouts, by header name)
 * plus the center's own room columns. Key: facility (code + ID) + room.
 */
export const facilitiesSpec: KindSpec = {
  kind: 'facilities',
  table: 'facilities',
  label: msg('facilities', '施設'),
  key: ['facility_id', 'room'],
  // Columns of the 公共施設一覧 layouts that describe the place in ways matching does not use.
  ignoredHeaders: [
    '地方公共団体名', '都道府県名', '市区町村名', '名称_英語', '名称_英字', '名称_通称', 'POIコード', '所在地_全国地方公共団体コード', '町字ID',
    '所在地_都道府県', '所在地_市区町村', '所在地_町字', '所在地_番地以下', '建物名等(方書)', '方書', '設置位置', '高度の種別', '高度の値',
    '内線番号', 'FAX番号', '法人番号', '団体名', '郵便番号', 'バリアフリー情報', '画像', '画像_ライセンス', '駐車場情報', '利用料金', '大分類', '小分類',
  ],
  deriveKey(get) {
    const k = facilityKey(get);
    return k.ok ? { ok: true, value: k.value } : k;
  },
  // 中野区's toilets: two rows of the same name and address at different coordinates are two facilities.
  // The first keeps the key of its name and address (stable across nightly runs), the next ones add their coordinates.
  distinctKey(get) {
    const lat = get('lat');
    const lon = get('lon');
    if (!lat || !lon) return undefined;
    // Written as numbers, so 35.70 and 35.7 in another night's export are the same place.
    const k = facilityKey(get, `${Number(lat)}\u001f${Number(lon)}`);
    return k.ok && k.byPlace ? k.value : undefined;
  },
  describeKey(get) {
    const id = get('facility_id') || get('source_id');
    const where = [get('name'), get('address') ? `(${get('address')})` : undefined, get('room')].filter(Boolean).join(' ');
    return id ? `${id} ${where}` : where;
  },
  columns: [
    { name: 'facility_id', aliases: ['施設ID', '施設コード'], type: cell.text },
    { name: 'room', aliases: ['部屋名', '部屋', '会議室名'], type: cell.text },
    { name: 'municipality_code', aliases: ['全国地方公共団体コード', '都道府県コード又は市区町村コード', '市区町村コード'], type: cell.municipalityCode },
    { name: 'source_id', aliases: ['ID', 'NO', 'No.', '番号', '#property'], type: cell.text },
    { name: 'name', aliases: ['名称', '施設名', '施設名称'], type: cell.text, required: true },
    { name: 'name_kana', aliases: ['名称_カナ', '名称カナ'], type: cell.kana },
    { name: 'address', aliases: ['所在地_連結表記', '住所', '所在地'], type: cell.address },
    { name: 'lat', aliases: ['緯度', 'latitude'], type: cell.latitude },
    { name: 'lon', aliases: ['経度', 'longitude'], type: cell.longitude },
    { name: 'phone', aliases: ['電話番号', '電話', 'telephoneNumber'], type: cell.phone },
    { name: 'capacity', aliases: ['定員', '収容人数'], type: cell.integer(0, 100_000) },
    { name: 'equipment', aliases: ['設備', '備品'], type: cell.list },
    { name: 'fee_per_hour', aliases: ['1時間料金', '利用料金(1時間)', '時間料金'], type: cell.integer(0) },
    { name: 'open_days', aliases: ['利用可能曜日', 'availableDate'], type: openDays },
    { name: 'open_from', aliases: ['開始時間', '利用開始時間', 'startTime'], type: timeOfDay },
    { name: 'open_to', aliases: ['終了時間', '利用終了時間', 'endTime'], type: timeOfDay },
    { name: 'hours_note', aliases: ['利用可能日時特記事項', '利用可能時間特記事項', 'availableDateNote'], type: cell.multilineText },
    { name: 'description', aliases: ['説明', '概要'], type: cell.multilineText },
    { name: 'notes', aliases: ['備考', 'note'], type: cell.multilineText },
    { name: 'url', aliases: ['URL', 'ホームページ', 'referenceObject'], type: cell.text },
  ],
};
