/**
 * Reference data shipped in `data/reference/`: the 20 NPO-law activity fields,
 * legal forms, skill synonyms and pro-bono professions. Validated when loaded;
 * the lookups below are called per cell on large imports, so every map is
 * built once and labels are compared by one deterministic key (NFKC, no
 * whitespace, lower case) — no fuzzy matching.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KyodoError, msg } from '../errors.js';

/** 特定非営利活動の分野: one of the 20 fields of the NPO law's 別表 (numbers of the current law). */
export interface ActivityField {
  readonly number: number;
  readonly official: string;
  readonly short: string;
  readonly aliases: readonly string[];
}

/** 法人格: a legal form and whether it gives the organization legal personality. */
export interface LegalForm {
  readonly code: string;
  readonly label: string;
  readonly hasLegalPersonality: boolean;
  readonly aliases: readonly string[];
}

/** A canonical skill and the words rosters use for it. */
export interface SkillEntry {
  readonly skill: string;
  readonly synonyms: readonly string[];
}

/** 専門職: a pro-bono profession and its other labels. */
export interface Profession {
  readonly name: string;
  readonly aliases: readonly string[];
}

/** All reference data, validated. */
export interface Reference {
  readonly fields: readonly ActivityField[];
  readonly legalForms: readonly LegalForm[];
  readonly skills: readonly SkillEntry[];
  readonly professions: readonly Profession[];
}

/** The parsed JSON documents, by file name, as read from `data/reference/`. */
export interface ReferenceDocuments {
  'fields.json': unknown;
  'legal-forms.json': unknown;
  'skill-synonyms.json': unknown;
  'professions.json': unknown;
}

const FILES = ['fields.json', 'legal-forms.json', 'skill-synonyms.json', 'professions.json'] as const;
const FIELD_COUNT = 20;

interface Lookups {
  readonly reference: Reference;
  readonly fieldByKey: Map<string, number>;
  readonly fieldByNumber: Map<number, ActivityField>;
  readonly legalFormByKey: Map<string, LegalForm>;
  readonly skillByKey: Map<string, string>;
  readonly professionByKey: Map<string, string>;
}

let cached: Lookups | undefined;

/** The comparison key of a label: NFKC, all whitespace removed, lower case. */
export function labelKey(label: string): string {
  return label.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Reads, validates and caches the reference data; throws naming the file and entry if it is malformed. */
export function loadReference(): Reference {
  return lookups().reference;
}

/** Validates reference documents and returns them typed; throws one error listing every problem. */
export function parseReference(docs: ReferenceDocuments): Reference {
  return buildLookups(docs).reference;
}

/** 活動分野 label → field number 1–20: a number (`13`, `１３`), official name, short name or alias. */
export function fieldNumberOf(label: string): number | undefined {
  const hit = lookups().fieldByKey.get(label);
  if (hit !== undefined) return hit;
  const key = labelKey(label);
  if (/^\d{1,3}$/.test(key)) {
    const n = Number(key);
    return n >= 1 && n <= FIELD_COUNT ? n : undefined;
  }
  return lookups().fieldByKey.get(key);
}

/** Short name of field `n` (e.g. 13 → 子どもの健全育成), or undefined outside 1–20. */
export function fieldShortName(n: number): string | undefined {
  return lookups().fieldByNumber.get(n)?.short;
}

/** Official wording of field `n` in the law's 別表, or undefined outside 1–20. */
export function fieldOfficialName(n: number): string | undefined {
  return lookups().fieldByNumber.get(n)?.official;
}

/** 法人格 label (NPO法人, 特定非営利活動法人, 町内会, a code such as `npo`, …) → legal form. */
export function legalFormOf(label: string): LegalForm | undefined {
  const map = lookups().legalFormByKey;
  return map.get(label) ?? map.get(labelKey(label));
}

/** Skill word → its canonical skill (手話通訳 → 手話), else the input NFKC-normalised and trimmed. */
export function canonicalSkill(s: string): string {
  const map = lookups().skillByKey;
  return map.get(s) ?? map.get(labelKey(s)) ?? s.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

/** 専門職 label → canonical profession (社労士 → 社会保険労務士), or undefined if unknown. */
export function professionOf(label: string): string | undefined {
  const map = lookups().professionByKey;
  return map.get(label) ?? map.get(labelKey(label));
}

function lookups(): Lookups {
  if (!cached) {
    const docs = {} as Record<(typeof FILES)[number], unknown>;
    for (const file of FILES) docs[file] = readJson(file);
    cached = buildLookups(docs);
  }
  return cached;
}

function readJson(file: string): unknown {
  // src/reference/ and dist/reference/ are both two levels below the repository root.
  const url = new URL(`../../data/reference/${file}`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (e) {
    throw invalid([`${file}: cannot read ${fileURLToPath(url)} (${(e as Error).message})`]);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw invalid([`${file}: not valid JSON (${(e as Error).message})`]);
  }
}

function invalid(problems: string[]): KyodoError {
  return new KyodoError(
    'invalid_reference_data',
    msg(`reference data in data/reference/ is malformed (the installation is broken):\n  ${problems.join('\n  ')}`,
      `data/reference/ の参照データが不正です（インストールが壊れています）:\n  ${problems.join('\n  ')}`),
  );
}

/** Collects problems of one file; `at` names the entry in messages. */
class Checker {
  readonly problems: string[] = [];
  constructor(readonly file: string) {}

  fail(at: string, what: string): void {
    this.problems.push(`${this.file}: ${at}: ${what}`);
  }

  /** The array under `prop` of the document, or [] after recording a problem. */
  list(doc: unknown, prop: string): unknown[] {
    const v = isObject(doc) ? doc[prop] : undefined;
    if (!Array.isArray(v)) {
      this.fail('top level', `expected an object with an array "${prop}"`);
      return [];
    }
    return v;
  }

  text(entry: Record<string, unknown>, prop: string, at: string): string {
    const v = entry[prop];
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(at, `"${prop}" must be a non-empty string`);
      return '';
    }
    return v;
  }

  texts(entry: Record<string, unknown>, prop: string, at: string): string[] {
    const v = entry[prop] ?? [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === '')) {
      this.fail(at, `"${prop}" must be an array of non-empty strings`);
      return [];
    }
    return v as string[];
  }

  /** Registers `label` under `key` in `map`; a label naming two different entries is a problem. */
  claim<T>(map: Map<string, T>, label: string, value: T, at: string, describe: (v: T) => string): void {
    const key = labelKey(label);
    const prior = map.get(key);
    if (prior !== undefined && prior !== value) {
      this.fail(at, `label "${label}" also names ${describe(prior)}; a label must map to one entry`);
      return;
    }
    map.set(key, value);
    // The label as written too: inputs are usually already normalised, so an exact hit skips labelKey().
    if (label !== key) map.set(label, value);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function buildLookups(docs: ReferenceDocuments): Lookups {
  const checkers: Checker[] = [];

  // fields.json
  const fc = new Checker('fields.json');
  checkers.push(fc);
  const fields: ActivityField[] = [];
  const fieldByKey = new Map<string, number>();
  const fieldByNumber = new Map<number, ActivityField>();
  fc.list(docs['fields.json'], 'fields').forEach((raw, i) => {
    let at = `entry ${i + 1}`;
    if (!isObject(raw)) return fc.fail(at, 'expected an object');
    const number = raw.number;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > FIELD_COUNT) {
      return fc.fail(at, `"number" must be an integer 1–${FIELD_COUNT}, got ${JSON.stringify(number)}`);
    }
    at = `field ${number}`;
    if (fieldByNumber.has(number)) return fc.fail(at, `duplicate number ${number}`);
    const field: ActivityField = {
      number,
      official: fc.text(raw, 'official', at),
      short: fc.text(raw, 'short', at),
      aliases: fc.texts(raw, 'aliases', at),
    };
    fieldByNumber.set(number, field);
    fields.push(field);
    for (const label of [field.official, field.short, ...field.aliases]) {
      if (label === '') continue;
      if (/^\d+$/.test(labelKey(label))) fc.fail(at, `label "${label}" is a number; numbers always mean field numbers`);
      else fc.claim(fieldByKey, label, number, at, (n) => `field ${n}`);
    }
  });
  for (let n = 1; n <= FIELD_COUNT; n++) if (!fieldByNumber.has(n)) fc.fail('fields', `field ${n} is missing`);
  fields.sort((a, b) => a.number - b.number);

  // legal-forms.json
  const lc = new Checker('legal-forms.json');
  checkers.push(lc);
  const legalForms: LegalForm[] = [];
  const legalFormByKey = new Map<string, LegalForm>();
  const codes = new Set<string>();
  lc.list(docs['legal-forms.json'], 'legal_forms').forEach((raw, i) => {
    let at = `entry ${i + 1}`;
    if (!isObject(raw)) return lc.fail(at, 'expected an object');
    const code = lc.text(raw, 'code', at);
    if (code === '') return;
    at = `legal form "${code}"`;
    if (!/^[a-z][a-z0-9_]*$/.test(code)) return lc.fail(at, 'code must be snake_case ASCII');
    if (codes.has(code)) return lc.fail(at, `duplicate code "${code}"`);
    codes.add(code);
    if (typeof raw.has_legal_personality !== 'boolean') lc.fail(at, '"has_legal_personality" must be true or false');
    const form: LegalForm = {
      code,
      label: lc.text(raw, 'label', at),
      hasLegalPersonality: raw.has_legal_personality === true,
      aliases: lc.texts(raw, 'aliases', at),
    };
    legalForms.push(form);
    for (const label of [code, form.label, ...form.aliases]) {
      if (label !== '') lc.claim(legalFormByKey, label, form, at, (f) => `legal form "${f.code}"`);
    }
  });

  // skill-synonyms.json
  const sc = new Checker('skill-synonyms.json');
  checkers.push(sc);
  const skills: SkillEntry[] = [];
  const skillByKey = new Map<string, string>();
  sc.list(docs['skill-synonyms.json'], 'skills').forEach((raw, i) => {
    let at = `entry ${i + 1}`;
    if (!isObject(raw)) return sc.fail(at, 'expected an object');
    const skill = sc.text(raw, 'skill', at);
    if (skill === '') return;
    at = `skill "${skill}"`;
    if (skill !== skill.normalize('NFKC').trim()) return sc.fail(at, 'the canonical skill must be NFKC-normalised and trimmed');
    if (skills.some((s) => s.skill === skill)) return sc.fail(at, 'duplicate skill');
    const entry: SkillEntry = { skill, synonyms: sc.texts(raw, 'synonyms', at) };
    skills.push(entry);
    for (const label of [skill, ...entry.synonyms]) sc.claim(skillByKey, label, skill, at, (s) => `skill "${s}"`);
  });

  // professions.json
  const pc = new Checker('professions.json');
  checkers.push(pc);
  const professions: Profession[] = [];
  const professionByKey = new Map<string, string>();
  pc.list(docs['professions.json'], 'professions').forEach((raw, i) => {
    let at = `entry ${i + 1}`;
    if (!isObject(raw)) return pc.fail(at, 'expected an object');
    const name = pc.text(raw, 'name', at);
    if (name === '') return;
    at = `profession "${name}"`;
    if (name !== name.normalize('NFKC').trim()) return pc.fail(at, 'the name must be NFKC-normalised and trimmed');
    if (professions.some((p) => p.name === name)) return pc.fail(at, 'duplicate profession');
    const entry: Profession = { name, aliases: pc.texts(raw, 'aliases', at) };
    professions.push(entry);
    for (const label of [name, ...entry.aliases]) pc.claim(professionByKey, label, name, at, (p) => `profession "${p}"`);
  });

  const problems = checkers.flatMap((c) => c.problems);
  if (problems.length > 0) throw invalid(problems);
  return {
    reference: { fields, legalForms, skills, professions },
    fieldByKey,
    fieldByNumber,
    legalFormByKey,
    skillByKey,
    professionByKey,
  };
}
