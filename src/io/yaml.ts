/**
 * YAML that a person writes and kyodo reads: criteria, KPI definitions, matching templates, column
 * mappings. One place decides what a bad file is told: a syntax error with its line and column, and a
 * "billion laughs" file (anchors and aliases that expand a few lines into billions of nodes), which the
 * yaml package stops after `maxAliasCount` expansions by throwing a ReferenceError that used to escape
 * as "this is a bug". Deep nesting is already reported by the yaml package as a syntax error.
 */
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { KyodoError, msg, type Msg } from '../errors.js';

/** How many alias expansions a file may need (the yaml package's default, stated here on purpose). */
export const MAX_ALIAS_COUNT = 100;

/** One reason a YAML file cannot be read. */
export interface YamlProblem {
  code: 'yaml_syntax' | 'yaml_aliases';
  line?: number;
  column?: number;
  message: Msg;
}

export interface YamlRead {
  doc: Document;
  lineCounter: LineCounter;
  /** The plain value; undefined when there are problems. */
  value: unknown;
  problems: YamlProblem[];
}

/** Parses YAML text, collecting syntax errors and refusing an alias bomb; never throws for what the file holds. */
export function readYaml(text: string): YamlRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: YamlProblem[] = doc.errors.map((e) => {
    const pos = e.pos ? lineCounter.linePos(e.pos[0]) : undefined; // prettyErrors off: no linePos, so from the offset
    return {
      code: 'yaml_syntax' as const,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      message: msg(
        `not valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${e.message.split('\n')[0]}`,
        `${pos ? `${pos.line}行${pos.col}列目の ` : ''}YAML の書き方に誤りがあります（字下げ、「:」の後の空白、引用符の閉じ忘れなどを確認してください）`,
      ),
    };
  });
  if (problems.length > 0) return { doc, lineCounter, value: undefined, problems };
  try {
    return { doc, lineCounter, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems };
  } catch (err) {
    if (!(err instanceof ReferenceError || err instanceof RangeError)) throw err;
    if (err instanceof RangeError) {
      problems.push({ code: 'yaml_syntax', message: msg(`the file nests too deeply to read: ${err.message}`, '入れ子が深すぎるため読み込めません') });
      return { doc, lineCounter, value: undefined, problems };
    }
    // The first alias is where the expansion starts: name its line.
    let line: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        if (node.range) line = lineCounter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    problems.push({
      code: 'yaml_aliases',
      ...(line !== undefined ? { line } : {}),
      message: msg(
        `too many aliases (*name)${line !== undefined ? ` from line ${line}` : ''}: expanding them would exceed ${MAX_ALIAS_COUNT} copies, so the file is refused; write the values out instead`,
        `${line !== undefined ? `${line}行目からの` : ''}別名（*名前）の参照が多すぎるため読み込みを中止しました（展開が ${MAX_ALIAS_COUNT} 回を超えます）。値を直接書いてください`,
      ),
    });
    return { doc, lineCounter, value: undefined, problems };
  }
}

/**
 * Parses YAML text or throws a KyodoError with `code` (exit 1: the file is input that cannot be used)
 * naming the file and, where known, the line.
 */
export function parseYamlFile(text: string, file: string, code: string): unknown {
  const r = readYaml(text);
  const p = r.problems[0];
  if (!p) return r.value;
  return failYaml(p, file, code);
}

/** Throws `p` as the KyodoError a command reports: `file: message`, with the line in its context. */
export function failYaml(p: YamlProblem, file: string, code: string): never {
  throw new KyodoError(code, msg(`${file}: ${p.message.en}`, `${file}: ${p.message.ja}`), { file, ...(p.line !== undefined ? { line: p.line } : {}) });
}
