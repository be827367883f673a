import type { FormatAdapter } from './format.js';

/** The 30 columns of the 国税庁 法人番号 bulk CSV, in order (the file has no header). */
export const HOUJIN_COLUMNS = [
  '一連番号', '法人番号', '処理区分', '訂正区分', '更新年月日', '変更年月日', '商号又は名称', '商号又は名称イメージID', '法人種別',
  '国内所在地（都道府県）', '国内所在地（市区町村）', '国内所在地（丁目番地等）', '国内所在地イメージID', '都道府県コード', '市区町村コード',
  '郵便番号', '国外所在地', '国外所在地イメージID', '登記記録の閉鎖等年月日', '登記記録の閉鎖等の事由', '承継先法人番号', '変更事由の詳細',
  '法人番号指定年月日', '最新履歴', '商号又は名称（英語表記）', '国内所在地（都道府県）（英語表記）', '国内所在地（市町村丁目番地等）（英語表記）',
  '国外所在地（英語表記）', 'フリガナ', '検索対象除外',
] as const;

const I = Object.fromEntries(HOUJIN_COLUMNS.map((c, i) => [c, i])) as Record<(typeof HOUJIN_COLUMNS)[number], number>;

/** Legal forms recognisable from the registered name (法人種別 399 holds them all). */
const NAME_PREFIXES: [string, string][] = [
  ['特定非営利活動法人', 'NPO法人'],
  ['認定特定非営利活動法人', '認定NPO法人'],
  ['一般社団法人', '一般社団法人'],
  ['一般財団法人', '一般財団法人'],
  ['公益社団法人', '公益社団法人'],
  ['公益財団法人', '公益財団法人'],
  ['社会福祉法人', '社会福祉法人'],
];

/**
 * Neighbourhood associations registered as corporations (認可地縁団体) carry no legal-form
 * word, only what they are: 自治会, 町内会, 町会, 区会.
 */
const NEIGHBORHOOD = /(?:自治会|町内会|町会|区会)$/;

/** 法人種別 code + registered name → a legal form label of rosters.md. */
export function houjinLegalForm(kindCode: string, name: string): string {
  const n = name.normalize('NFKC');
  if (kindCode === '399') {
    for (const [prefix, form] of NAME_PREFIXES) if (n.startsWith(prefix) || n.endsWith(prefix)) return form;
    if (NEIGHBORHOOD.test(n)) return '自治会・町会';
  }
  return 'その他';
}

/**
 * A corporation of a non-profit legal form (NPO法人, 一般・公益社団/財団法人, 社会福祉法人,
 * a registered neighbourhood association…): what a support center's roster is about. The
 * kind code alone cannot tell: all of them are 399 (その他の設立登記法人), with many others.
 */
export function isNonprofitCorporation(kindCode: string, name: string): boolean {
  return houjinLegalForm(kindCode, name) !== 'その他' || (kindCode === '399' && /労働者協同組合|更生保護法人/.test(name.normalize('NFKC')));
}

/**
 * `--format houjin`: organizations by 法人番号. A prefecture's file holds every court, town
 * and company: by default only non-profit legal forms are added, and any corporation the
 * roster already holds (by its number) is updated; the others are skipped (`--all-kinds`
 * takes everything). Closed corporations (登記記録の閉鎖等, 処理区分 21) become dissolved;
 * a revived one (22) active; any other leaves the stored status (the file does not say 活動中 or 休止).
 * A row that is not the latest history row is skipped.
 */
export const houjinFormat: FormatAdapter = {
  name: 'houjin',
  kinds: ['orgs'],
  headerless: true,
  prepare(_header, ctx) {
    return {
      header: ['org_id', 'corporate_number', 'name', 'name_kana', 'legal_form', 'address', 'postal_code', 'municipality_code', 'status', 'dissolved_on'],
      sourceHeader: [...HOUJIN_COLUMNS],
      unknown: [],
      transform(f) {
        if (f[I.最新履歴] === '0') return { skip: 'superseded' };
        const cn = (f[I.法人番号] ?? '').trim();
        const name = f[I.商号又は名称] ?? '';
        const kindCode = f[I.法人種別] ?? '';
        const known = ctx.orgIdByCorporateNumber(cn);
        if (known === undefined && !ctx.allKinds && !isNonprofitCorporation(kindCode, name)) return { skip: 'not_nonprofit' };
        const closedOn = f[I.登記記録の閉鎖等年月日] ?? '';
        const process = f[I.処理区分] ?? '';
        const closed = closedOn !== '' || process === '21' || process === '99';
        const pref = f[I.都道府県コード] ?? '';
        const city = f[I.市区町村コード] ?? '';
        return [
          known ?? `C${cn}`,
          cn,
          name,
          f[I.フリガナ] ?? '',
          houjinLegalForm(kindCode, name),
          `${f[I['国内所在地（都道府県）']] ?? ''}${f[I['国内所在地（市区町村）']] ?? ''}${f[I['国内所在地（丁目番地等）']] ?? ''}`,
          f[I.郵便番号] ?? '',
          pref && city ? `${pref.padStart(2, '0')}${city.padStart(3, '0')}` : '',
          closed ? 'dissolved' : process === '22' ? 'active' : '',
          closedOn,
        ];
      },
    };
  },
};
