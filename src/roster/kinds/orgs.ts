import { msg } from '../../errors.js';
import * as cell from '../cells.js';
import type { KindSpec } from '../kind.js';
import { orgIdColumn } from './checks.js';

/** 団体: NPO法人 and every other kind of organization the center supports. */
export const orgsSpec: KindSpec = {
  kind: 'orgs',
  table: 'organizations',
  label: msg('organizations', '団体'),
  key: ['org_id'],
  implied: [{ column: 'status', when: ['dissolved_on'] }],
  columns: [
    orgIdColumn,
    { name: 'name', aliases: ['団体名', '名称', '法人名称', '団体名称'], type: cell.text, required: true },
    { name: 'name_kana', aliases: ['団体名カナ', 'フリガナ', '団体名フリガナ', '名称カナ'], type: cell.kana },
    { name: 'corporate_number', aliases: ['法人番号'], type: cell.corporateNumber },
    { name: 'legal_form', aliases: ['法人格', '法人種別', '団体種別'], type: cell.legalForm },
    { name: 'fields', aliases: ['活動分野'], type: cell.fields(['fields', 'fields_mask']) },
    { name: 'established_on', aliases: ['設立日', '設立年月日'], type: cell.date },
    { name: 'certified_on', aliases: ['認定日', '認定年月日'], type: cell.date },
    { name: 'address', aliases: ['所在地', '住所', '主たる事務所の所在地'], type: cell.address },
    { name: 'postal_code', aliases: ['郵便番号'], type: cell.postalCode },
    { name: 'municipality_code', aliases: ['市区町村コード', '全国地方公共団体コード'], type: cell.municipalityCode },
    { name: 'lat', aliases: ['緯度', 'latitude'], type: cell.latitude },
    { name: 'lon', aliases: ['経度', 'longitude'], type: cell.longitude },
    { name: 'representative', aliases: ['代表者', '代表者氏名', '代表者名'], type: cell.text, personal: 'name' },
    { name: 'email', aliases: ['メール', 'メールアドレス', 'e-mail'], type: cell.email, personal: 'email' },
    { name: 'phone', aliases: ['電話番号', '電話', 'tel'], type: cell.phone, personal: 'phone' },
    { name: 'members', aliases: ['会員数'], type: cell.integer(0) },
    { name: 'staff', aliases: ['有給職員数', '職員数'], type: cell.integer(0) },
    { name: 'last_report_fy', aliases: ['事業報告書提出年度', '事業報告書'], type: cell.fiscalYear },
    { name: 'religious_political', aliases: ['宗教・政治活動', '宗教政治活動'], type: cell.boolean },
    {
      name: 'status',
      aliases: ['状態', 'ステータス'],
      type: cell.oneOf({ 活動中: 'active', 休止: 'dormant', 休止中: 'dormant', 解散: 'dissolved', active: 'active', dormant: 'dormant', dissolved: 'dissolved' }, { en: 'status', ja: '状態' }),
      emptyValue: ['active'],
    },
    { name: 'certification_expires_on', aliases: ['認定満了日', '認定有効期限'], type: cell.date },
    { name: 'competent_authority', aliases: ['所轄庁'], type: cell.text },
    { name: 'dissolved_on', aliases: ['解散日', '解散年月日'], type: cell.date },
    { name: 'registered_on', aliases: ['登録日', 'センター登録日'], type: cell.date },
  ],
  checkRecord(values) {
    // A dissolution date means the organization is dissolved, whatever the status cell forgot to say.
    if (values.get('dissolved_on') != null && values.get('status') !== 'dissolved') values.set('status', 'dissolved');
    const established = values.get('established_on');
    const dissolved = values.get('dissolved_on');
    if (typeof established === 'string' && typeof dissolved === 'string' && dissolved < established) {
      return {
        column: 'dissolved_on',
        value: dissolved,
        code: 'date_order',
        reason: msg(`dissolved on ${dissolved}, before it was established (${established})`, `解散日 ${dissolved} が設立日 ${established} より前です`),
      };
    }
    return undefined;
  },
};
