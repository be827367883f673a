import * as cell from '../cells.js';
import { msg } from '../../errors.js';
import type { KindSpec } from '../kind.js';
import { checkOrgExists, orgIdColumn } from './checks.js';

/** 募集: an organization's request for volunteers or pro-bono help. */
export const openingsSpec: KindSpec = {
  kind: 'openings',
  table: 'openings',
  label: msg('openings', '募集'),
  key: ['opening_id'],
  columns: [
    { name: 'opening_id', aliases: ['募集ID', '募集番号'], type: cell.text, required: true },
    orgIdColumn,
    { name: 'title', aliases: ['件名', '募集タイトル', 'タイトル'], type: cell.text, required: true },
    {
      name: 'kind',
      aliases: ['種別', '募集種別'],
      type: cell.oneOf({ 単発: 'one_off', 短期: 'short_term', 継続: 'ongoing', プロボノ: 'pro_bono', one_off: 'one_off', short_term: 'short_term', ongoing: 'ongoing', pro_bono: 'pro_bono' }, { en: 'opening kind', ja: '種別' }),
    },
    { name: 'fields', aliases: ['活動分野'], type: cell.fields(['fields', 'fields_mask']) },
    { name: 'required_skills', aliases: ['必須スキル', '必要なスキル'], type: cell.skills },
    { name: 'preferred_skills', aliases: ['歓迎スキル'], type: cell.skills },
    { name: 'slots', aliases: ['募集人数', '人数'], type: cell.integer(1, 10_000), emptyValue: [1] },
    { name: 'schedule', aliases: ['活動日時'], type: cell.slots(['schedule', 'schedule_mask']) },
    { name: 'start_date', aliases: ['開始日', '活動開始日'], type: cell.date },
    { name: 'end_date', aliases: ['終了日', '活動終了日'], type: cell.date },
    { name: 'lat', aliases: ['緯度', 'latitude'], type: cell.latitude },
    { name: 'lon', aliases: ['経度', 'longitude'], type: cell.longitude },
    { name: 'municipality_code', aliases: ['市区町村コード'], type: cell.municipalityCode },
    { name: 'radius_km', aliases: ['範囲km', '範囲(km)', '募集範囲km'], type: cell.decimal(0, 1000) },
    { name: 'remote', aliases: ['オンライン可', 'リモート可'], type: cell.boolean, emptyValue: [0] },
    { name: 'min_age', aliases: ['年齢下限', '最低年齢'], type: cell.integer(0, 120) },
    { name: 'profession', aliases: ['専門職'], type: cell.profession },
    {
      name: 'status',
      aliases: ['状態', 'ステータス'],
      type: cell.oneOf({ 募集中: 'open', 終了: 'closed', 募集終了: 'closed', open: 'open', closed: 'closed' }, { en: 'status', ja: '状態' }),
      emptyValue: ['open'],
    },
  ],
  checkRecord(values, ctx) {
    const org = checkOrgExists(values, ctx);
    if (org) return org;
    const start = values.get('start_date');
    const end = values.get('end_date');
    if (typeof start === 'string' && typeof end === 'string' && end < start) {
      return {
        column: 'end_date',
        value: end,
        code: 'date_order',
        reason: msg(`end date ${end} is before the start date ${start}`, `終了日 ${end} が開始日 ${start} より前です`),
      };
    }
    return undefined;
  },
};
