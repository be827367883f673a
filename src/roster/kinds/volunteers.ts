import * as cell from '../cells.js';
import { msg } from '../../errors.js';
import type { KindSpec } from '../kind.js';

/** ボランティア and pro-bono professionals. */
export const volunteersSpec: KindSpec = {
  kind: 'volunteers',
  table: 'volunteers',
  label: msg('volunteers', 'ボランティア'),
  key: ['volunteer_id'],
  columns: [
    { name: 'volunteer_id', aliases: ['ボランティアID', '登録番号', 'ボランティア番号'], type: cell.text, required: true },
    { name: 'name', aliases: ['氏名', '名前', 'お名前'], type: cell.text, required: true, personal: 'name' },
    { name: 'kana', aliases: ['フリガナ', '氏名カナ', 'ふりがな', 'カナ'], type: cell.kana, personal: 'name' },
    { name: 'birth_date', aliases: ['生年月日'], type: cell.date, personal: 'text' },
    { name: 'gender', aliases: ['性別'], type: cell.text, personal: 'text' },
    { name: 'postal_code', aliases: ['郵便番号'], type: cell.postalCode, personal: 'text' },
    { name: 'address', aliases: ['住所'], type: cell.address, personal: 'text' },
    { name: 'municipality_code', aliases: ['市区町村コード'], type: cell.municipalityCode },
    { name: 'lat', aliases: ['緯度', 'latitude'], type: cell.latitude },
    { name: 'lon', aliases: ['経度', 'longitude'], type: cell.longitude },
    { name: 'phone', aliases: ['電話番号', '電話', '携帯電話', 'tel'], type: cell.phone, personal: 'phone' },
    { name: 'email', aliases: ['メール', 'メールアドレス', 'e-mail'], type: cell.email, personal: 'email' },
    { name: 'skills', aliases: ['スキル', '特技', '資格', '特技・資格'], type: cell.skills },
    { name: 'interests', aliases: ['関心分野', '興味のある分野'], type: cell.fields(['interests', 'interests_mask']) },
    { name: 'availability', aliases: ['活動可能日時', '活動可能時間', '活動可能日'], type: cell.slots(['availability', 'availability_mask']) },
    { name: 'max_assignments', aliases: ['最大受入数', '同時活動数'], type: cell.integer(1, 99), emptyValue: [1] },
    { name: 'languages', aliases: ['言語', '対応言語'], type: cell.list },
    { name: 'profession', aliases: ['専門職', '職業資格'], type: cell.profession },
    { name: 'consent_share', aliases: ['情報提供同意', '同意', '個人情報提供同意'], type: cell.boolean, emptyValue: [0] },
    {
      name: 'status',
      aliases: ['状態', 'ステータス'],
      type: cell.oneOf({ 活動中: 'active', 休止: 'paused', 休止中: 'paused', 退会: 'withdrawn', active: 'active', paused: 'paused', withdrawn: 'withdrawn' }, { en: 'status', ja: '状態' }),
      emptyValue: ['active'],
    },
    { name: 'registered_on', aliases: ['登録日'], type: cell.date },
  ],
};
