import { Option, type Command } from 'commander';
import { UsageError, msg, type Msg } from '../errors.js';
import { assertWritable, writeFileAtomic } from '../io/atomic-write.js';
import { parseDate } from '../jp/date.js';
import type { CommandContext } from './context.js';
import { formatJson, renderRows } from './output.js';

/** What the three `match` commands share: --as-of, --save and the output options, and how a result is written. */

export type MatchFormat = 'table' | 'csv' | 'json' | 'xlsx';

export interface MatchOutputFlags {
  asOf?: string;
  save?: boolean;
  format: MatchFormat;
  out?: string;
  force?: boolean;
}

/** `--as-of`: any date kyodo reads (2026-04-01, R8.4.1…); default today. */
export function resolveAsOf(value: string | undefined, now: Date): string {
  if (value === undefined) {
    const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
    return local.toISOString().slice(0, 10);
  }
  const p = parseDate(value);
  if (!p.ok) throw new UsageError('invalid_date', msg(`--as-of "${value}": ${p.reason.en}`, `--as-of「${value}」: ${p.reason.ja}`));
  return p.value;
}

/** --save, --format, --out, --force (--as-of differs in meaning per kind and is added by each command). */
export function addMatchOutputOptions(cmd: Command, saveHelp: string): Command {
  return cmd
    .option('--save', saveHelp)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'xlsx']).default('table'))
    .option('--out <path>', 'write the output to a file instead of stdout (xlsx needs it)');
}

/**
 * Refuses bad output options before the command computes or saves anything: --format xlsx
 * without --out, and an --out (or `extra` file) that exists without --force. Checked after
 * `--save` had stored the run, a refusal would leave a saved run behind a failed command.
 */
export function checkMatchOutputs(flags: MatchOutputFlags, extra: (string | undefined)[] = []): void {
  if (flags.format === 'xlsx' && !flags.out) throw new UsageError('out_required', msg('--format xlsx needs --out PATH', '--format xlsx には --out PATH が必要です'));
  for (const path of [flags.out, ...extra]) if (path !== undefined) assertWritable(path, { force: flags.force ?? false });
}

/** One list of a match result: the proposals first, then what could not be met. */
export interface MatchSection {
  /** Table heading and xlsx sheet name (the sheet always takes the Japanese one). */
  title: Msg;
  columns: { key: string; label: string }[];
  rows: Record<string, unknown>[];
  /** Table only: cut cells wider than this. Default 70. */
  maxCellWidth?: number;
}

/** Rows with their reasons joined for a cell ("必須スキル 手話 ✓ / 距離 2.3km"). */
export function withJoinedReasons<T extends { reasons: string[] }>(rows: readonly T[]): Record<string, unknown>[] {
  return rows.map((x) => ({ ...x, reasons: x.reasons.join(' / ') }));
}

/**
 * Writes a match result: json (the documented document), csv (the first section: the
 * proposals), xlsx (one sheet per section; `numeric` columns as numbers, the rest text),
 * or a table per section, the first always and the others when they have rows.
 */
export async function writeMatchResult(ctx: CommandContext, o: {
  flags: MatchOutputFlags;
  asOf: string;
  json: () => unknown;
  sections: [MatchSection, ...MatchSection[]];
  numeric: ReadonlySet<string>;
  /** File mode of --out: 0o600 when the result is about people (volunteer matches). */
  mode?: number;
}): Promise<void> {
  const { flags, sections } = o;
  const format: MatchFormat = ctx.json ? 'json' : flags.format;
  if (format === 'xlsx') {
    // exceljs is heavy to load: only when a workbook is asked for.
    const { writeXlsx } = await import('../io/xlsx.js');
    await writeXlsx(flags.out!, sections.map((s) => ({
      name: s.title.ja,
      rows: s.rows,
      columns: s.columns.map((c) => ({ ...c, type: o.numeric.has(c.key) ? 'number' as const : 'text' as const, width: c.key === 'reasons' ? 80 : 14 })),
    })), { force: flags.force ?? false, mode: o.mode });
    return;
  }
  let text: string;
  if (format === 'json') text = formatJson(o.json());
  else if (format === 'csv') text = renderRows(sections[0].rows, sections[0].columns, 'csv');
  else {
    text = sections.map((s, i) => {
      if (i > 0 && s.rows.length === 0) return '';
      const title = i === 0 ? `${ctx.say(s.title)} (${o.asOf})` : ctx.say(s.title);
      return `${title}\n${renderRows(s.rows, s.columns, 'table', { maxCellWidth: s.maxCellWidth ?? 70 })}`;
    }).join('');
  }
  if (flags.out) writeFileAtomic(flags.out, text, { force: flags.force ?? false, mode: o.mode });
  else ctx.io.stdout.write(text);
}
