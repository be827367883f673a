/**
 * 資源バンク: goods and spaces offered by companies and residents (`offers`)
 * and organizations' requests for them (`needs`). Categories go through the
 * synonym table (data/reference/resource-categories.json), so 食料品 and 食品 are one.
 */
import * as cell from '../cells.js';
import { msg } from '../../errors.js';
import { ok } from '../../jp/parsed.js';
import { canonicalCategory } from '../../reference/resource-categories.js';
import type { KindSpec } from '../kind.js';
import { checkOrgExists, orgIdColumn } from './checks.js';

/** 分類: canonical category, or the label as written when the table does not know it. */
export const resourceCategory: cell.CellType = { memo: true, parse: (v) => ok([canonicalCategory(v)]) };

/** 単位: NFKC, no spaces (箱, 個, kg, ㎏ → kg). */
export const resourceUnit: cell.CellType = { memo: true, parse: (v) => ok([v.normalize('NFKC').replace(/\s+/g, '')]) };

const quantity = cell.integer(1, 1_000_000_000);

/** 緊急度: 高 / 中 / 低 (至急, 緊急, 普通 …) or 3 / 2 / 1 → 1–3. */
const urgencyLabels = cell.oneOf({ 高: '3', 至急: '3', 緊急: '3', 中: '2', 普通: '2', 通常: '2', 低: '1', 1: '1', 2: '2', 3: '3', high: '3', medium: '2', low: '1' }, { en: 'urgency', ja: '緊急度' });
export const urgency: cell.CellType = {
  parse(v) {
    const p = urgencyLabels.parse(v.normalize('NFKC').trim());
    return p.ok ? ok([Number(p.value[0])]) : p;
  },
};

const place = [
  { name: 'place', aliases: ['場所', '所在地', '受け渡し場所', '住所'], type: cell.address },
  { name: 'municipality_code', aliases: ['市区町村コード', '全国地方公共団体コード'], type: cell.municipalityCode },
  { name: 'lat', aliases: ['緯度', 'latitude'], type: cell.latitude },
  { name: 'lon', aliases: ['経度', 'longitude'], type: cell.longitude },
] as const;

/** 提供: goods or a space a company or resident offers, until when. */
export const offersSpec: KindSpec = {
  kind: 'offers',
  table: 'resource_offers',
  label: msg('resource offers', '資源提供'),
  key: ['offer_id'],
  columns: [
    { name: 'offer_id', aliases: ['提供ID', '提供番号'], type: cell.text, required: true },
    {
      name: 'donor_kind',
      aliases: ['提供者種別', '提供者区分'],
      type: cell.oneOf({ 企業: 'company', 法人: 'company', 事業者: 'company', 団体: 'company', 個人: 'resident', 住民: 'resident', 区民: 'resident', 市民: 'resident', company: 'company', resident: 'resident' },
        { en: 'donor kind', ja: '提供者種別' }),
    },
    { name: 'donor_name', aliases: ['提供者名', '提供者', '氏名・企業名'], type: cell.text, personal: 'name' },
    { name: 'category', aliases: ['分類', 'カテゴリ', 'カテゴリー', '種類'], type: resourceCategory, required: true },
    { name: 'item', aliases: ['品名', '品目', '内容'], type: cell.text },
    { name: 'quantity', aliases: ['数量', '個数'], type: quantity, required: true },
    { name: 'unit', aliases: ['単位'], type: resourceUnit },
    ...place,
    { name: 'available_until', aliases: ['提供期限', '提供可能期限', '期限'], type: cell.date },
    { name: 'notes', aliases: ['備考'], type: cell.multilineText },
    {
      name: 'status',
      aliases: ['状態', 'ステータス'],
      type: cell.oneOf({ 提供中: 'open', 受付中: 'open', 募集中: 'open', 終了: 'closed', 提供済: 'closed', 提供済み: 'closed', open: 'open', closed: 'closed' }, { en: 'status', ja: '状態' }),
      emptyValue: ['open'],
    },
  ],
};

/** 要望: what an organization needs, how many, by when, how urgently. */
export const needsSpec: KindSpec = {
  kind: 'needs',
  table: 'resource_requests',
  label: msg('resource requests', '資源要望'),
  key: ['request_id'],
  columns: [
    { name: 'request_id', aliases: ['要望ID', '要望番号'], type: cell.text, required: true },
    orgIdColumn,
    { name: 'category', aliases: ['分類', 'カテゴリ', 'カテゴリー', '種類'], type: resourceCategory, required: true },
    { name: 'item', aliases: ['品名', '品目', '内容'], type: cell.text },
    { name: 'quantity', aliases: ['数量', '必要数', '個数'], type: quantity, required: true },
    { name: 'unit', aliases: ['単位'], type: resourceUnit },
    { name: 'needed_by', aliases: ['必要期日', '期限', '希望期日', '必要な日'], type: cell.date },
    ...place,
    {
      name: 'urgency',
      aliases: ['緊急度', '優先度'],
      type: urgency,
    },
    { name: 'notes', aliases: ['備考'], type: cell.multilineText },
    {
      name: 'status',
      aliases: ['状態', 'ステータス'],
      type: cell.oneOf({ 募集中: 'open', 受付中: 'open', 終了: 'closed', 充足: 'closed', 取り下げ: 'closed', open: 'open', closed: 'closed' }, { en: 'status', ja: '状態' }),
      emptyValue: ['open'],
    },
  ],
  checkRecord(values, ctx) {
    const org = checkOrgExists(values, ctx);
    if (org) return org;
    return undefined;
  },
};
