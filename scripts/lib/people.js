// Pools for generated rosters: a clearly fictional ward, Japanese names with kana,
// addresses, contact details, dates in the notations real rosters use, and the
// check digits of Japanese codes. Plain data + pure functions over a seeded rng.

/** 全国地方公共団体コード check digit: (11 − (d1·6 + d2·5 + d3·4 + d4·3 + d5·2) mod 11) mod 10. */
export function municipalityCheckDigit(code5) {
  const d = [...code5].map(Number);
  return (11 - ((d[0] * 6 + d[1] * 5 + d[2] * 4 + d[3] * 3 + d[4] * 2) % 11)) % 10;
}

/** 法人番号 check digit over a 12-digit base: 9 − (Σ Pn×Qn mod 9), Pn counted from the right, Qn = 1 odd / 2 even. */
export function corporateCheckDigit(base12) {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const p = Number(base12[12 - n]);
    sum += p * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** A valid 13-digit 法人番号 from a seeded rng. */
export function corporateNumber(rng) {
  let base = String(rng.int(1, 9));
  for (let i = 0; i < 11; i++) base += String(rng.int(0, 9));
  return `${corporateCheckDigit(base)}${base}`;
}

/**
 * The fictional ward every sample lives in. 架空市 does not exist, and 13190 is
 * not a municipality code in use (Tokyo's special wards end at 13123).
 */
export const WARD = {
  prefecture: '東京都',
  city: '架空市',
  ward: 'さくら区',
  name: '架空市さくら区',
  kana: 'カクウシサクラク',
  code5: '13190',
  code: `13190${municipalityCheckDigit('13190')}`,
  center: [35.7, 139.75],
  radiusKm: 5,
};

/** 町丁 of the ward with kana and a (format-valid, fictional) postal code. */
export const TOWNS = [
  { name: '桜台', kana: 'サクラダイ', postal: '1990811', chome: 4 },
  { name: '若葉町', kana: 'ワカバチョウ', postal: '1990812', chome: 3 },
  { name: '緑ケ丘', kana: 'ミドリガオカ', postal: '1990813', chome: 5 },
  { name: '港南', kana: 'コウナン', postal: '1990814', chome: 3 },
  { name: '本町', kana: 'ホンチョウ', postal: '1990815', chome: 6 },
  { name: '旭町', kana: 'アサヒチョウ', postal: '1990816', chome: 2 },
  { name: '新川', kana: 'シンカワ', postal: '1990817', chome: 4 },
  { name: '宮前', kana: 'ミヤマエ', postal: '1990818', chome: 3 },
];

/** Family names [kanji, kana, weight]. 髙橋 and 山﨑/宮﨑 are CP932-only (IBM/NEC extension) characters. */
export const FAMILY_NAMES = [
  ['佐藤', 'サトウ', 20], ['鈴木', 'スズキ', 18], ['高橋', 'タカハシ', 14], ['髙橋', 'タカハシ', 2], ['田中', 'タナカ', 13],
  ['伊藤', 'イトウ', 11], ['渡辺', 'ワタナベ', 11], ['山本', 'ヤマモト', 10], ['中村', 'ナカムラ', 10], ['小林', 'コバヤシ', 10],
  ['加藤', 'カトウ', 9], ['吉田', 'ヨシダ', 8], ['山田', 'ヤマダ', 8], ['佐々木', 'ササキ', 7], ['山口', 'ヤマグチ', 6],
  ['松本', 'マツモト', 6], ['井上', 'イノウエ', 6], ['木村', 'キムラ', 6], ['林', 'ハヤシ', 5], ['斎藤', 'サイトウ', 5],
  ['清水', 'シミズ', 5], ['山崎', 'ヤマザキ', 4], ['山﨑', 'ヤマザキ', 1], ['森', 'モリ', 4], ['池田', 'イケダ', 4],
  ['橋本', 'ハシモト', 4], ['阿部', 'アベ', 4], ['石川', 'イシカワ', 4], ['山下', 'ヤマシタ', 3], ['中島', 'ナカジマ', 3],
  ['石井', 'イシイ', 3], ['小川', 'オガワ', 3], ['前田', 'マエダ', 3], ['岡田', 'オカダ', 3], ['長谷川', 'ハセガワ', 3],
  ['藤田', 'フジタ', 3], ['後藤', 'ゴトウ', 3], ['近藤', 'コンドウ', 3], ['村上', 'ムラカミ', 3], ['遠藤', 'エンドウ', 3],
  ['青木', 'アオキ', 2], ['坂本', 'サカモト', 2], ['福田', 'フクダ', 2], ['太田', 'オオタ', 2], ['西村', 'ニシムラ', 2],
  ['藤井', 'フジイ', 2], ['金子', 'カネコ', 2], ['岡本', 'オカモト', 2], ['三浦', 'ミウラ', 2], ['宮崎', 'ミヤザキ', 2],
  ['宮﨑', 'ミヤザキ', 1], ['上田', 'ウエダ', 2], ['原田', 'ハラダ', 2], ['竹内', 'タケウチ', 2], ['桜井', 'サクライ', 2],
];

/** Given names [kanji, kana, gender]. */
export const GIVEN_NAMES = [
  ['太郎', 'タロウ', '男性'], ['健太', 'ケンタ', '男性'], ['翔太', 'ショウタ', '男性'], ['大輔', 'ダイスケ', '男性'], ['誠', 'マコト', '男性'],
  ['浩', 'ヒロシ', '男性'], ['茂', 'シゲル', '男性'], ['博之', 'ヒロユキ', '男性'], ['隆', 'タカシ', '男性'], ['和也', 'カズヤ', '男性'],
  ['拓也', 'タクヤ', '男性'], ['亮', 'リョウ', '男性'], ['悠真', 'ユウマ', '男性'], ['蓮', 'レン', '男性'], ['陽翔', 'ハルト', '男性'],
  ['修', 'オサム', '男性'], ['正雄', 'マサオ', '男性'], ['勝', 'マサル', '男性'], ['直樹', 'ナオキ', '男性'], ['一郎', 'イチロウ', '男性'],
  ['花子', 'ハナコ', '女性'], ['陽子', 'ヨウコ', '女性'], ['恵子', 'ケイコ', '女性'], ['裕子', 'ユウコ', '女性'], ['美穂', 'ミホ', '女性'],
  ['由美', 'ユミ', '女性'], ['真理子', 'マリコ', '女性'], ['智子', 'トモコ', '女性'], ['明美', 'アケミ', '女性'], ['さくら', 'サクラ', '女性'],
  ['美咲', 'ミサキ', '女性'], ['彩', 'アヤ', '女性'], ['結衣', 'ユイ', '女性'], ['葵', 'アオイ', '女性'], ['千尋', 'チヒロ', '女性'],
  ['幸子', 'サチコ', '女性'], ['和子', 'カズコ', '女性'], ['久美子', 'クミコ', '女性'], ['直美', 'ナオミ', '女性'], ['香織', 'カオリ', '女性'],
  ['薫', 'カオル', ''], ['翼', 'ツバサ', ''], ['光', 'ヒカル', ''], ['渚', 'ナギサ', ''],
];

const BUILDINGS = ['ハイツさくら', 'コーポ若葉', 'メゾン緑ケ丘', 'グランドール港南', 'パークハウス本町', '旭荘', 'サンライズ新川', 'レジデンス宮前'];

/** A person: name, kana (full-width, space between family and given name) and gender. */
export function person(rng) {
  const [family, familyKana] = rng.weighted(FAMILY_NAMES.map((f) => [f, f[2]]));
  const [given, givenKana, gender] = rng.pick(GIVEN_NAMES);
  return { family, given, name: `${family} ${given}`, kana: `${familyKana} ${givenKana}`, gender };
}

/** An address in the ward: town, 丁目, 番, 号 and sometimes a building with a room number. */
export function address(rng) {
  const town = rng.pick(TOWNS);
  const chome = rng.int(1, town.chome);
  const ban = rng.int(1, 30);
  const go = rng.int(1, 20);
  const building = rng.chance(0.3) ? ` ${rng.pick(BUILDINGS)}${rng.int(1, 5)}0${rng.int(1, 9)}` : '';
  const [lat, lon] = rng.near(WARD.center, WARD.radiusKm);
  return {
    town,
    street: `${town.name}${chome}丁目${ban}-${go}${building}`,
    full: `${WARD.name}${town.name}${chome}丁目${ban}-${go}${building}`,
    postal: `${town.postal.slice(0, 3)}-${town.postal.slice(3)}`,
    lat: lat.toFixed(6),
    lon: lon.toFixed(6),
  };
}

/** A mobile (090/080/070) or landline (03) number, hyphenated. */
export function phone(rng, mobile = rng.chance(0.7)) {
  if (mobile) return `${rng.pick(['090', '080', '070'])}-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
  return `03-${rng.int(3000, 6999)}-${rng.int(1000, 9999)}`;
}

const MAIL_DOMAINS = ['example.jp', 'example.com', 'example.net', 'mail.example.org'];
const ROMAJI = 'aiueokstnhmyrwgzdbp';

/** A syntactically valid e-mail address on a reserved example domain; `tag` keeps it unique. */
export function email(rng, tag) {
  let local = '';
  const len = rng.int(4, 8);
  for (let i = 0; i < len; i++) local += ROMAJI[rng.int(0, ROMAJI.length - 1)];
  return `${local}${rng.chance(0.5) ? '.' : ''}${tag}@${rng.pick(MAIL_DOMAINS)}`;
}

/** A date as { y, m, d } uniformly between two ISO dates. */
export function dateBetween(rng, from, to) {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  const t = new Date(a + Math.floor(rng.next() * ((b - a) / 86400000 + 1)) * 86400000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const ERAS = [
  { name: '令和', initial: 'R', start: [2019, 5, 1] },
  { name: '平成', initial: 'H', start: [1989, 1, 8] },
  { name: '昭和', initial: 'S', start: [1926, 12, 25] },
  { name: '大正', initial: 'T', start: [1912, 7, 30] },
];

/** The Japanese era of a date: { name, initial, year }. */
export function wareki({ y, m, d }) {
  const key = y * 10000 + m * 100 + d;
  for (const era of ERAS) {
    const [sy, sm, sd] = era.start;
    if (key >= sy * 10000 + sm * 100 + sd) return { name: era.name, initial: era.initial, year: y - sy + 1 };
  }
  throw new Error(`no era for ${y}-${m}-${d}`);
}

const pad2 = (n) => String(n).padStart(2, '0');

/** ISO 8601 date string. */
export function iso({ y, m, d }) {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Excel (1900 system) serial day number of a date after 1900-02-28. */
export function excelSerial({ y, m, d }) {
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

/** A date in one of the notations rosters mix: 昭和45年3月2日, S45.3.2, R06/04/01, 2024/4/1, 2024-04-01, an Excel serial. */
export function formatDate(date, style) {
  const w = wareki(date);
  switch (style) {
    case 'kanji':
      return `${w.name}${w.year === 1 ? '元' : w.year}年${date.m}月${date.d}日`;
    case 'initial':
      return `${w.initial}${w.year}.${date.m}.${date.d}`;
    case 'initial-padded':
      return `${w.initial}${pad2(w.year)}/${pad2(date.m)}/${pad2(date.d)}`;
    case 'slash':
      return `${date.y}/${date.m}/${date.d}`;
    case 'compact':
      return `${date.y}${pad2(date.m)}${pad2(date.d)}`;
    case 'serial':
      return String(excelSerial(date));
    default:
      return iso(date);
  }
}

/** Full-width digits and hyphens, as typed into Excel with the IME on (０９０－１２３４－５６７８). */
export function fullWidth(s) {
  return s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/-/g, '－');
}

const HALF_KANA = new Map(Object.entries({
  ア: 'ｱ', イ: 'ｲ', ウ: 'ｳ', エ: 'ｴ', オ: 'ｵ', カ: 'ｶ', キ: 'ｷ', ク: 'ｸ', ケ: 'ｹ', コ: 'ｺ', サ: 'ｻ', シ: 'ｼ', ス: 'ｽ', セ: 'ｾ', ソ: 'ｿ',
  タ: 'ﾀ', チ: 'ﾁ', ツ: 'ﾂ', テ: 'ﾃ', ト: 'ﾄ', ナ: 'ﾅ', ニ: 'ﾆ', ヌ: 'ﾇ', ネ: 'ﾈ', ノ: 'ﾉ', ハ: 'ﾊ', ヒ: 'ﾋ', フ: 'ﾌ', ヘ: 'ﾍ', ホ: 'ﾎ',
  マ: 'ﾏ', ミ: 'ﾐ', ム: 'ﾑ', メ: 'ﾒ', モ: 'ﾓ', ヤ: 'ﾔ', ユ: 'ﾕ', ヨ: 'ﾖ', ラ: 'ﾗ', リ: 'ﾘ', ル: 'ﾙ', レ: 'ﾚ', ロ: 'ﾛ', ワ: 'ﾜ', ヲ: 'ｦ', ン: 'ﾝ',
  ァ: 'ｧ', ィ: 'ｨ', ゥ: 'ｩ', ェ: 'ｪ', ォ: 'ｫ', ャ: 'ｬ', ュ: 'ｭ', ョ: 'ｮ', ッ: 'ｯ', ー: 'ｰ', ' ': ' ',
  ガ: 'ｶﾞ', ギ: 'ｷﾞ', グ: 'ｸﾞ', ゲ: 'ｹﾞ', ゴ: 'ｺﾞ', ザ: 'ｻﾞ', ジ: 'ｼﾞ', ズ: 'ｽﾞ', ゼ: 'ｾﾞ', ゾ: 'ｿﾞ', ダ: 'ﾀﾞ', ヂ: 'ﾁﾞ', ヅ: 'ﾂﾞ', デ: 'ﾃﾞ', ド: 'ﾄﾞ',
  バ: 'ﾊﾞ', ビ: 'ﾋﾞ', ブ: 'ﾌﾞ', ベ: 'ﾍﾞ', ボ: 'ﾎﾞ', パ: 'ﾊﾟ', ピ: 'ﾋﾟ', プ: 'ﾌﾟ', ペ: 'ﾍﾟ', ポ: 'ﾎﾟ', ヴ: 'ｳﾞ',
}));

/** Full-width katakana → half-width (ﾀﾅｶ ﾊﾅｺ), as old systems export フリガナ. */
export function halfWidthKana(s) {
  return [...s].map((c) => HALF_KANA.get(c) ?? c).join('');
}
