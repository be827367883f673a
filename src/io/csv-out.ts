import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';

/**
 * CSV for people who open it in Excel (reliability.md, Output):
 *
 * - UTF-8 with a BOM (default), so Excel in Japan does not read it as CP932.
 * - CRLF after every record, the last one included: it is what Excel writes and
 *   what RFC 4180 specifies. Line breaks *inside* a cell are kept as they are
 *   (the cell is quoted).
 * - Every cell holding a CR or LF is quoted. csv-stringify quotes a cell only
 *   when it contains the record delimiter, so with CRLF a lone CR or LF went out
 *   unquoted and split the row; `quoted_match` closes that gap.
 * - Formula injection: a *string* cell starting with `=`, `+`, `-`, `@`, TAB, CR,
 *   LF or `＝＋－＠` gets a leading `'` (csv-stringify's `escape_formulas` misses
 *   LF and the full-width forms, so it is not used). Numbers are data, not
 *   formulas: the number -5 is written as `-5`, while the string "-5" becomes
 *   `'-5`. Only finite numbers count as numbers; NaN and ±Infinity are written as
 *   text (and so `-Infinity` is neutralised).
 *   A value that already starts with `'` is inert in a spreadsheet and left as
 *   it is; note that a reader stripping "`'` before a formula character" (as
 *   src/roster/import.ts does) cannot tell `'=x` written by a user from `=x`
 *   neutralised by us.
 * - Header cells are neutralised too: a rejects file repeats the header of a
 *   user's file, which is as untrusted as its rows.
 *
 * Cell values: null/undefined → empty; finite number and bigint → decimal;
 * boolean → `true`/`false`; Date → ISO 8601 (`YYYY-MM-DD` when it is exactly UTC
 * midnight, i.e. a calendar date, else the full `toISOString()`; an invalid Date
 * → empty); arrays → their cells joined with `;`; other objects → JSON.
 */

/** Options shared by `toCsv` and `createCsvWriter`. */
export interface CsvOptions {
  /** Header row. For object rows it also names the keys to write, in order. */
  header?: string[];
  /**
   * For object rows: keys to write and the labels of the header (label defaults
   * to the key). Takes precedence over `header`.
   */
  columns?: { key: string; label?: string }[];
  /** Start with a UTF-8 BOM (U+FEFF). Default true. */
  bom?: boolean;
  /** Prefix `'` on string cells that a spreadsheet would run as a formula. Default true. */
  neutralizeFormulas?: boolean;
}

export type CsvRow = Record<string, unknown> | unknown[];

const BOM = '\uFEFF';

/** A first character that makes Excel / LibreOffice / Google Sheets evaluate a cell. */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;
const STRINGIFY_OPTIONS: StringifyOptions = {
  record_delimiter: 'windows',
  quoted_match: /[\r\n]/,
  eof: true,
};

/** Prefixes `'` to a string a spreadsheet would otherwise run as a formula; other strings are returned unchanged. */
export function neutralizeFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** Formats a Date as `YYYY-MM-DD` when it is a calendar date (UTC midnight), else full ISO 8601; invalid → ''. */
export function formatDate(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/**
 * One value as cell text, before formula neutralisation. `isNumber` tells the
 * caller it is numeric data (finite number or bigint), which is never neutralised.
 */
export function cellText(value: unknown): { text: string; isNumber: boolean } {
  if (value === null || value === undefined) return { text: '', isNumber: false };
  switch (typeof value) {
    case 'string':
      return { text: value, isNumber: false };
    case 'number':
      return { text: String(value), isNumber: Number.isFinite(value) };
    case 'bigint':
      return { text: value.toString(), isNumber: true };
    case 'boolean':
      return { text: value ? 'true' : 'false', isNumber: false };
    case 'symbol':
    case 'function':
      return { text: '', isNumber: false };
    default:
      break;
  }
  if (value instanceof Date) return { text: formatDate(value), isNumber: false };
  if (Array.isArray(value)) return { text: value.map((v) => cellText(v).text).join(';'), isNumber: false };
  if (value instanceof Uint8Array) return { text: Buffer.from(value).toString('base64'), isNumber: false };
  return { text: JSON.stringify(value) ?? '', isNumber: false };
}

/** One value as the text of a CSV cell, neutralised unless it is numeric data or `neutralize` is false. */
export function csvCell(value: unknown, neutralize = true): string {
  const { text, isNumber } = cellText(value);
  return neutralize && !isNumber ? neutralizeFormula(text) : text;
}

interface Plan {
  /** Keys for object rows (undefined: rows are arrays). */
  keys: string[] | undefined;
  header: string[] | undefined;
  neutralize: boolean;
  bom: boolean;
}

function planFor(first: CsvRow | undefined, allRows: readonly CsvRow[] | undefined, opts: CsvOptions): Plan {
  const neutralize = opts.neutralizeFormulas ?? true;
  const bom = opts.bom ?? true;
  if (opts.columns) {
    return { keys: opts.columns.map((c) => c.key), header: opts.columns.map((c) => c.label ?? c.key), neutralize, bom };
  }
  const isObjects = first !== undefined && !Array.isArray(first);
  if (!isObjects) return { keys: undefined, header: opts.header, neutralize, bom };
  if (opts.header) return { keys: opts.header, header: opts.header, neutralize, bom };
  // Object rows without a header: every key seen, in first-seen order.
  const seen = new Set<string>();
  for (const row of allRows ?? [first]) if (!Array.isArray(row)) for (const k of Object.keys(row)) seen.add(k);
  const keys = [...seen];
  return { keys, header: keys, neutralize, bom };
}

function toCells(row: CsvRow, plan: Plan): string[] {
  if (Array.isArray(row)) return row.map((v) => csvCell(v, plan.neutralize));
  const keys = plan.keys ?? Object.keys(row);
  return keys.map((k) => csvCell(row[k], plan.neutralize));
}

function stringifyRecords(records: string[][]): string {
  if (records.length === 0) return '';
  return stringify(records, STRINGIFY_OPTIONS);
}

/** The whole table as one CSV string (BOM, header, CRLF records). */
export function toCsv(rows: Record<string, unknown>[] | unknown[][], opts: CsvOptions = {}): string {
  const list = rows as CsvRow[];
  const plan = planFor(list[0], list, opts);
  const records: string[][] = [];
  if (plan.header) records.push(plan.header.map((h) => (plan.neutralize ? neutralizeFormula(h) : h)));
  for (const row of list) records.push(toCells(row, plan));
  return (plan.bom ? BOM : '') + stringifyRecords(records);
}

/** Where a streaming CSV writer sends its text: `io.stdout`, an `openAtomicWriter`, … */
export interface CsvSink {
  write(chunk: string): void;
}

/** A CSV writer that sends rows to a sink in batches, so a big export never sits in memory whole. */
export interface CsvWriter {
  /** Adds one row (array, or object read by the header's keys). */
  write(row: CsvRow): void;
  /** Flushes what is buffered; writes the BOM and header even when there were no rows. Idempotent. */
  end(): void;
  /** Data rows written so far (header excluded). */
  readonly rows: number;
}

/** Options of `createCsvWriter`: the CSV options plus how many rows to buffer before a write (default 1000). */
export interface CsvWriterOptions extends CsvOptions {
  batchRows?: number;
}

/**
 * Streaming variant of `toCsv`: the same bytes as `toCsv(allRows, opts)` when
 * `header`/`columns` are given; for object rows without them, the keys of the
 * first row are used (a streaming writer cannot look ahead).
 */
export function createCsvWriter(sink: CsvSink, opts: CsvWriterOptions = {}): CsvWriter {
  const batchRows = Math.max(1, opts.batchRows ?? 1000);
  let plan: Plan | undefined;
  let buffer: string[][] = [];
  let count = 0;
  let ended = false;

  const start = (first: CsvRow | undefined): Plan => {
    const p = planFor(first, undefined, opts);
    let head = p.bom ? BOM : '';
    if (p.header) head += stringifyRecords([p.header.map((h) => (p.neutralize ? neutralizeFormula(h) : h))]);
    if (head) sink.write(head);
    return p;
  };
  const flush = (): void => {
    if (buffer.length === 0) return;
    const text = stringifyRecords(buffer);
    buffer = [];
    sink.write(text);
  };

  return {
    write(row) {
      if (ended) throw new Error('CSV writer already ended');
      plan ??= start(row);
      buffer.push(toCells(row, plan));
      count++;
      if (buffer.length >= batchRows) flush();
    },
    end() {
      if (ended) return;
      ended = true;
      plan ??= start(undefined);
      flush();
    },
    get rows() {
      return count;
    },
  };
}
