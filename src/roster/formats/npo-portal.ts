import { KyodoError, msg } from '../../errors.js';
import { hashString } from '../hash.js';
import { normalizeHeader } from '../headers.js';
import type { FormatAdapter } from './format.js';

const PREFECTURE = /^(北海道|東京都|(?:京都|大阪)府|.{2,3}県)/;
const JP_DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日/;

/** The columns this adapter reads (after NFKC); the other portal columns are not roster data. */
const USED = [
  '法人名称', '法人名称カナ', '所轄庁', '主たる事務所の所在地', '主たる事業所の郵便番号', '代表者氏名', '法人設立認証年月日', '設立年月日',
  ...Array.from({ length: 20 }, (_, i) => `活動分野${i + 1}`),
  '認定(認定・特例認定1)', '認定(認定・特例認定2)', '認定(認定開始日)', '認定(認定満了日)', '認定(認定取消日)',
  '認定(特例認定年月日)', '認定(特例認定満了日)', '認定(特例認定取消日)', '監督情報', '解散情報', '法人番号',
];

/**
 * `--format npo-portal`: the 内閣府 NPO法人ポータルサイト bulk CSV (CP932, 60 columns).
 * ○ flags become activity fields and 認定 status; 解散情報 or a revoked
 * authorisation (認証取消し) means dissolved. Keyed by 法人番号, else name + 所轄庁.
 */
export const npoPortalFormat: FormatAdapter = {
  name: 'npo-portal',
  kinds: ['orgs'],
  headerless: false,
  prepare(fileHeader, ctx, file) {
    const header = fileHeader ?? [];
    const at = new Map(header.map((h, i) => [normalizeHeader(h), i]));
    const missing = ['法人名称', '所轄庁'].filter((h) => !at.has(normalizeHeader(h)));
    if (missing.length > 0) {
      throw new KyodoError('missing_required_column', msg(
        `${file}: not an NPO portal file (missing ${missing.join(', ')})`,
        `${file}: NPO法人ポータルサイトの CSV ではありません（${missing.join('、')} がありません）`,
      ), { file, line: 1, hint: msg('check --format', '--format を確認してください') });
    }
    const used = new Set(USED.map(normalizeHeader));
    const get = (f: string[], name: string): string => {
      const i = at.get(normalizeHeader(name));
      return i === undefined ? '' : (f[i] ?? '').normalize('NFKC').trim();
    };
    return {
      header: ['org_id', 'corporate_number', 'name', 'name_kana', 'competent_authority', 'address', 'postal_code', 'representative',
        'established_on', 'fields', 'legal_form', 'certified_on', 'certification_expires_on', 'status', 'dissolved_on'],
      sourceHeader: header,
      unknown: header.filter((h) => !used.has(normalizeHeader(h))),
      transform(f) {
        const name = get(f, '法人名称');
        const authority = get(f, '所轄庁');
        const cn = get(f, '法人番号');
        const orgId = (cn && ctx.orgIdByCorporateNumber(cn)) || (cn ? `C${cn}` : `P${hashString(`${name}\u001f${authority}`).toString(36)}`);
        const fields: number[] = [];
        for (let n = 1; n <= 20; n++) if (/[○◯〇]/.test(get(f, `活動分野${n}`))) fields.push(n);
        const certified = /[○◯〇]/.test(get(f, '認定(認定・特例認定1)')) && !get(f, '認定(認定取消日)');
        const special = /[○◯〇]/.test(get(f, '認定(認定・特例認定2)')) && !get(f, '認定(特例認定取消日)');
        const dissolvedText = get(f, '解散情報') || (/認証取消/.test(get(f, '監督情報')) ? get(f, '監督情報') : '');
        const dissolvedMatch = JP_DATE.exec(dissolvedText);
        let address = get(f, '主たる事務所の所在地');
        if (address && !PREFECTURE.test(address) && /[都道府県]$/.test(authority)) address = `${authority}${address}`;
        return [
          orgId,
          cn,
          name,
          get(f, '法人名称カナ'),
          authority,
          address,
          get(f, '主たる事業所の郵便番号'),
          get(f, '代表者氏名'),
          get(f, '設立年月日') || get(f, '法人設立認証年月日'),
          fields.join(';'),
          certified ? '認定NPO法人' : special ? '特例認定NPO法人' : 'NPO法人',
          certified ? get(f, '認定(認定開始日)') : special ? get(f, '認定(特例認定年月日)') : '',
          certified ? get(f, '認定(認定満了日)') : special ? get(f, '認定(特例認定満了日)') : '',
          // The portal says when an NPO dissolved; it does not know a roster's 休止 (dormant).
          dissolvedText ? 'dissolved' : '',
          dissolvedMatch ? `${dissolvedMatch[1]}-${dissolvedMatch[2]!.padStart(2, '0')}-${dissolvedMatch[3]!.padStart(2, '0')}` : '',
        ];
      },
    };
  },
};
