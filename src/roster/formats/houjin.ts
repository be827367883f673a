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

/** 法人種別 code + registered name → a legal form label of rosters.md. */
export function houjinLegalForm(kindCode: string, name: string): string {
  const n = name.normalize('NFKC');
  if (kindCode === '399') {
    for (const [prefix, form] of NAME_PREFIXES) if (n.startsWith(prefix) || n.endsWith(prefix)) return form;
  }
  return 'その他';
}

/**
 * `--format houjin`: organizations by 法人番号. Closed corporations (登記記録の閉鎖等,
 * 処理区分 21) become dissolved; a row that is not the latest history row is skipped.
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
        const closedOn = f[I.登記記録の閉鎖等年月日] ?? '';
        const process = f[I.処理区分] ?? '';
        const closed = closedOn !== '' || process === '21' || process === '99';
        const pref = f[I.都道府県コード] ?? '';
        const city = f[I.市区町村コード] ?? '';
        return [
          ctx.orgIdByCorporateNumber(cn) ?? `C${cn}`,
          cn,
          f[I.商号又は名称] ?? '',
          f[I.フリガナ] ?? '',
          houjinLegalForm(f[I.法人種別] ?? '', f[I.商号又は名称] ?? ''),
          `${f[I['国内所在地（都道府県）']] ?? ''}${f[I['国内所在地（市区町村）']] ?? ''}${f[I['国内所在地（丁目番地等）']] ?? ''}`,
          f[I.郵便番号] ?? '',
          pref && city ? `${pref.padStart(2, '0')}${city.padStart(3, '0')}` : '',
          closed ? 'dissolved' : 'active',
          closedOn,
        ];
      },
    };
  },
};
