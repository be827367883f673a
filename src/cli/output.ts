import Table from 'cli-table3';
import { Chalk } from 'chalk';
import { cellText, formatDate, toCsv } from '../io/csv-out.js';

/**
 * The one writer for command output (style.md): commands build rows, this turns
 * them into a terminal table, JSON or CSV. It returns strings; the command
 * writes them to `io.stdout` (data only — diagnostics go to stderr).
 */

/** What a command talks to, so tests run the CLI in-process and capture its output. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Where output goes; `stream` is the real terminal stream, for what draws on it (progress bars, prompts). */
export interface OutStream {
  write(s: string): void;
  isTTY?: boolean;
  stream?: NodeJS.WriteStream;
}

/**
 * The real process streams and environment. A reader that goes away early
 * (`kyodo list volunteers | head -1`) closes the pipe: what is left to write
 * is dropped and the command ends as it would have, without an EPIPE trace.
 */
export function processIo(): Io {
  return {
    stdout: pipeSafe(process.stdout),
    stderr: pipeSafe(process.stderr),
    env: process.env,
    stdin: process.stdin,
  };
}

function pipeSafe(stream: NodeJS.WriteStream): OutStream {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw err;
  });
  return {
    write(s: string): void {
      if (!closed && !stream.destroyed) stream.write(s);
    },
    isTTY: stream.isTTY,
    stream,
  };
}

export type OutputFormat = 'table' | 'json' | 'csv';

export interface OutputColumn {
  key: string;
  /** Header text in table and CSV (default: the key). JSON always uses the key. */
  label?: string;
  /** Table only: right-align this column even when its cells are strings (numbers formatted as 1,234). */
  align?: 'right';
}

export interface RenderOptions {
  /** Colour the table header. Decide with `useColor(io.stdout.isTTY, io.env)`; never read from the environment here. */
  color?: boolean;
  /** Table only: a cell wider than this (in terminal columns) is cut and ends with `…`. Default 40. */
  maxCellWidth?: number;
  /** CSV only: start with a UTF-8 BOM. Default true (Excel). */
  bom?: boolean;
  /** CSV only: neutralise formula-like string cells. Default true. */
  neutralizeFormulas?: boolean;
}

const DEFAULT_MAX_CELL_WIDTH = 40;

/** Rows as a table, a JSON array (keys in column order) or CSV, ready for stdout. */
export function renderRows(
  rows: Record<string, unknown>[],
  columns: OutputColumn[],
  format: OutputFormat,
  opts: RenderOptions = {},
): string {
  switch (format) {
    case 'json':
      return formatJson(rows.map((row) => pick(row, columns)));
    case 'csv':
      return toCsv(rows, {
        columns,
        ...(opts.bom !== undefined ? { bom: opts.bom } : {}),
        ...(opts.neutralizeFormulas !== undefined ? { neutralizeFormulas: opts.neutralizeFormulas } : {}),
      });
    case 'table':
      return renderTable(rows, columns, opts);
    default: {
      const never: never = format;
      throw new Error(`unknown output format ${String(never)}`);
    }
  }
}

/** One row with exactly the given keys, in that order; a missing value is null (JSON has no undefined). */
function pick(row: Record<string, unknown>, columns: OutputColumn[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.key] = row[c.key] ?? null;
  return out;
}

/**
 * A `--json` document: two-space indentation and a final newline. Keys keep
 * the order they were given in; a Date that is a calendar date (UTC midnight)
 * becomes `YYYY-MM-DD`, other Dates full ISO 8601; bigints become numbers when
 * exact, else strings (JSON.stringify would throw).
 */
export function formatJson(doc: unknown): string {
  return `${JSON.stringify(doc, jsonReplacer, 2) ?? 'null'}\n`;
}

function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  // `value` has already been through Date#toJSON; the holder still has the Date.
  const original = (this as Record<string, unknown> | undefined)?.[key];
  if (original instanceof Date) {
    const s = formatDate(original);
    return s === '' ? null : s;
  }
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  return value;
}

function renderTable(rows: Record<string, unknown>[], columns: OutputColumn[], opts: RenderOptions): string {
  if (columns.length === 0) return '';
  const maxWidth = Math.max(2, opts.maxCellWidth ?? DEFAULT_MAX_CELL_WIDTH);
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const table = new Table({
    head: columns.map((c) => chalk.bold(truncateToWidth(terminalSafe(c.label ?? c.key), maxWidth))),
    // Colours are ours (chalk, decided by the caller); cli-table3's own would consult the process.
    style: { head: [], border: [] },
    wordWrap: false,
  });
  for (const row of rows) {
    table.push(columns.map((c) => {
      const value = row[c.key];
      const { text, isNumber } = cellText(value);
      const content = truncateToWidth(terminalSafe(text), maxWidth);
      return isNumber || c.align === 'right' ? { content, hAlign: 'right' as const } : content;
    }));
  }
  return `${table.toString()}\n`;
}

/**
 * Text safe to print in one table cell: line breaks become `↵`, TAB a space,
 * other control characters (ESC included — a stored value must not be able to
 * drive the terminal) and bidi overrides are shown as `\xNN` / `\uNNNN`.
 */
export function terminalSafe(s: string): string {
  return s
    .replace(/\r\n|\r|\n/g, '↵')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
      const code = ch.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}

/**
 * Terminal columns a string takes: East Asian wide and full-width characters
 * (漢字, かな, ＡＢＣ, emoji) count 2, combining marks and control characters 0.
 * Same ranges as string-width 4, which cli-table3 pads with, so cut cells line up.
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) width += charWidth(ch);
  return width;
}

const EMOJI = /\p{Extended_Pictographic}/u;
const MARK = /\p{M}/u;

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if (MARK.test(ch) || cp === 0x200b || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (isWide(cp) || (cp > 0xff && EMOJI.test(ch))) return 2;
  return 1;
}

function isWide(cp: number): boolean {
  return cp >= 0x1100 && (
    cp <= 0x115f
    || cp === 0x2329 || cp === 0x232a
    || (cp >= 0x2e80 && cp <= 0x3247 && cp !== 0x303f)
    || (cp >= 0x3250 && cp <= 0x4dbf)
    || (cp >= 0x4e00 && cp <= 0xa4c6)
    || (cp >= 0xa960 && cp <= 0xa97c)
    || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff)
    || (cp >= 0xfe10 && cp <= 0xfe19)
    || (cp >= 0xfe30 && cp <= 0xfe6b)
    || (cp >= 0xff01 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6)
    || (cp >= 0x1b000 && cp <= 0x1b001)
    || (cp >= 0x1f200 && cp <= 0x1f251)
    || (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Cuts `s` to at most `max` terminal columns, ending with `…` when cut (never splits a surrogate pair). */
export function truncateToWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let width = 0;
  for (const ch of s) {
    const w = charWidth(ch);
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}
