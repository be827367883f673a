// Roster cell values written the way people write them: activity fields, weekday × period slots, skill words.
// Shared by scripts/generate-samples.js and bench/generate-volunteers.js; every value here is valid for kyodo.
import { fullWidth } from './people.js';

export const FIELD_SHORT = {
  1: '保健・医療・福祉', 2: '社会教育', 3: 'まちづくり', 4: '観光', 5: '農山漁村・中山間地域', 6: '学術・文化・芸術・スポーツ',
  7: '環境の保全', 8: '災害救援', 9: '地域安全', 10: '人権・平和', 11: '国際協力', 12: '男女共同参画', 13: '子どもの健全育成',
  14: '情報化社会', 15: '科学技術', 16: '経済活動の活性化', 17: '職業能力・雇用機会', 18: '消費者の保護', 19: '連絡・助言・援助', 20: '条例で定める活動',
};
// Official wordings without 、 (a list separator in cells); 1, 6 and 19 are written by short name or alias instead.
export const FIELD_OFFICIAL = {
  2: '社会教育の推進を図る活動', 3: 'まちづくりの推進を図る活動', 4: '観光の振興を図る活動', 5: '農山漁村又は中山間地域の振興を図る活動',
  7: '環境の保全を図る活動', 8: '災害救援活動', 9: '地域安全活動', 10: '人権の擁護又は平和の推進を図る活動', 11: '国際協力の活動',
  12: '男女共同参画社会の形成の促進を図る活動', 13: '子どもの健全育成を図る活動', 14: '情報化社会の発展を図る活動',
  15: '科学技術の振興を図る活動', 16: '経済活動の活性化を図る活動', 17: '職業能力の開発又は雇用機会の拡充を支援する活動',
  18: '消費者の保護を図る活動', 20: '前各号に掲げる活動に準ずる活動として都道府県又は指定都市の条例で定める活動',
};
// Everyday labels (aliases in data/reference/fields.json), including the pre-2012 wording.
export const FIELD_ALIAS = { 1: '福祉', 6: '文化・芸術・スポーツ', 7: '環境', 11: '国際', 13: '子ども', 19: '中間支援' };

/** A list of field numbers written the way rosters do: numbers, short names, official names, aliases, mixed. */
export function fieldsCell(rng, numbers) {
  const style = rng.weighted([['number', 30], ['short', 30], ['mixed', 15], ['official', 10], ['alias', 10], ['fullwidth', 5]]);
  const label = (n) => {
    switch (style === 'mixed' ? rng.pick(['number', 'short']) : style) {
      case 'number': return String(n);
      case 'fullwidth': return fullWidth(String(n));
      case 'official': return FIELD_OFFICIAL[n] ?? FIELD_SHORT[n];
      case 'alias': return FIELD_ALIAS[n] ?? FIELD_SHORT[n];
      default: return FIELD_SHORT[n];
    }
  };
  return numbers.map(label).join(rng.weighted([[';', 6], ['、', 3], [',', 1]]));
}

const DAYS = ['月', '火', '水', '木', '金', '土', '日'];
const PERIODS = ['午前', '午後', '夜間'];
const DAYS_EN = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PERIODS_EN = ['am', 'pm', 'night'];

/** Weekday × period slots in the availability syntax of rosters.md. */
export function slotsCell(rng) {
  const style = rng.weighted([['slots', 60], ['weekday', 15], ['weekend', 10], ['english', 5], ['mixed', 10]]);
  const sep = rng.weighted([[';', 6], ['、', 3], ['／', 1]]);
  const slot = () => `${DAYS[rng.weighted([[0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 3], [6, 3]])]}${rng.pick(PERIODS)}`;
  switch (style) {
    case 'weekday': return `平日${rng.pick(PERIODS)}`;
    case 'weekend': return '土日';
    case 'english': return [...new Set([0, 1].map(() => `${rng.pick(DAYS_EN)}-${rng.pick(PERIODS_EN.slice(0, 2))}`))].join(';');
    case 'mixed': return [`平日${rng.pick(PERIODS)}`, slot()].join(sep);
    default: return [...new Set(Array.from({ length: rng.int(1, 3) }, slot))].join(sep);
  }
}

/** Skill words as volunteers write them: canonical names, synonyms and a few words the table does not know. */
export const SKILL_WORDS = [
  ['手話', 4], ['手話通訳', 3], ['手話通訳士', 1], ['パソコン', 5], ['PC', 4], ['パソコン操作', 2], ['普通免許', 6], ['車の運転', 3],
  ['調理', 4], ['料理', 3], ['介護福祉士', 2], ['ヘルパー', 2], ['介護職員初任者研修', 2], ['看護師', 2], ['准看護師', 1], ['保育士', 3],
  ['英語', 4], ['英会話', 3], ['通訳（英語）', 1], ['中国語', 2], ['韓国語', 2], ['ベトナム語', 1], ['やさしい日本語', 2], ['点字', 1],
  ['朗読', 2], ['傾聴', 4], ['カメラ', 2], ['写真撮影', 2], ['Illustrator', 1], ['ホームページ作成', 1], ['HP作成', 1], ['簿記', 2],
  ['経理', 2], ['AED', 2], ['普通救命講習', 2], ['DIY', 2], ['草刈り', 3], ['データ入力', 3], ['事務', 3], ['ピアノ', 2], ['防災士', 1],
  ['レク', 1], ['学習指導', 2], ['日本語教師', 1], ['園芸', 2], ['けん玉', 1], ['着付け', 1], ['書道', 1],
];
