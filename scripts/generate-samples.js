// Sample rosters of a fictional ward for the demo and the docs, seeded: the same seed gives the same bytes.
//
//   node scripts/generate-samples.js [OUT_DIR=data/sample] [--seed N]
//
// Writes orgs.csv (UTF-8 with BOM), volunteers.csv (CP932, CRLF, like an Excel export, with ~3% deliberately
// messy rows the import must reject), openings.csv (UTF-8), facilities.csv (UTF-8, 公共施設一覧 current layout +
// room columns) and README.md (what is in each file, and why each messy row is rejected).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { createRng } from './lib/rng.js';
import { csvRecord } from './lib/csv.js';
import { FIELD_SHORT, SKILL_WORDS, fieldsCell, slotsCell } from './lib/roster-values.js';
import {
  WARD, TOWNS, address, corporateNumber, dateBetween, email, formatDate, fullWidth, halfWidthKana, person, phone,
} from './lib/people.js';

export const DEFAULT_SEED = 20260401;

/** What an organization does: name part, kana, fields, the skills its openings ask for, opening titles. */
const THEMES = [
  { name: '子ども食堂', kana: 'コドモショクドウ', fields: [13, 1], skills: ['調理', '保育'], titles: ['子ども食堂の調理補助', '子ども食堂の配膳・片付け', '食材の受け取りと仕分け'] },
  { name: '学習支援教室', kana: 'ガクシュウシエンキョウシツ', fields: [13, 2], skills: ['学習支援', '教員'], titles: ['中学生の学習支援', '小学生の宿題サポート', '高校受験の個別指導'] },
  { name: '子育てひろば', kana: 'コソダテヒロバ', fields: [13], skills: ['保育', '看護'], titles: ['親子ひろばの見守り', '一時預かりの補助', '子育てサロンの運営補助'] },
  { name: '手話の会', kana: 'シュワノカイ', fields: [1, 10], skills: ['手話'], titles: ['講演会の手話通訳', '手話で楽しむ交流会の運営', '聴覚障害者の外出支援'] },
  { name: '点訳グループ', kana: 'テンヤクグループ', fields: [1], skills: ['点訳', 'パソコン'], titles: ['広報誌の点訳', '点字絵本づくり'] },
  { name: '朗読ボランティア', kana: 'ロウドクボランティア', fields: [1, 6], skills: ['音訳'], titles: ['広報誌の音訳（録音）', '高齢者施設での朗読'] },
  { name: '傾聴の会', kana: 'ケイチョウノカイ', fields: [1], skills: ['傾聴'], titles: ['高齢者施設での傾聴', '電話での話し相手'] },
  { name: '見守りネットワーク', kana: 'ミマモリネットワーク', fields: [1, 9], skills: ['傾聴', '運転'], titles: ['一人暮らし高齢者の見守り訪問', '安否確認の電話かけ'] },
  { name: '環境ネットワーク', kana: 'カンキョウネットワーク', fields: [7], skills: ['草刈り', '写真'], titles: ['川辺の清掃活動', '公園の花壇づくり', '環境イベントの受付'] },
  { name: '里山保全の会', kana: 'サトヤマホゼンノカイ', fields: [7, 5], skills: ['草刈り', '農作業', '大工'], titles: ['里山の下草刈り', '竹林整備', '収穫体験の運営補助'] },
  { name: '国際交流協会', kana: 'コクサイコウリュウキョウカイ', fields: [11, 2], skills: ['英語', 'やさしい日本語', '中国語'], titles: ['日本語教室のサポーター', '国際交流フェスタの運営', '外国人向け相談会の通訳'] },
  { name: '外国人支援センター', kana: 'ガイコクジンシエンセンター', fields: [11, 10], skills: ['やさしい日本語', 'ベトナム語', '中国語', '韓国語'], titles: ['外国ルーツの子どもの学習支援', '生活相談の通訳', '多言語の防災ガイドづくり'] },
  { name: '防災ネット', kana: 'ボウサイネット', fields: [8, 9], skills: ['防災', '救命'], titles: ['防災訓練の運営補助', '避難所運営訓練', '災害ボランティアセンター設置訓練'] },
  { name: 'まちづくり協議会', kana: 'マチヅクリキョウギカイ', fields: [3], skills: ['事務', '写真'], titles: ['商店街イベントの運営', '地域マップづくり', 'まち歩きの記録撮影'] },
  { name: '観光ガイドの会', kana: 'カンコウガイドノカイ', fields: [4, 3], skills: ['ガイド', '英語'], titles: ['まち歩きツアーのガイド', '観光案内所の受付'] },
  { name: '文化芸術振興会', kana: 'ブンカゲイジュツシンコウカイ', fields: [6], skills: ['楽器演奏', 'デザイン'], titles: ['地域音楽祭の運営', '展覧会の受付・監視', 'ポスター制作'] },
  { name: 'スポーツクラブ', kana: 'スポーツクラブ', fields: [6, 13], skills: ['スポーツ指導', '救命'], titles: ['子ども運動教室の補助', 'ウォーキング大会の運営'] },
  { name: '就労支援センター', kana: 'シュウロウシエンセンター', fields: [17, 1], skills: ['事務', 'パソコン'], titles: ['就労訓練のパソコン講座補助', '作業所の軽作業サポート'] },
  { name: 'ITサポート', kana: 'アイティーサポート', fields: [14], skills: ['パソコン', 'Web制作'], titles: ['シニア向けスマホ教室の講師補助', '団体ホームページの更新'] },
  { name: '消費者の会', kana: 'ショウヒシャノカイ', fields: [18], skills: ['事務'], titles: ['消費者トラブル啓発講座の運営', '啓発チラシの発送作業'] },
  { name: '男女共同参画ネット', kana: 'ダンジョキョウドウサンカクネット', fields: [12], skills: ['保育', '事務'], titles: ['講座中の託児', 'フォーラムの受付'] },
  { name: '高齢者サロン', kana: 'コウレイシャサロン', fields: [1, 3], skills: ['レクリエーション', '介護'], titles: ['ふれあいサロンの運営', '体操教室の補助', 'お茶会の準備'] },
  { name: '移動支援サービス', kana: 'イドウシエンサービス', fields: [1], skills: ['運転', '介護'], titles: ['通院の送迎', '買い物支援の付き添い'] },
  { name: '市民活動サポート', kana: 'シミンカツドウサポート', fields: [19], skills: ['会計', '事務', 'パソコン'], titles: ['NPO向け会計講座の補助', '市民活動フェアの運営'] },
  { name: '科学教室', kana: 'カガクキョウシツ', fields: [15, 13], skills: ['教員'], titles: ['子ども科学実験教室の補助', 'プログラミング教室のメンター'] },
  { name: '地域経済研究会', kana: 'チイキケイザイケンキュウカイ', fields: [16, 3], skills: ['事務'], titles: ['地元産品マルシェの運営'] },
  { name: '平和を考える会', kana: 'ヘイワヲカンガエルカイ', fields: [10], skills: ['事務'], titles: ['平和展の会場当番'] },
  { name: 'フードバンク', kana: 'フードバンク', fields: [1, 16], skills: ['運転', '事務'], titles: ['食品の仕分け作業', '寄付食品の回収（運転）', 'フードドライブの受付'] },
  { name: '防犯パトロール隊', kana: 'ボウハンパトロールタイ', fields: [9], skills: ['運転'], titles: ['下校時の見守りパトロール', '夜間防犯パトロール'] },
  { name: '子ども劇場', kana: 'コドモゲキジョウ', fields: [13, 6], skills: ['楽器演奏', '写真'], titles: ['親子観劇会の運営', '人形劇の手伝い'] },
];

const PREFIXES = [
  ['さくら', 'サクラ'], ['わかば', 'ワカバ'], ['みどり', 'ミドリ'], ['ひまわり', 'ヒマワリ'], ['あおぞら', 'アオゾラ'], ['つばさ', 'ツバサ'],
  ['ほほえみ', 'ホホエミ'], ['にじいろ', 'ニジイロ'], ['港南', 'コウナン'], ['本町', 'ホンチョウ'], ['旭', 'アサヒ'], ['新川', 'シンカワ'],
  ['宮前', 'ミヤマエ'], ['かけはし', 'カケハシ'], ['こもれび', 'コモレビ'], ['ともしび', 'トモシビ'], ['架空', 'カクウ'], ['すまいる', 'スマイル'],
];

/** Legal forms of the sample: [code, how many, labels written in the file]. */
const LEGAL_FORMS = [
  ['npo', 55, ['NPO法人', 'NPO法人', '特定非営利活動法人']],
  ['certified_npo', 10, ['認定NPO法人', '認定特定非営利活動法人']],
  ['special_certified_npo', 2, ['特例認定NPO法人']],
  ['general_association', 14, ['一般社団法人']],
  ['general_foundation', 2, ['一般財団法人']],
  ['public_interest_association', 2, ['公益社団法人']],
  ['public_interest_foundation', 1, ['公益財団法人']],
  ['social_welfare', 5, ['社会福祉法人']],
  ['voluntary', 34, ['任意団体']],
  ['neighborhood', 22, ['自治会・町会', '町内会', '自治会', '町会']],
  ['other', 3, ['その他']],
];
const NAME_PREFIX = {
  npo: ['特定非営利活動法人', 'NPO法人', ''], certified_npo: ['認定NPO法人', '特定非営利活動法人', ''], special_certified_npo: ['特定非営利活動法人'],
  general_association: ['一般社団法人'], general_foundation: ['一般財団法人'], public_interest_association: ['公益社団法人'],
  public_interest_foundation: ['公益財団法人'], social_welfare: ['社会福祉法人'], voluntary: [''], neighborhood: [''], other: [''],
};
const NPO_LIKE = new Set(['npo', 'certified_npo', 'special_certified_npo']);
const KANJI_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

const ORG_HEADER = [
  '団体ID', '団体名', '団体名カナ', '法人番号', '法人格', '活動分野', '設立日', '認定日', '所在地', '郵便番号', '市区町村コード', '緯度', '経度',
  '代表者氏名', 'メールアドレス', '電話番号', '会員数', '有給職員数', '事業報告書提出年度', '宗教・政治活動', '状態', '解散日', '登録日',
];
const VOLUNTEER_HEADER = [
  'ボランティアID', '氏名', 'フリガナ', '生年月日', '性別', '郵便番号', '住所', '市区町村コード', '緯度', '経度', '電話番号', 'メールアドレス',
  'スキル', '関心分野', '活動可能日時', '最大受入数', '対応言語', '専門職', '情報提供同意', '状態', '登録日',
];
const OPENING_HEADER = [
  '募集ID', '団体ID', '件名', '種別', '活動分野', '必須スキル', '歓迎スキル', '募集人数', '活動日時', '開始日', '終了日', '緯度', '経度',
  '市区町村コード', '範囲km', 'オンライン可', '年齢下限', '専門職', '状態',
];
// 公共施設一覧 (current layout) as municipalities publish it, then the native room columns. Only one of the
// notes columns (備考) is kept: 説明 and 利用可能日時特記事項 would map onto the same field.
const FACILITY_HEADER = [
  '全国地方公共団体コード', 'ID', '地方公共団体名', '名称', '名称_カナ', '名称_英語', '所在地_全国地方公共団体コード', '町字ID', '所在地_連結表記',
  '所在地_都道府県', '所在地_市区町村', '所在地_町字', '所在地_番地以下', '建物名等(方書)', '緯度', '経度', '電話番号', '内線番号',
  '連絡先メールアドレス', '郵便番号', '利用可能曜日', '開始時間', '終了時間', 'URL', '備考', '部屋名', '定員', '設備', '1時間料金',
];

/** A fiscal year as 令和6年度 / 2024 / R5 / 2023年度. */
function fiscalYearCell(rng, fy) {
  switch (rng.int(0, 3)) {
    case 0: return `令和${fy - 2018}年度`;
    case 1: return String(fy);
    case 2: return `R${fy - 2018}`;
    default: return `${fy}年度`;
  }
}

function kanjiNumber(n) {
  return n < 10 ? KANJI_DIGITS[n] : String(n);
}

function generateOrgs(rng) {
  const forms = [];
  for (const [code, count, labels] of LEGAL_FORMS) for (let i = 0; i < count; i++) forms.push({ code, labels });
  const order = rng.sample(forms, forms.length);
  const names = new Set();
  const orgs = [];
  order.forEach((form, i) => {
    const id = `ORG${String(i + 1).padStart(3, '0')}`;
    const addr = address(rng);
    let theme = rng.pick(THEMES);
    let name;
    let kana;
    for (;;) {
      if (form.code === 'neighborhood') {
        const town = rng.pick(TOWNS);
        const chome = rng.int(1, town.chome);
        const suffix = rng.pick([['町会', 'チョウカイ'], ['自治会', 'ジチカイ'], ['町内会', 'チョウナイカイ']]);
        [name, kana] = rng.chance(0.6)
          ? [`${town.name}${kanjiNumber(chome)}丁目${suffix[0]}`, `${town.kana}${['', 'イッ', 'ニ', 'サン', 'ヨン', 'ゴ', 'ロク'][chome]}チョウメ${suffix[1]}`]
          : [`${town.name}${suffix[0]}`, `${town.kana}${suffix[1]}`];
        theme = { fields: [3, 9], skills: ['草刈り', '防災'], titles: ['夏祭りの運営', '防災訓練の手伝い', '地域清掃'] };
      } else if (form.code === 'social_welfare' && !names.has('架空市さくら区社会福祉協議会')) {
        [name, kana] = ['架空市さくら区社会福祉協議会', 'カクウシサクラクシャカイフクシキョウギカイ'];
        theme = { fields: [1, 19], skills: ['介護', '傾聴', '運転'], titles: ['災害ボランティアセンター登録', '配食サービスの配達', 'サロン活動の運営'] };
      } else if (form.code === 'social_welfare') {
        const [p, pk] = rng.pick(PREFIXES);
        [name, kana] = [`${p}${rng.pick(['福祉会', '会', '福祉園'])}`, `${pk}フクシカイ`];
        if (name.endsWith('福祉園')) kana = `${pk}フクシエン`;
        else if (name.endsWith('会') && !name.endsWith('福祉会')) kana = `${pk}カイ`;
        theme = { fields: [1], skills: ['介護', 'レクリエーション', '傾聴'], titles: ['デイサービスのレク補助', '施設行事の手伝い', '車いすの清掃'] };
      } else if (form.code === 'other') {
        const [p, pk] = rng.pick(PREFIXES);
        [name, kana] = rng.chance(0.5) ? [`${p}生活協同組合`, `${pk}セイカツキョウドウクミアイ`] : [`${p}ワーカーズ協同組合`, `${pk}ワーカーズキョウドウクミアイ`];
      } else {
        const [p, pk] = rng.pick(PREFIXES);
        [name, kana] = [`${p}${theme.name}`, `${pk}${theme.kana}`];
      }
      if (!names.has(name)) break;
      theme = rng.pick(THEMES);
    }
    names.add(name);
    const display = `${rng.pick(NAME_PREFIX[form.code])}${name}`;
    const isCorp = !['voluntary', 'neighborhood', 'other'].includes(form.code);
    const certifiable = form.code === 'certified_npo' || form.code === 'special_certified_npo';
    const established = form.code === 'neighborhood'
      ? dateBetween(rng, '1955-04-01', '2015-03-31')
      : dateBetween(rng, NPO_LIKE.has(form.code) ? '1999-04-01' : '1990-04-01', certifiable ? '2020-12-31' : '2023-12-31');
    const certified = certifiable
      ? dateBetween(rng, `${Math.max(established.y + 2, 2012)}-04-01`, '2025-03-31') : undefined;
    const fields = [...new Set([...theme.fields, ...(rng.chance(0.3) ? [rng.int(1, 19)] : [])])].sort((a, b) => a - b);
    const status = rng.weighted([['活動中', 90], ['休止', 5], ['解散', 5]]);
    const dissolved = status === '解散' ? dateBetween(rng, `${Math.max(established.y + 1, 2016)}-04-01`, '2025-12-31') : undefined;
    const rep = person(rng);
    const dateStyle = () => rng.weighted([['slash', 35], ['iso', 25], ['kanji', 25], ['initial', 10], ['compact', 5]]);
    orgs.push({
      id, name: display, theme, code: form.code, status, lat: addr.lat, lon: addr.lon, npoLike: NPO_LIKE.has(form.code),
      cells: [
        id,
        display,
        rng.chance(0.9) ? kana : '',
        isCorp && rng.chance(0.92) ? corporateNumber(rng) : '',
        rng.pick(form.labels),
        fieldsCell(rng, fields),
        formatDate(established, dateStyle()),
        certified ? formatDate(certified, dateStyle()) : '',
        rng.chance(0.5) ? addr.full : `${WARD.prefecture}${addr.full}`,
        addr.postal,
        rng.chance(0.7) ? WARD.code : WARD.code5,
        addr.lat,
        addr.lon,
        rep.name,
        form.code === 'neighborhood' && rng.chance(0.5) ? '' : email(rng, id.toLowerCase()),
        phone(rng, false),
        String(form.code === 'neighborhood' ? rng.int(80, 900) : rng.int(5, 300)),
        String(isCorp ? rng.int(0, 25) : 0),
        NPO_LIKE.has(form.code) && status !== '解散' && rng.chance(0.85) ? fiscalYearCell(rng, rng.weighted([[2024, 8], [2023, 2]])) : '',
        '',
        // One dissolved organization gives only its 解散日: the importer must infer the status.
        dissolved && orgs.filter((o) => o.status === '解散').length === 0 ? '' : status,
        dissolved ? formatDate(dissolved, dateStyle()) : '',
        formatDate(dateBetween(rng, '2015-04-01', '2025-12-31'), dateStyle()),
      ],
    });
  });
  // Two organizations carry the 宗教・政治活動 flag (out of scope for promotion); the rest say いいえ or nothing.
  const flagged = new Set(rng.sample(orgs.filter((o) => o.code === 'voluntary' || o.code === 'other').map((o) => o.id), 2));
  for (const o of orgs) o.cells[19] = flagged.has(o.id) ? 'はい' : rng.weighted([['いいえ', 6], ['', 4]]);
  return { orgs, flagged: [...flagged].sort() };
}

const PROFESSIONS = [
  ['弁護士', '弁護士', 3], ['税理士', '税理士', 3], ['デザイナー', 'デザイン', 3], ['Webデザイナー', 'デザイン', 1], ['社会保険労務士', '社会保険労務士', 2],
  ['社労士', '社労士', 1], ['公認会計士', '簿記', 1], ['司法書士', '', 1], ['行政書士', '', 1], ['中小企業診断士', '', 1], ['エンジニア', 'パソコン', 2],
  ['編集者', '', 1], ['翻訳者', '英語', 1], ['FP', '', 1],
];

function toHiragana(s) {
  return s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Deliberately messy volunteer rows: [what is wrong (ja), (en), column, apply(cells)]. Each has exactly one problem. */
const MESSY = [
  ['生年月日「令和1年4月1日」は存在しない日付（令和は2019年5月1日から）', 'birth date 令和1年4月1日 does not exist (令和 began on 2019-05-01)', '生年月日', (c) => { c[3] = '令和1年4月1日'; }],
  ['生年月日「2023/02/30」は存在しない日付', 'birth date 2023/02/30 does not exist', '生年月日', (c) => { c[3] = '2023/02/30'; }],
  ['生年月日「平成32年1月1日」は存在しない（平成は31年4月30日まで）', 'birth date 平成32年1月1日 does not exist (平成 ended on 2019-04-30)', '生年月日', (c) => { c[3] = '平成32年1月1日'; }],
  ['生年月日「S45.2.30」は存在しない日付', 'birth date S45.2.30 does not exist', '生年月日', (c) => { c[3] = 'S45.2.30'; }],
  ['生年月日「H2.13.1」は13月', 'birth date H2.13.1 has month 13', '生年月日', (c) => { c[3] = 'H2.13.1'; }],
  ['メールアドレス「foo@」にドメインがない', 'e-mail foo@ has no domain', 'メールアドレス', (c) => { c[11] = 'foo@'; }],
  ['メールアドレスに @ がない', 'e-mail without @', 'メールアドレス', (c) => { c[11] = c[11].replace('@', '.'); }],
  ['メールアドレスに @ が二つ', 'e-mail with two @', 'メールアドレス', (c) => { c[11] = c[11].replace('@', '@@'); }],
  ['郵便番号「123-456」は6桁', 'postal code 123-456 has 6 digits', '郵便番号', (c) => { c[5] = '123-456'; }],
  ['郵便番号「９９９９９９９９」は8桁', 'postal code ９９９９９９９９ has 8 digits', '郵便番号', (c) => { c[5] = '９９９９９９９９'; }],
  ['郵便番号「ABC-DEFG」は数字でない', 'postal code ABC-DEFG is not digits', '郵便番号', (c) => { c[5] = 'ABC-DEFG'; }],
  ['活動可能日時「土曜ごご」は読めない（土午後の誤記）', 'availability 土曜ごご is a typo of 土午後', '活動可能日時', (c) => { c[14] = '土曜ごご'; }],
  ['活動可能日時「月ごぜん;水午後」は読めない（ごぜん）', 'availability 月ごぜん;水午後 (ごぜん is not a period)', '活動可能日時', (c) => { c[14] = '月ごぜん;水午後'; }],
  ['最大受入数「０」は1以上でない', 'max assignments ０ is below 1', '最大受入数', (c) => { c[15] = '０'; }],
  ['最大受入数「たくさん」は整数でない', 'max assignments たくさん is not an integer', '最大受入数', (c) => { c[15] = 'たくさん'; }],
  ['関心分野「宇宙開発」は20分野にない', 'interest 宇宙開発 is not one of the 20 fields', '関心分野', (c) => { c[13] = '子ども;宇宙開発'; }],
  ['情報提供同意「たぶん」は真偽値でない', 'consent たぶん is not a yes/no value', '情報提供同意', (c) => { c[18] = 'たぶん'; }],
];

function generateVolunteers(rng) {
  const rows = [];
  const messy = [];
  const total = 600;
  const messyAt = new Map(MESSY.map((m, k) => [31 + 31 * k, m])); // rows V0031, V0062, … V0527
  const duplicateAt = 558; // this row repeats V0010 (registered twice)
  for (let i = 1; i <= total; i++) {
    const id = `V${String(i).padStart(4, '0')}`;
    const p = person(rng);
    const addr = address(rng);
    const birth = dateBetween(rng, rng.chance(0.08) ? '2006-04-02' : '1940-04-02', '2009-03-31');
    const profession = rng.chance(0.06) ? rng.weighted(PROFESSIONS.map((x) => [x, x[2]])) : undefined;
    const skills = rng.sample(SKILL_WORDS.map(([w]) => w), rng.weighted([[0, 2], [1, 4], [2, 3], [3, 2]]));
    if (profession?.[1] && !skills.includes(profession[1])) skills.push(profession[1]);
    const interests = rng.sample(Object.keys(FIELD_SHORT).map(Number).slice(0, 19), rng.weighted([[0, 2], [1, 4], [2, 3], [3, 1]])).sort((a, b) => a - b);
    let street = addr.full;
    if (rng.chance(0.04)) street = `${WARD.name}${addr.town.name}${rng.int(1, addr.town.chome)}丁目${rng.int(1, 30)}-${rng.int(1, 9)} グリーンコート${rng.pick(['①', '②', '③'])}号棟${rng.int(1, 4)}0${rng.int(1, 8)}`;
    else if (rng.chance(0.15)) street = fullWidth(street);
    const kanaStyle = rng.weighted([['full', 80], ['half', 13], ['hiragana', 7]]);
    const tel = phone(rng);
    const cells = [
      id,
      rng.chance(0.1) ? p.name.replace(' ', '　') : p.name,
      kanaStyle === 'half' ? halfWidthKana(p.kana) : kanaStyle === 'hiragana' ? toHiragana(p.kana) : p.kana,
      formatDate(birth, rng.weighted([['kanji', 30], ['initial', 25], ['initial-padded', 5], ['slash', 15], ['iso', 10], ['serial', 10], ['compact', 5]])),
      rng.weighted([[p.gender === '' ? '' : p.gender, 6], [p.gender.slice(0, 1), 2], ['', 2]]),
      rng.weighted([[addr.postal, 7], [addr.postal.replace('-', ''), 1], [fullWidth(addr.postal), 2]]),
      street,
      rng.weighted([[WARD.code, 5], [WARD.code5, 2], ['', 3]]),
      ...(rng.chance(0.5) ? [addr.lat, addr.lon] : ['', '']),
      rng.chance(0.2) ? fullWidth(tel) : tel,
      rng.chance(0.85) ? email(rng, id.toLowerCase()) : '',
      skills.join(rng.weighted([['、', 5], [';', 4], [',', 2]])),
      interests.length === 0 ? '' : fieldsCell(rng, interests),
      slotsCell(rng),
      rng.weighted([['', 3], ['1', 4], ['2', 3], ['3', 1], ['２', 1]]),
      rng.weighted([['', 12], ['日本語', 2], ['英語', 2], ['中国語', 1], ['英語;ベトナム語', 1], ['韓国語', 1]]),
      profession ? profession[0] : '',
      rng.weighted([['はい', 5], ['いいえ', 2], ['○', 2], ['×', 1], ['', 1]]),
      rng.weighted([['活動中', 85], ['休止', 8], ['退会', 4], ['', 3]]),
      formatDate(dateBetween(rng, '2018-04-01', '2025-12-31'), rng.weighted([['slash', 5], ['iso', 3], ['kanji', 2]])),
    ];
    const m = messyAt.get(i);
    if (m) {
      if (m[2] === 'メールアドレス' && cells[11] === '') cells[11] = email(rng, id.toLowerCase());
      m[3](cells);
      messy.push({ id, line: i + 1, column: m[2], ja: m[0], en: m[1], value: cells[VOLUNTEER_HEADER.indexOf(m[2])] });
    }
    if (i === duplicateAt) {
      cells[0] = 'V0010';
      messy.push({ id: 'V0010', line: i + 1, column: 'ボランティアID', ja: 'ボランティアID V0010 の重複（11行目が先。最初の行を採用し、この行は取り込まない）', en: 'volunteer ID V0010 again (first on line 11, which is kept)', value: 'V0010' });
    }
    rows.push(cells);
  }
  return { rows, messy };
}

function generateOpenings(rng, orgs) {
  const open = orgs.filter((o) => o.status === '活動中');
  const proBonoOrgs = open.filter((o) => o.npoLike || o.code === 'voluntary' || o.code === 'general_association');
  const PRO_BONO = [
    ['税理士', '会計・税務申告のアドバイス', '税務'], ['税理士', '認定NPO法人申請に向けた会計チェック', '会計'], ['弁護士', '定款・規約の見直し相談', '法律'],
    ['弁護士', '個人情報保護方針の作成支援', ''], ['デザイナー', 'チラシ・ロゴのデザイン', 'デザイン'], ['デザイナー', '年次報告書のデザイン', ''],
    ['社会保険労務士', '就業規則の整備', ''], ['エンジニア', '会員管理の仕組みづくり', 'パソコン'], ['公認会計士', '決算書の作成支援', '会計'],
    ['編集者', '活動報告冊子の編集', ''], ['中小企業診断士', '中期計画づくりの伴走', ''], ['翻訳者', 'パンフレットの英訳', '英語'],
  ];
  const rows = [];
  for (let i = 1; i <= 250; i++) {
    const id = `OP${String(i).padStart(4, '0')}`;
    const kind = rng.weighted([['単発', 30], ['短期', 20], ['継続', 35], ['プロボノ', 15]]);
    const org = rng.pick(kind === 'プロボノ' ? proBonoOrgs : open);
    const theme = org.theme;
    const start = dateBetween(rng, '2026-01-10', '2026-09-30');
    const startMs = Date.UTC(start.y, start.m - 1, start.d);
    const after = (days) => { const t = new Date(startMs + days * 86400000); return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }; };
    const end = kind === '単発' ? start : kind === '短期' ? after(rng.int(14, 90)) : kind === 'プロボノ' ? after(rng.int(60, 180)) : rng.chance(0.5) ? { y: 2026, m: 12, d: 31 } : undefined;
    const dateStyle = () => rng.weighted([['iso', 5], ['slash', 4], ['kanji', 1]]);
    const fields = [...theme.fields];
    let title;
    let required = [];
    let preferred = [];
    let profession = '';
    if (kind === 'プロボノ') {
      const [prof, t, skill] = rng.pick(PRO_BONO);
      [profession, title] = [prof, t];
      if (skill && rng.chance(0.5)) required = [skill];
    } else {
      title = rng.pick(theme.titles);
      if (rng.chance(0.45)) required = rng.sample(theme.skills, 1);
      preferred = rng.sample([...theme.skills, 'パソコン', '運転', '写真'].filter((s) => !required.includes(s)), rng.int(0, 2));
      // Skills written the way organizations write them, not always the canonical word.
      const synonym = { 手話: '手話通訳', パソコン: 'PC', 運転: '普通免許', 介護: 'ヘルパー', 保育: '保育士', 看護: '看護師', 写真: 'カメラ', 救命: 'AED' };
      required = required.map((s) => (rng.chance(0.3) && synonym[s] ? synonym[s] : s));
      preferred = preferred.map((s) => (rng.chance(0.3) && synonym[s] ? synonym[s] : s));
    }
    const remote = kind === 'プロボノ' ? rng.weighted([['はい', 7], ['いいえ', 3]]) : rng.weighted([['いいえ', 5], ['', 4], ['はい', 1]]);
    rows.push([
      id,
      org.id,
      title,
      kind,
      fieldsCell(rng, fields),
      required.join(';'),
      preferred.join('、'),
      String(kind === 'プロボノ' ? 1 : rng.int(1, 5)),
      kind === 'プロボノ' && remote === 'はい' ? rng.pick(['平日夜間', '土日', '']) : slotsCell(rng),
      formatDate(start, dateStyle()),
      end ? formatDate(end, dateStyle()) : '',
      org.lat,
      org.lon,
      WARD.code,
      rng.weighted([['', 6], ['3', 2], ['5', 1], ['10', 1]]),
      remote,
      rng.weighted([['', 6], ['18', 2], ['15', 1], ['20', 1], ['12', 1]]),
      profession,
      rng.weighted([['募集中', 9], ['終了', 1]]),
    ]);
  }
  return rows;
}

function generateFacilities(rng) {
  const FACILITIES = [
    ['さくら区市民活動センター', 'サクラクシミンカツドウセンター', 'Sakura Ward Civic Activity Center', ['会議室A', '会議室B', '多目的室', '印刷作業室']],
    ['さくら区男女共同参画センター', 'サクラクダンジョキョウドウサンカクセンター', 'Sakura Ward Gender Equality Center', ['研修室1', '研修室2', '保育室']],
    ['さくら区社会福祉会館', 'サクラクシャカイフクシカイカン', 'Sakura Ward Social Welfare Hall', ['大会議室', '和室', '調理室', 'ボランティア室']],
    ['桜台地域交流センター', 'サクラダイチイキコウリュウセンター', 'Sakuradai Community Center', ['集会室', '和室']],
    ['若葉町地域交流センター', 'ワカバチョウチイキコウリュウセンター', 'Wakabacho Community Center', ['集会室', '工作室', '和室']],
    ['港南公民館', 'コウナンコウミンカン', 'Konan Public Hall', ['ホール', '講座室', '音楽室', '調理実習室', '和室']],
    ['本町公民館', 'ホンチョウコウミンカン', 'Honcho Public Hall', ['講座室1', '講座室2']],
    ['さくら区生涯学習センター', 'サクラクショウガイガクシュウセンター', 'Sakura Ward Lifelong Learning Center', ['視聴覚室', '第1学習室', '第2学習室', '創作室']],
    ['さくら区民会館', 'サクラクミンカイカン', 'Sakura Ward Hall', ['大ホール', '小ホール', '会議室']],
    ['新川コミュニティハウス', 'シンカワコミュニティハウス', 'Shinkawa Community House', ['多目的室', 'キッズルーム']],
  ];
  const EQUIPMENT = {
    default: ['ホワイトボード', 'プロジェクター', 'スクリーン', 'Wi-Fi', 'マイク', '長机', '車いす対応トイレ'],
    調理: ['調理台', 'ガスコンロ', '冷蔵庫', '食器'], 音楽: ['ピアノ', '音響設備'], ホール: ['舞台', '音響設備', '照明', 'マイク', 'ピアノ'],
  };
  const rows = [];
  FACILITIES.forEach(([name, kana, english, rooms], i) => {
    const id = String(i + 1).padStart(4, '0');
    const town = TOWNS[i % TOWNS.length];
    const chome = rng.int(1, town.chome);
    const rest = `${chome}丁目${rng.int(1, 30)}-${rng.int(1, 20)}`;
    const building = rng.chance(0.3) ? `${WARD.ward}複合施設${rng.int(2, 5)}階` : '';
    const [lat, lon] = rng.near(WARD.center, WARD.radiusKm);
    const days = rng.pick(['月火水木金土日', '火～日', '月～土', '毎日', '平日']);
    const from = rng.pick(['9:00', '9:00', '8:30', '10:00']);
    const to = rng.pick(['21:00', '22:00', '17:00', '21:30']);
    const tel = `03-${rng.int(3000, 6999)}-${rng.int(1000, 9999)}`;
    for (const room of rooms) {
      const kindOf = /調理/.test(room) ? '調理' : /音楽/.test(room) ? '音楽' : /ホール/.test(room) ? 'ホール' : 'default';
      const capacity = kindOf === 'ホール' ? rng.int(150, 500) : /和室|保育|キッズ|印刷/.test(room) ? rng.int(6, 20) : rng.int(12, 60);
      const equipment = rng.sample(EQUIPMENT[kindOf], rng.int(1, 4));
      rows.push([
        WARD.code, id, `${WARD.prefecture}${WARD.name}`, name, kana, english, WARD.code, '', `${WARD.prefecture}${WARD.name}${town.name}${rest}${building ? ` ${building}` : ''}`,
        WARD.prefecture, WARD.name, town.name, rest, building, lat.toFixed(6), lon.toFixed(6), tel, '', '', `${town.postal.slice(0, 3)}-${town.postal.slice(3)}`,
        days, from, to, '', rng.chance(0.3) ? '年末年始（12月29日～1月3日）は休館' : '', room, String(capacity), equipment.join(';'),
        String(kindOf === 'ホール' ? rng.int(20, 60) * 100 : rng.pick([0, 200, 300, 400, 500, 600, 800, 1000, 1200])),
      ]);
    }
  });
  return rows;
}

const OFFER_HEADER = ['提供ID', '提供者種別', '提供者名', '分類', '品名', '数量', '単位', '場所', '市区町村コード', '緯度', '経度', '提供期限'];
const NEED_HEADER = ['要望ID', '団体ID', '分類', '品名', '数量', '単位', '必要期日', '場所', '緯度', '経度', '緊急度'];

/** 資源バンク goods: [分類 as written (canonical first, then synonyms), 品名, 単位, typical quantity range]. */
const RESOURCE_ITEMS = [
  [['食品', '食料品'], '米', 'kg', [10, 60]],
  [['食品', '食料品'], 'レトルト食品', '箱', [2, 12]],
  [['食品', '食料'], '缶詰', '箱', [1, 8]],
  [['食品'], '飲料水', 'ケース', [2, 10]],
  [['日用品', '生活用品'], 'トイレットペーパー', 'パック', [5, 30]],
  [['日用品'], '紙おむつ', 'パック', [3, 15]],
  [['文房具', '事務用品'], 'ノート', '冊', [20, 100]],
  [['文房具', '事務用品'], 'コピー用紙', '箱', [1, 10]],
  [['家具'], '長机', '台', [1, 6]],
  [['家具'], '椅子', '脚', [2, 20]],
  [['家電', '家電製品'], '冷蔵庫', '台', [1, 1]],
  [['家電', '家電製品'], '電子レンジ', '台', [1, 2]],
  [['パソコン・IT機器', 'パソコン'], 'ノートパソコン', '台', [1, 5]],
  [['衣類', '衣料品'], '子ども服', '着', [10, 50]],
  [['おもちゃ・絵本', '絵本'], '絵本', '冊', [10, 40]],
  [['場所・スペース', 'スペース', '場所'], '会議室', '回', [1, 8]],
  [['場所・スペース', '倉庫'], '倉庫スペース', '区画', [1, 3]],
];
const COMPANIES = ['さくら食品株式会社', '架空商事株式会社', '株式会社みどりホーム', 'さくら区商店会', '株式会社ひかり電機', '架空信用金庫さくら支店',
  '株式会社わかば文具', 'あおぞら不動産株式会社', '株式会社つばさ物流', 'さくらスーパー本町店'];

function generateOffers(rng) {
  const rows = [];
  for (let i = 1; i <= 40; i++) {
    const [labels, item, unit, [lo, hi]] = rng.pick(RESOURCE_ITEMS);
    const company = rng.chance(0.6);
    const town = rng.pick(TOWNS);
    const [lat, lon] = rng.near(WARD.center, WARD.radiusKm);
    // A few offers ran out before the sample as-of date (2026-04-01): the match reports them.
    const until = rng.chance(0.1) ? dateBetween(rng, '2026-03-01', '2026-03-31') : rng.chance(0.2) ? undefined : dateBetween(rng, '2026-04-10', '2026-09-30');
    rows.push([
      `OF${String(i).padStart(4, '0')}`,
      company ? rng.pick(['企業', '企業', '法人']) : rng.pick(['個人', '住民']),
      company ? rng.pick(COMPANIES) : person(rng).name,
      rng.pick(labels),
      item,
      String(rng.int(lo, hi)),
      unit,
      `${WARD.prefecture}${WARD.name}${town.name}${rng.int(1, town.chome)}丁目`,
      WARD.code,
      lat.toFixed(6),
      lon.toFixed(6),
      until ? formatDate(until, rng.weighted([['iso', 6], ['slash', 4]])) : '',
    ]);
  }
  return rows;
}

function generateNeeds(rng, orgs) {
  const active = orgs.filter((o) => o.status === '活動中');
  // Categories nobody offers in the sample too, so some requests stay unmet for that reason.
  const extra = [[['福祉用具', '車いす'], '車いす', '台', [1, 2]], [['寝具'], '毛布', '枚', [5, 20]]];
  const rows = [];
  for (let i = 1; i <= 50; i++) {
    const [labels, item, unit, [lo, hi]] = rng.chance(0.1) ? rng.pick(extra) : rng.pick(RESOURCE_ITEMS);
    const org = rng.pick(active);
    const needed = rng.chance(0.15) ? undefined : dateBetween(rng, '2026-04-05', '2026-08-31');
    rows.push([
      `RQ${String(i).padStart(4, '0')}`,
      org.id,
      rng.pick(labels),
      rng.chance(0.85) ? item : '',
      String(rng.int(lo, Math.max(lo, Math.round(hi * 1.5)))),
      unit,
      needed ? formatDate(needed, rng.weighted([['iso', 6], ['slash', 3], ['kanji', 1]])) : '',
      '',
      org.lat,
      org.lon,
      rng.weighted([['', 5], ['高', 2], ['中', 2], ['低', 1]]),
    ]);
  }
  return rows;
}

const BOOKING_REQUEST_HEADER = ['申込ID', '団体ID', '利用日', '開始時刻', '終了時刻', '利用人数', '必要設備', '予算', '希望地域', '希望施設', '利用目的'];
const BOOKING_HEADER = ['施設ID', '部屋名', '利用日', '開始時間', '終了時間', '予約番号', '備考'];
/** The two sample weeks of room bookings (Mon 2026-04-06 … Sun 2026-04-19). */
const BOOKING_WEEKS = ['2026-04-06', '2026-04-19'];
const PURPOSES = ['定例会', '理事会', '講座', '交流会', '子ども食堂の打合せ', '総会', '研修会', '相談会', 'ボランティア説明会', '作品展の準備'];

/** Rooms of the generated facilities as matching sees them (facility ID = code + ID, as the import derives it). */
function sampleRooms(facilities) {
  return facilities.map((r) => ({
    facilityId: `${r[0]}-${r[1]}`, name: r[3], town: r[11], room: r[25], capacity: Number(r[26]), equipment: r[27].split(';'),
    fee: Number(r[28]), from: r[21], to: r[22],
  }));
}

function timeCell(rng, minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return rng.weighted([[`${h}:${String(m).padStart(2, '0')}`, 7], [`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, 2], [m === 0 ? `${h}時` : `${h}時${m}分`, 1]]);
}

const toMinutes = (hhmm) => Number(hhmm.split(':')[0]) * 60 + Number(hhmm.split(':')[1]);

function generateBookingRequests(rng, orgs, facilities) {
  const active = orgs.filter((o) => o.status === '活動中');
  const rooms = sampleRooms(facilities);
  const synonym = { プロジェクター: 'プロジェクタ', マイク: 'ワイヤレスマイク', 'Wi-Fi': 'wifi', 車いす対応トイレ: '多目的トイレ' };
  const rows = [];
  for (let i = 1; i <= 60; i++) {
    const org = rng.pick(active);
    const target = rng.pick(rooms);
    const date = dateBetween(rng, ...BOOKING_WEEKS);
    // Evening and daytime slots; a few popular slots make requests compete for rooms.
    const start = rng.pick([9 * 60, 10 * 60, 10 * 60, 13 * 60, 13 * 60 + 30, 14 * 60, 18 * 60, 18 * 60 + 30, 19 * 60]);
    const end = start + rng.pick([60, 90, 120, 120, 180]);
    let headcount = rng.int(3, Math.max(3, Math.min(target.capacity, 60)));
    let equipment = rng.sample(target.equipment, rng.weighted([[0, 4], [1, 4], [2, 2]])).map((e) => (rng.chance(0.3) && synonym[e] ? synonym[e] : e));
    const hours = (end - start) / 60;
    let budget = rng.chance(0.3) ? '' : String(Math.ceil((target.fee * hours * rng.pick([1, 1.5, 2, 3])) / 100) * 100);
    let startAt = start;
    let endAt = end;
    // A few requests no room can take, each for one reason the run must name.
    const trouble = i % 12 === 0 ? ['capacity', 'equipment', 'early', 'budget', 'none'][(i / 12 - 1) % 5] : 'none';
    if (trouble === 'capacity') headcount = 600;
    if (trouble === 'equipment') equipment = ['点字プリンター'];
    if (trouble === 'early') [startAt, endAt] = [6 * 60 + 30, 8 * 60];
    if (trouble === 'budget') [budget, headcount, equipment] = ['100', Math.max(headcount, 30), ['プロジェクター']];
    rows.push([
      `BR${String(i).padStart(4, '0')}`,
      org.id,
      formatDate(date, rng.weighted([['iso', 6], ['slash', 3], ['kanji', 1]])),
      timeCell(rng, startAt),
      timeCell(rng, endAt),
      String(headcount),
      equipment.join(rng.pick([';', '、'])),
      budget && rng.chance(0.3) ? `${Number(budget).toLocaleString('en-US')}円` : budget,
      rng.chance(0.3) ? target.town : '',
      rng.chance(0.25) ? rng.pick([target.facilityId, target.name]) : '',
      rng.pick(PURPOSES),
    ]);
  }
  return rows;
}

function generateBookings(rng, facilities) {
  const rooms = sampleRooms(facilities);
  const rows = [];
  const seen = new Set();
  for (let i = 1; rows.length < 20; i++) {
    const r = rng.pick(rooms);
    const date = dateBetween(rng, ...BOOKING_WEEKS);
    const from = toMinutes(r.from);
    const start = Math.min(from + rng.int(0, 8) * 60, toMinutes(r.to) - 120);
    const key = `${r.facilityId} ${r.room} ${date.m}/${date.d}`;
    if (seen.has(key)) continue; // one booking per room and day keeps the sample readable
    seen.add(key);
    rows.push([
      r.facilityId, r.room, formatDate(date, rng.weighted([['iso', 7], ['slash', 3]])), timeCell(rng, start), timeCell(rng, start + rng.pick([120, 180, 240])),
      `Y${String(i).padStart(5, '0')}`, rng.pick(['区主催事業', '定期利用', '一般利用', '']),
    ]);
  }
  return rows;
}

/** CSV text: header + records with the given line ending; `quoted` lists columns quoted on every row. */
function csvText(header, rows, eol, quoted) {
  return [csvRecord(header), ...rows.map((r) => csvRecord(r, quoted))].join(eol) + eol;
}

/** Encodes text as CP932 and proves it decodes back unchanged with a strict Shift_JIS decoder. */
function encodeCp932(text) {
  const bytes = iconv.encode(text, 'cp932');
  const back = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
  if (back !== text) {
    const at = [...text].findIndex((c, i) => c !== [...back][i]);
    throw new Error(`volunteers.csv: a character does not survive CP932 (near "${[...text].slice(Math.max(0, at - 10), at + 10).join('')}")`);
  }
  return bytes;
}

function readme({ orgs, flagged, volunteers, messy, openings, facilities }, seed) {
  const dissolved = orgs.filter((o) => o.cells[21] !== '').map((o) => o.id);
  return `# data/sample — rosters of a fictional ward

Generated by \`node scripts/generate-samples.js\` (seed ${seed}); do not edit by hand — change the
script and regenerate. The same seed gives the same bytes (tested in \`test/unit/reference/samples.test.ts\`).

Everything here is fictional: **${WARD.prefecture}${WARD.name}** (架空市 does not exist), municipality code
**${WARD.code}** (${WARD.code5} + check digit ${WARD.code.slice(5)}; not a code in use), centre ${WARD.center.join(', ')},
everyone within ~${WARD.radiusKm} km. 町丁: ${TOWNS.map((t) => t.name).join('、')}. Names are drawn from common
family/given names; e-mail addresses use reserved example domains; 法人番号 are random with a valid check digit.

| file | encoding | rows | notes |
| --- | --- | --- | --- |
| orgs.csv | UTF-8 with BOM, CRLF | ${orgs.length} | Japanese headers; NPO法人 (with 法人番号), 認定/特例認定NPO法人 (with 認定日), 一般社団/財団, 公益社団/財団, 社会福祉法人, 任意団体, 自治会・町会, その他; 活動分野 as numbers, short/official names and aliases; 事業報告書提出年度 as 令和6年度 / 2024 / R5 / 2023年度 |
| volunteers.csv | **CP932** (Excel export), CRLF | ${volunteers.length} | 和暦 birth dates (昭和45年3月2日, S45.3.2, H08/12/01) and Excel serials; full-width digits; half-width and hiragana フリガナ; skill synonyms; 髙/﨑 and ①②③ (CP932-only characters); ${messy.length} deliberately messy rows (below) |
| openings.csv | UTF-8, CRLF | ${openings.length} | 単発 / 短期 / 継続 / プロボノ of active organizations only; required/preferred skills (some as synonyms), 2026 dates, remote pro-bono work for 税理士, 弁護士, デザイナー, … |
| facilities.csv | UTF-8, CRLF | ${facilities.length} | 公共施設一覧 current layout (10 facilities) + 部屋名, 定員, 設備, 1時間料金 — one row per room; key ID + 部屋名 |

Dissolved organizations (解散日): ${dissolved.join(', ')} (the first of them has an empty 状態: the import infers 解散).
Flagged 宗教・政治活動 = はい: ${flagged.join(', ')}.

## Deliberately messy rows in volunteers.csv (expected rejects)

\`kyodo import volunteers data/sample/volunteers.csv\` imports ${volunteers.length - messy.length} volunteers and rejects these
${messy.length} rows (exit code 3); each row has exactly one problem. Line = physical line of the file (header = 1).

| line | volunteer ID | column | value | why it is rejected |
| --- | --- | --- | --- | --- |
${messy.map((m) => `| ${m.line} | ${m.id} | ${m.column} | \`${m.value}\` | ${m.ja} / ${m.en} |`).join('\n')}
`;
}

/** Writes the sample files into `outDir` (created if needed); returns what was written. Same seed → same bytes. */
export function generateSamples(outDir, { seed = DEFAULT_SEED } = {}) {
  mkdirSync(outDir, { recursive: true });
  const { orgs, flagged } = generateOrgs(createRng(seed));
  const { rows: volunteers, messy } = generateVolunteers(createRng(seed + 1));
  const openings = generateOpenings(createRng(seed + 2), orgs);
  const facilities = generateFacilities(createRng(seed + 3));
  writeFileSync(join(outDir, 'orgs.csv'), `\uFEFF${csvText(ORG_HEADER, orgs.map((o) => o.cells), '\r\n')}`);
  writeFileSync(join(outDir, 'volunteers.csv'), encodeCp932(csvText(VOLUNTEER_HEADER, volunteers, '\r\n')));
  writeFileSync(join(outDir, 'openings.csv'), csvText(OPENING_HEADER, openings, '\r\n'));
  writeFileSync(join(outDir, 'facilities.csv'), csvText(FACILITY_HEADER, facilities, '\r\n'));
  const summary = { orgs, flagged, volunteers, messy, openings, facilities };
  writeFileSync(join(outDir, 'README.md'), readme(summary, seed));
  // 資源バンク (kyodo match resources): own random streams, so the files above keep their bytes.
  const offers = generateOffers(createRng(seed + 20));
  const needs = generateNeeds(createRng(seed + 21), orgs);
  writeFileSync(join(outDir, 'offers.csv'), csvText(OFFER_HEADER, offers, '\r\n'));
  writeFileSync(join(outDir, 'needs.csv'), csvText(NEED_HEADER, needs, '\r\n'));
  // 施設の利用申込と既存予約 (kyodo match facilities): own random streams as well.
  const bookingRequests = generateBookingRequests(createRng(seed + 30), orgs, facilities);
  const bookings = generateBookings(createRng(seed + 31), facilities);
  writeFileSync(join(outDir, 'booking_requests.csv'), csvText(BOOKING_REQUEST_HEADER, bookingRequests, '\r\n'));
  writeFileSync(join(outDir, 'bookings.csv'), csvText(BOOKING_HEADER, bookings, '\r\n'));
  return {
    files: ['orgs.csv', 'volunteers.csv', 'openings.csv', 'facilities.csv', 'offers.csv', 'needs.csv', 'booking_requests.csv', 'bookings.csv', 'README.md'],
    counts: { orgs: orgs.length, volunteers: volunteers.length, openings: openings.length, facilities: facilities.length, offers: offers.length, needs: needs.length,
      booking_requests: bookingRequests.length, bookings: bookings.length },
    messy,
    ward: WARD,
  };
}

function main(argv) {
  let outDir = 'data/sample';
  let seed = DEFAULT_SEED;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') seed = Number(argv[++i]);
    else if (a.startsWith('--seed=')) seed = Number(a.slice(7));
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node scripts/generate-samples.js [OUT_DIR=data/sample] [--seed N]\n');
      return;
    } else outDir = a;
  }
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const r = generateSamples(outDir, { seed });
  process.stderr.write(`wrote ${outDir}: ${Object.entries(r.counts).map(([k, n]) => `${k}.csv ${n} rows`).join(', ')}; ${r.messy.length} messy volunteer rows (see README.md)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
