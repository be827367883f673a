import { readFileSync } from 'node:fs';
import { parseYamlFile } from '../io/yaml.js';
import { KyodoError, UsageError, msg } from '../errors.js';
import type { ColumnSpec, KindSpec } from './kind.js';

/** Header names compare after NFKC, trimming, lower-casing and dropping spaces. */
export function normalizeHeader(h: string): string {
  return h.normalize('NFKC').replace(/^\uFEFF/, '').replace(/\s+/g, '').toLowerCase();
}

/** A --mapping file: header name in the export → kyodo column (or null to ignore it). */
export interface ColumnMapping {
  file: string;
  kind?: string;
  columns: Map<string, string | null>;
}

/** The trailing columns kyodo adds to a rejects file; ignored when it is re-imported. */
export const REJECT_COLUMNS = ['line', 'column', 'code', 'reason'] as const;

export interface HeaderPlan {
  /** Per file column: the spec column it feeds, or null (unknown, ignored, or reject metadata). */
  byIndex: (ColumnSpec | null)[];
  /** Spec columns present in the file, in spec order, plus implied ones (with index -1). */
  present: { col: ColumnSpec; index: number }[];
  unknown: string[];
  missingRequired: string[];
  /** header name → column used, for the import history. */
  used: Record<string, string>;
}

/** Loads and validates a --mapping YAML file against a kind's columns. */
export function loadMapping(path: string, spec: KindSpec): ColumnMapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError('unreadable_file', msg(`cannot read mapping file ${path}: ${(err as Error).message}`, `対応表ファイル ${path} を読めません: ${(err as Error).message}`), { file: path });
  }
  const doc = parseYamlFile(text, path, 'invalid_mapping');
  const columns = (doc as { columns?: unknown } | null)?.columns;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    throw new KyodoError('invalid_mapping', msg(`${path}: expected a "columns:" map of header name → kyodo column`, `${path}: 「columns:」（見出し名 → kyodo の列名）がありません`), {
      file: path,
      hint: msg('see docs/import.md for the mapping format', '書式は docs/import.md を参照'),
    });
  }
  const known = new Set(spec.columns.map((c) => c.name));
  const problems: string[] = [];
  const map = new Map<string, string | null>();
  for (const [header, target] of Object.entries(columns as Record<string, unknown>)) {
    if (target === null || target === 'ignore' || target === '') map.set(normalizeHeader(header), null);
    else if (typeof target === 'string' && known.has(target)) map.set(normalizeHeader(header), target);
    else problems.push(`"${header}": ${JSON.stringify(target)}`);
  }
  if (problems.length > 0) {
    throw new KyodoError('invalid_mapping', msg(
      `${path}: unknown ${spec.kind} column(s) ${problems.join(', ')}; valid columns: ${[...known].join(', ')} (or ignore)`,
      `${path}: ${spec.kind} にない列名 ${problems.join('、')}。使える列名: ${[...known].join(', ')}（または ignore）`,
    ), { file: path });
  }
  const kind = (doc as { kind?: unknown }).kind;
  if (kind !== undefined && kind !== spec.kind) {
    throw new UsageError('mapping_kind_mismatch', msg(`${path} is a mapping for ${String(kind)}, not ${spec.kind}`, `${path} は ${String(kind)} 用の対応表です（${spec.kind} ではありません）`), { file: path });
  }
  return { file: path, kind: typeof kind === 'string' ? kind : undefined, columns: map };
}

/** Index from normalised header name (English name or alias) to column, per kind. */
const aliasIndexes = new WeakMap<KindSpec, Map<string, ColumnSpec>>();
function aliasIndex(spec: KindSpec): Map<string, ColumnSpec> {
  let index = aliasIndexes.get(spec);
  if (!index) {
    index = new Map();
    for (const col of spec.columns) {
      for (const name of [col.name, ...col.aliases]) index.set(normalizeHeader(name), col);
    }
    aliasIndexes.set(spec, index);
  }
  return index;
}

const ignoredIndexes = new WeakMap<KindSpec, Set<string>>();
function ignoredIndex(spec: KindSpec): Set<string> {
  let set = ignoredIndexes.get(spec);
  if (!set) ignoredIndexes.set(spec, (set = new Set((spec.ignoredHeaders ?? []).map(normalizeHeader))));
  return set;
}

/**
 * Decides which file column feeds which roster column. Duplicate or ambiguous
 * columns are refused (csv-parse would silently keep the last one).
 */
export function resolveHeader(spec: KindSpec, header: string[], mapping?: ColumnMapping, file?: string): HeaderPlan {
  const index = aliasIndex(spec);
  const byIndex: (ColumnSpec | null)[] = [];
  const seenAt = new Map<string, number>();
  const colAt = new Map<string, number>();
  const unknown: string[] = [];
  const used: Record<string, string> = {};
  const dupes: string[] = [];
  // A re-imported rejects file carries line,column,code,reason at its end.
  const rejectTail = header.length >= 4 && REJECT_COLUMNS.every((c, i) => normalizeHeader(header[header.length - 4 + i]!) === c);
  header.forEach((raw, i) => {
    const h = normalizeHeader(raw);
    if (rejectTail && i >= header.length - 4) return void byIndex.push(null);
    if (h === '') return void byIndex.push(null); // Excel leaves trailing empty header cells
    const first = seenAt.get(h);
    if (first !== undefined) dupes.push(`duplicate column "${raw.trim()}" at fields ${first + 1} and ${i + 1}`);
    else seenAt.set(h, i);
    let col: ColumnSpec | null | undefined;
    if (mapping?.columns.has(h)) {
      const target = mapping.columns.get(h);
      col = target == null ? null : spec.columns.find((c) => c.name === target)!;
    } else col = index.get(h) ?? (ignoredIndex(spec).has(h) ? null : undefined);
    if (col === undefined) {
      unknown.push(raw.trim());
      return void byIndex.push(null);
    }
    if (col !== null) {
      const other = colAt.get(col.name);
      if (other !== undefined) dupes.push(`columns "${header[other]!.trim()}" (field ${other + 1}) and "${raw.trim()}" (field ${i + 1}) are both ${col.name}`);
      else colAt.set(col.name, i);
      used[raw.trim()] = col.name;
    }
    byIndex.push(col);
  });
  if (dupes.length > 0) {
    throw new KyodoError('duplicate_column', msg(`${file ?? 'input'}: ${dupes.join('; ')}`, `${file ?? '入力'}: 列が重複しています（${dupes.join('; ')}）`), {
      file,
      line: 1,
      hint: msg('rename or delete one of them, or map them with --mapping', 'どちらかの列名を変えるか削除するか、--mapping で対応を指定してください'),
    });
  }
  const present = spec.columns.filter((c) => colAt.has(c.name)).map((col) => ({ col, index: colAt.get(col.name)! }));
  for (const rule of spec.implied ?? []) {
    if (!colAt.has(rule.column) && rule.when.some((w) => colAt.has(w))) {
      present.push({ col: spec.columns.find((c) => c.name === rule.column)!, index: -1 });
    }
  }
  const keyDerived = spec.deriveKey !== undefined;
  const missingRequired = spec.columns
    .filter((c) => (c.required || (!keyDerived && spec.key.includes(c.name))) && !colAt.has(c.name))
    .map((c) => c.name);
  return { byIndex, present, unknown, missingRequired, used };
}

/** Thrown when required columns are missing: the CLI may offer to map them interactively. */
export class HeaderMismatchError extends KyodoError {
  constructor(
    readonly spec: KindSpec,
    readonly header: string[],
    readonly unknown: string[],
    readonly missing: string[],
    file: string,
  ) {
    super('missing_required_column', msg(
      `${file}: required column(s) ${missing.join(', ')} not found; unknown column(s): ${unknown.join(', ') || '(none)'}`,
      `${file}: 必須列 ${missing.join('、')} が見つかりません。認識できない列: ${unknown.join('、') || '（なし）'}`,
    ), {
      file,
      line: 1,
      hint: msg(
        'rename the headers as in docs/import.md, or write a --mapping YAML (run once at a terminal to be asked and have it saved)',
        '見出しを docs/import.md のとおりに直すか、--mapping の YAML を用意してください（端末で一度実行すると対話で作成・保存できます）',
      ),
    });
  }
}
