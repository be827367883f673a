import { toKatakana } from '../../jp/text.js';

/**
 * Room equipment names as the matching compares them: NFKC, katakana, no spaces or
 * dots, lower-case Latin, no trailing long-vowel mark (プロジェクター = プロジェクタ),
 * then a small synonym table. Rosters keep the words as written; only matching folds them.
 */
const SYNONYMS: readonly (readonly string[])[] = [
  ['プロジェクター', '液晶プロジェクター', 'プロジェクタ'],
  ['スクリーン', '投影スクリーン'],
  ['マイク', 'マイクロフォン', 'マイクロホン', 'ワイヤレスマイク', 'マイクセット'],
  ['ホワイトボード', '白板'],
  ['wi-fi', 'wifi', '無線lan', 'フリーwi-fi', 'インターネット'],
  ['長机', '会議机', '机'],
  ['椅子', 'いす', 'イス'],
  ['車いす対応トイレ', '車椅子対応トイレ', '多目的トイレ', 'だれでもトイレ', 'バリアフリートイレ'],
  ['音響設備', '音響', 'pa', 'pa設備', 'スピーカー'],
  ['照明', '照明設備', '舞台照明'],
  ['舞台', 'ステージ'],
  ['ピアノ', 'グランドピアノ', 'アップライトピアノ'],
  ['調理台', '調理設備', 'キッチン'],
  ['ガスコンロ', 'コンロ'],
  ['テレビ', 'tv', 'モニター', 'ディスプレイ', '大型モニター'],
];

function fold(s: string): string {
  return toKatakana(s.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s・･]+/g, '')
    .replace(/(?<=[ァ-ヶ])ー$/u, '');
}

const CANONICAL = new Map<string, string>();
for (const group of SYNONYMS) for (const word of group) CANONICAL.set(fold(word), group[0]!);

/** The key an equipment word is compared by (synonyms share one key). */
export function equipmentKey(word: string): string {
  const f = fold(word);
  return CANONICAL.has(f) ? fold(CANONICAL.get(f)!) : f;
}

/** The name an equipment word is shown with in reasons (the canonical word when it has one). */
export function equipmentLabel(word: string): string {
  return CANONICAL.get(fold(word)) ?? word.normalize('NFKC').trim();
}
