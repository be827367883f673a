/**
 * 施設の利用申込 (`booking_requests`: an organization asks for a room on a date, from–to, for so
 * many people, with equipment, within a budget) and the rooms' existing bookings (`bookings`,
 * from the facility's reservation system). `kyodo match facilities` pairs them.
 */
import * as cell from '../cells.js';
import { msg } from '../../errors.js';
import { parseDate } from '../../jp/date.js';
import { ok } from '../../jp/parsed.js';
import { parseYen } from '../../jp/values.js';
import type { KindSpec, RowProblem } from '../kind.js';
import type { SqlValue } from '../cells.js';
import { timeOfDay } from './facilities.js';
import { checkOrgExists, orgIdColumn } from './checks.js';

/** 予算 / 上限額: whole yen ≥ 0 (5000, 5,000円, ¥5,000, 0.5万円). */
const yen: cell.CellType = {
  parse(v) {
    const p = parseYen(v, { min: 0 });
    return p.ok ? ok([p.value]) : p;
  },
};

/** End after start (both HH:MM, so text order is time order). */
function timeOrder(values: Map<string, SqlValue>): RowProblem | undefined {
  const start = values.get('start_time');
  const end = values.get('end_time');
  if (typeof start === 'string' && typeof end === 'string' && end <= start) {
    return {
      column: 'end_time',
      value: end,
      code: 'time_order',
      reason: msg(`end time ${end} is not after the start time ${start}`, `終了時刻 ${end} が開始時刻 ${start} より後になっていません`),
    };
  }
  return undefined;
}

const startTime = { name: 'start_time', aliases: ['開始時刻', '開始時間', '利用開始時刻', '利用開始時間'], type: timeOfDay, required: true } as const;
const endTime = { name: 'end_time', aliases: ['終了時刻', '終了時間', '利用終了時刻', '利用終了時間'], type: timeOfDay, required: true } as const;

/** 利用申込: one organization's request for a room. */
export const bookingRequestsSpec: KindSpec = {
  kind: 'booking_requests',
  table: 'booking_requests',
  label: msg('booking requests', '施設利用申込'),
  key: ['request_id'],
  columns: [
    { name: 'request_id', aliases: ['申込ID', '申込番号', '申請ID'], type: cell.text, required: true },
    orgIdColumn,
    { name: 'date', aliases: ['利用日', '希望日', '利用希望日'], type: cell.date, required: true },
    startTime,
    endTime,
    { name: 'headcount', aliases: ['人数', '利用人数', '参加人数', '予定人数'], type: cell.integer(1, 100_000) },
    { name: 'equipment', aliases: ['必要設備', '設備', '必要な設備', '備品'], type: cell.list },
    { name: 'max_fee', aliases: ['予算', '上限額', '予算上限', '利用料上限'], type: yen },
    { name: 'area', aliases: ['希望地域', '地域', '希望エリア'], type: cell.text },
    { name: 'lat', aliases: ['緯度', 'latitude'], type: cell.latitude },
    { name: 'lon', aliases: ['経度', 'longitude'], type: cell.longitude },
    { name: 'preferred_facility_id', aliases: ['希望施設', '希望施設ID', '第一希望施設'], type: cell.text },
    { name: 'purpose', aliases: ['利用目的', '目的', '行事名'], type: cell.text },
    { name: 'notes', aliases: ['備考'], type: cell.multilineText },
    {
      name: 'status',
      aliases: ['状態', 'ステータス'],
      type: cell.oneOf({ 申込中: 'open', 受付中: 'open', 調整中: 'open', 終了: 'closed', 取消: 'closed', 取下げ: 'closed', 取り下げ: 'closed', 確定: 'closed', open: 'open', closed: 'closed' },
        { en: 'status', ja: '状態' }),
      emptyValue: ['open'],
    },
  ],
  checkRecord(values, ctx) {
    const org = checkOrgExists(values, ctx);
    if (org) return org;
    return timeOrder(values);
  },
};

/** 既存の予約: a room taken on a date, from–to. Key: facility + room + date + start time. */
export const bookingsSpec: KindSpec = {
  kind: 'bookings',
  table: 'bookings',
  label: msg('bookings', '施設予約'),
  key: ['facility_id', 'room', 'date', 'start_time'],
  // `imported`, or `match` for a room booked by accepting a `kyodo match facilities` proposal.
  shownColumns: ['source'],
  // Date and start time are part of the key: stored in their canonical form, so 2026/4/6 9時 and 2026-04-06 09:00 are one booking.
  deriveKey(get) {
    const facility = get('facility_id');
    const room = get('room');
    for (const [name, v] of [['facility_id', facility], ['room', room], ['date', get('date')], ['start_time', get('start_time')]] as const) {
      if (!v) return { ok: false, column: name, value: null, code: 'missing_value', reason: msg(`${name} is empty; every row needs its key`, `${name} が空です（キーは必須）`) };
    }
    const d = parseDate(get('date')!);
    if (!d.ok) return { ok: false, column: 'date', value: get('date')!, code: d.code, reason: d.reason };
    const t = timeOfDay.parse(get('start_time')!);
    if (!t.ok) return { ok: false, column: 'start_time', value: get('start_time')!, code: t.code, reason: t.reason };
    return { ok: true, value: [facility!, room!, d.value, String(t.value[0])] };
  },
  columns: [
    { name: 'facility_id', aliases: ['施設ID', '施設コード'], type: cell.text, required: true },
    { name: 'room', aliases: ['部屋名', '部屋', '会議室名'], type: cell.text, required: true },
    { name: 'date', aliases: ['利用日', '予約日'], type: cell.date, required: true },
    startTime,
    endTime,
    { name: 'booking_ref', aliases: ['予約番号', '予約ID'], type: cell.text },
    { name: 'request_id', aliases: ['申込ID', '申込番号'], type: cell.text },
    { name: 'notes', aliases: ['備考', '利用目的'], type: cell.multilineText },
    {
      name: 'status',
      aliases: ['状態', 'ステータス'],
      type: cell.oneOf({ 予約済: 'booked', 予約済み: 'booked', 確定: 'booked', 仮予約: 'booked', 取消: 'cancelled', 取り消し: 'cancelled', キャンセル: 'cancelled', booked: 'booked', cancelled: 'cancelled' },
        { en: 'status', ja: '状態' }),
      emptyValue: ['booked'],
    },
  ],
  checkRecord(values, ctx) {
    const facility = values.get('facility_id');
    const room = values.get('room');
    if (typeof facility === 'string' && typeof room === 'string' && ctx.roomExists && !ctx.roomExists(facility, room)) {
      return {
        column: 'room',
        value: `${facility} ${room}`,
        code: 'unknown_room',
        reason: msg(`facility ${facility} has no room "${room}" in the database; import the facilities first`,
          `施設 ${facility} に部屋「${room}」が登録されていません。先に施設一覧を取り込んでください`),
      };
    }
    return timeOrder(values);
  },
};
