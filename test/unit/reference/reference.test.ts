import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  canonicalSkill,
  fieldNumberOf,
  fieldOfficialName,
  fieldShortName,
  legalFormOf,
  loadReference,
  parseReference,
  professionOf,
  type ReferenceDocuments,
} from '../../../src/reference/index.js';

function shipped(): ReferenceDocuments {
  const read = (f: string): unknown => JSON.parse(readFileSync(new URL(`../../../data/reference/${f}`, import.meta.url), 'utf8'));
  return {
    'fields.json': read('fields.json'),
    'legal-forms.json': read('legal-forms.json'),
    'skill-synonyms.json': read('skill-synonyms.json'),
    'professions.json': read('professions.json'),
  };
}

describe('loadReference', () => {
  it('loads the shipped files: 20 fields, the legal forms of rosters.md, ~40 skills', () => {
    const ref = loadReference();
    expect(ref.fields.map((f) => f.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(ref.legalForms.map((f) => f.label)).toEqual([
      'NPO法人', '認定NPO法人', '特例認定NPO法人', '一般社団法人', '一般財団法人', '公益社団法人', '公益財団法人', '社会福祉法人', '任意団体', '自治会・町会', 'その他',
    ]);
    expect(ref.skills.length).toBeGreaterThanOrEqual(40);
    expect(ref.professions.length).toBeGreaterThanOrEqual(12);
    expect(loadReference()).toBe(ref); // cached
  });

  it('uses the official wording of formats.md', () => {
    expect(fieldOfficialName(1)).toBe('保健、医療又は福祉の増進を図る活動');
    expect(fieldOfficialName(19)).toBe('前各号に掲げる活動を行う団体の運営又は活動に関する連絡、助言又は援助の活動');
    expect(fieldOfficialName(20)).toBe('前各号に掲げる活動に準ずる活動として都道府県又は指定都市の条例で定める活動');
    expect(fieldShortName(13)).toBe('子どもの健全育成');
    expect(fieldShortName(0)).toBeUndefined();
    expect(fieldShortName(21)).toBeUndefined();
  });
});

describe('fieldNumberOf', () => {
  it.each([
    ['13', 13], ['１３', 13], [' 7 ', 7], ['01', 1],
    ['子どもの健全育成を図る活動', 13], ['子どもの健全育成', 13], ['子ども', 13],
    ['保健、医療又は福祉の増進を図る活動', 1], ['保健・医療・福祉', 1], ['保健･医療･福祉', 1], ['福祉', 1], ['医療', 1],
    ['環境', 7], ['環境の保全', 7], ['国際', 11], ['まちづくり', 3], ['ま ち づ く り', 3],
    ['観光', 4], ['農山漁村・中山間地域', 5], ['学術・文化・芸術・スポーツ', 6], ['災害救援', 8], ['地域安全', 9],
    ['人権・平和', 10], ['国際協力', 11], ['男女共同参画', 12], ['情報化社会', 14], ['科学技術', 15],
    ['経済活動の活性化', 16], ['職業能力・雇用機会', 17], ['消費者の保護', 18], ['連絡・助言・援助', 19],
    ['団体の運営・活動への助言援助', 19], ['条例で定める活動', 20],
  ])('%s → %i', (label, n) => {
    expect(fieldNumberOf(label)).toBe(n);
  });

  it('maps the pre-2012 17-field wording by name, not by its old position', () => {
    // Old field 4 was 文化、芸術又はスポーツ; old 11 was 子ども; old 17 was 連絡・助言・援助.
    expect(fieldNumberOf('文化、芸術又はスポーツの振興を図る活動')).toBe(6);
    expect(fieldNumberOf('文化・芸術・スポーツ')).toBe(6);
    expect(fieldNumberOf('前各号に掲げる活動を行う団体の運営又は活動に関する連絡、助言又は援助の活動')).toBe(19);
  });

  it('is strict: no stripping of 活動 / を図る活動 beyond explicit aliases, no out-of-range numbers', () => {
    expect(fieldNumberOf('0')).toBeUndefined();
    expect(fieldNumberOf('21')).toBeUndefined();
    expect(fieldNumberOf('宇宙開発')).toBeUndefined();
    expect(fieldNumberOf('観光の振興を図る')).toBeUndefined();
    expect(fieldNumberOf('')).toBeUndefined();
  });

  it('every short name maps back to its own number', () => {
    for (const f of loadReference().fields) {
      expect(fieldNumberOf(f.short)).toBe(f.number);
      expect(fieldNumberOf(f.official)).toBe(f.number);
      for (const a of f.aliases) expect(fieldNumberOf(a)).toBe(f.number);
    }
  });
});

describe('legalFormOf', () => {
  it.each([
    ['NPO法人', 'npo', true], ['特定非営利活動法人', 'npo', true], ['ＮＰＯ法人', 'npo', true], ['npo', 'npo', true],
    ['認定特定非営利活動法人', 'certified_npo', true], ['特例認定NPO法人', 'special_certified_npo', true],
    ['一般社団法人', 'general_association', true], ['社団法人', 'general_association', true], ['（一社）', 'general_association', true],
    ['公益財団法人', 'public_interest_foundation', true], ['社会福祉法人', 'social_welfare', true],
    ['任意団体', 'voluntary', false], ['町内会', 'neighborhood', false], ['自治会', 'neighborhood', false], ['自治会・町会', 'neighborhood', false],
    ['その他', 'other', false],
  ])('%s → %s', (label, code, personality) => {
    const form = legalFormOf(label);
    expect(form?.code).toBe(code);
    expect(form?.hasLegalPersonality).toBe(personality);
  });

  it('returns undefined for unknown labels', () => {
    expect(legalFormOf('株式会社')).toBeUndefined();
  });
});

describe('canonicalSkill', () => {
  it.each([
    ['手話通訳', '手話'], ['手話通訳士', '手話'], ['手話', '手話'], ['PC', 'パソコン'], ['ｐｃ', 'パソコン'], ['IT', 'パソコン'],
    ['普通自動車免許', '運転'], ['ヘルパー', '介護'], ['准看護師', '看護'], ['保育士', '保育'], ['通訳（英語）', '英語'],
    ['点字', '点訳'], ['朗読', '音訳'], ['カメラ', '写真'], ['Illustrator', 'デザイン'], ['HP作成', 'Web制作'],
    ['簿記', '会計'], ['弁護士', '法律'], ['税理士', '税務'], ['AED', '救命'], ['DIY', '大工'], ['データ入力', '事務'],
  ])('%s → %s', (word, skill) => {
    expect(canonicalSkill(word)).toBe(skill);
  });

  it('returns an unknown skill NFKC-normalised and trimmed', () => {
    expect(canonicalSkill('  けん玉 ')).toBe('けん玉');
    expect(canonicalSkill('ﾏｼﾞｯｸ')).toBe('マジック');
  });
});

describe('professionOf', () => {
  it('maps aliases to the profession', () => {
    expect(professionOf('弁護士')).toBe('弁護士');
    expect(professionOf('社労士')).toBe('社会保険労務士');
    expect(professionOf('ＦＰ')).toBe('ファイナンシャルプランナー');
    expect(professionOf('Webデザイナー')).toBe('デザイナー');
    expect(professionOf('宇宙飛行士')).toBeUndefined();
  });
});

describe('parseReference validation', () => {
  it('accepts the shipped documents', () => {
    expect(parseReference(shipped()).fields).toHaveLength(20);
  });

  it('rejects duplicate numbers, naming the file and the entry', () => {
    const docs = shipped();
    const fields = (docs['fields.json'] as { fields: { number: number }[] }).fields;
    fields[1]!.number = 1;
    expect(() => parseReference(docs)).toThrow(/fields\.json: field 1: duplicate number 1[\s\S]*field 2 is missing/);
  });

  it('rejects a label that maps to two fields', () => {
    const docs = shipped();
    const fields = (docs['fields.json'] as { fields: { aliases: string[] }[] }).fields;
    fields[6]!.aliases.push('福祉');
    expect(() => parseReference(docs)).toThrow(/fields\.json: field 7: label "福祉" also names field 1/);
  });

  it('rejects a skill synonym claimed by two skills and a bad legal form', () => {
    const docs = shipped();
    (docs['skill-synonyms.json'] as { skills: { synonyms: string[] }[] }).skills[1]!.synonyms.push('ｐｃ');
    (docs['legal-forms.json'] as { legal_forms: Record<string, unknown>[] }).legal_forms[0]!.has_legal_personality = 'yes';
    let message = '';
    try {
      parseReference(docs);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/legal-forms\.json: legal form "npo": "has_legal_personality" must be true or false/);
    expect(message).toMatch(/skill-synonyms\.json: skill "パソコン": label "PC" also names skill "要約筆記"/);
  });

  it('rejects a document of the wrong shape', () => {
    const docs = shipped();
    docs['professions.json'] = { jobs: [] };
    expect(() => parseReference(docs)).toThrow(/professions\.json: top level: expected an object with an array "professions"/);
  });
});
