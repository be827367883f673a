/**
 * 資源バンク categories (data/reference/resource-categories.json): canonical
 * category → the words offers and requests use for it (食料品 → 食品). Validated
 * when loaded; labels are compared by `labelKey` (NFKC, no whitespace, lower case).
 */
import { readFileSync } from 'node:fs';
import { KyodoError, msg } from '../errors.js';
import { labelKey } from './index.js';

export interface ResourceCategory {
  readonly category: string;
  readonly synonyms: readonly string[];
}

let byKey: Map<string, string> | undefined;

/** Validates the parsed document and builds label key → canonical category; throws listing every problem. */
export function parseResourceCategories(doc: unknown): Map<string, string> {
  const problems: string[] = [];
  const map = new Map<string, string>();
  const list = (doc as { categories?: unknown } | null)?.categories;
  if (!Array.isArray(list)) problems.push('"categories" must be an array');
  else {
    list.forEach((entry: unknown, i) => {
      const e = entry as Partial<ResourceCategory> | null;
      if (typeof e?.category !== 'string' || e.category.trim() === '') return void problems.push(`categories[${i}].category must be a non-empty string`);
      if (!Array.isArray(e.synonyms) || e.synonyms.some((s) => typeof s !== 'string' || s.trim() === '')) {
        return void problems.push(`categories[${i}] (${e.category}).synonyms must be an array of non-empty strings`);
      }
      for (const label of [e.category, ...e.synonyms]) {
        const key = labelKey(label);
        const prev = map.get(key);
        if (prev !== undefined && prev !== e.category) problems.push(`"${label}" is listed under both ${prev} and ${e.category}`);
        map.set(key, e.category);
      }
    });
  }
  if (problems.length > 0) {
    throw new KyodoError('invalid_reference', msg(
      `data/reference/resource-categories.json is malformed: ${problems.join('; ')}`,
      `data/reference/resource-categories.json の形式が正しくありません: ${problems.join('、')}`,
    ));
  }
  return map;
}

/** Category label → canonical category (食料品 → 食品); an unknown label comes back NFKC-normalised and trimmed. */
export function canonicalCategory(label: string): string {
  if (!byKey) {
    // src/reference/ and dist/reference/ are both two levels below the repository root.
    const text = readFileSync(new URL('../../data/reference/resource-categories.json', import.meta.url), 'utf8');
    byKey = parseResourceCategories(JSON.parse(text) as unknown);
  }
  return byKey.get(labelKey(label)) ?? label.normalize('NFKC').trim().replace(/\s+/g, ' ');
}
