import { Option, type Command } from 'commander';
import { UsageError, msg } from '../../errors.js';
import { assertWritable } from '../../io/atomic-write.js';
import { japanDate } from '../../jp/calendar.js';
import { anonymousSince, erasedError } from '../../privacy/forget.js';
import { maskForScreen } from '../../privacy/personal-output.js';
import { suppressedAt } from '../../privacy/suppression.js';
import { ROSTER_KINDS, type RosterKind } from '../../roster/kind.js';
import { listRecords, outputColumns, parseWhere, showRecord } from '../../roster/query.js';
import { createContext, type CommandContext } from '../context.js';
import { parsePositive } from '../options.js';
import { fieldSources } from '../../roster/provenance.js';
import { formatJson, renderRows, type Io } from '../output.js';
import type { RunState } from '../program.js';
import { addRosterOutputOptions, mustRecord, recordIdOf, writeRosterOutput, type RosterOutputFlags } from '../roster-output.js';

/** The columns a person wants to see in a terminal table; json and csv carry all of them. */
const TABLE_COLUMNS: Record<RosterKind, string[]> = {
  orgs: ['org_id', 'name', 'legal_form', 'fields', 'last_report_fy', 'status'],
  volunteers: ['volunteer_id', 'name', 'phone', 'skills', 'availability', 'max_assignments', 'consent_share', 'status'],
  facilities: ['facility_id', 'room', 'name', 'capacity', 'fee_per_hour', 'open_days', 'status'],
  openings: ['opening_id', 'org_id', 'title', 'kind', 'required_skills', 'slots', 'status'],
  applications: ['call_id', 'org_id', 'title', 'budget', 'status'],
  scores: ['call_id', 'reviewer', 'org_id', 'item', 'score', 'status'],
  evaluations: ['project_id', 'org_id', 'side', 'item', 'score', 'status'],
  offers: ['offer_id', 'donor_kind', 'category', 'item', 'quantity', 'unit', 'available_until', 'status'],
  needs: ['request_id', 'org_id', 'category', 'item', 'quantity', 'unit', 'needed_by', 'urgency', 'status'],
  booking_requests: ['request_id', 'org_id', 'date', 'start_time', 'end_time', 'headcount', 'equipment', 'max_fee', 'status'],
  bookings: ['facility_id', 'room', 'date', 'start_time', 'end_time', 'request_id', 'status'],
  activities: ['activity_id', 'org_id', 'volunteer_id', 'date', 'hours', 'participants', 'status'],
  financials: ['org_id', 'fy', 'income_total', 'donations', 'business_income', 'status'],
  programs: ['program_id', 'name', 'department', 'start_fy', 'years', 'end_fy', 'annual_budget', 'status'],
  grants: ['grant_id', 'program_id', 'org_id', 'fy', 'amount', 'kpi_target', 'kpi_actual', 'status'],
  projects: ['project_id', 'fy', 'title', 'method', 'org_ids', 'budget', 'status'],
  events: ['event_id', 'date', 'kind', 'org_id', 'participants', 'status'],
  indicators: ['indicator_id', 'fy', 'value', 'source', 'status'],
};

type Format = 'table' | 'csv' | 'json';

export function registerList(program: Command, io: Io, _state: RunState): void {
  const cmd = program
    .command('list')
    .description('list stored records (retired and dissolved ones too, each with its status); volunteers: contact columns masked in a table unless --reveal, and every CSV, JSON or file of them is recorded (kyodo audit)')
    .addArgument(program.createArgument('<kind>', 'what to list').choices(ROSTER_KINDS))
    .option('--where <condition>', 'COLUMN=VALUE (also !=, <, <=, >, >=, ~ contains); repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--limit <n>', 'at most N records', parsePositive)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'));
  addRosterOutputOptions(cmd)
    .addHelpText('after', `
Examples:
  kyodo list volunteers --where status=active --where skills~手話
  kyodo list volunteers --where skills~手話 --reveal        # phone numbers shown; recorded
  kyodo --json list orgs --limit 10
  kyodo list openings --format csv > openings.csv
  kyodo list volunteers --format csv --out 名簿.csv         # mode 0600; recorded`)
    .action((kind: RosterKind, flags: { where: string[]; limit?: number; format: Format } & RosterOutputFlags, cmd: Command) => {
      const ctx = createContext(io, cmd);
      const format: Format = ctx.json ? 'json' : flags.format;
      if (flags.out) assertWritable(flags.out, { force: flags.force ?? false });
      const record = mustRecord(kind, format, flags);
      const db = ctx.openDb(record ? 'write' : 'read');
      const rows = listRecords(db, kind, flags.where.map((w) => parseWhere(kind, w)), flags.limit);
      const keys = format === 'table' ? TABLE_COLUMNS[kind] : outputColumns(kind);
      const shown = format === 'table' && !flags.reveal ? rows.map((r) => maskForScreen(kind, r)) : rows;
      const text = format === 'json' ? formatJson({ kind, rows }) : renderRows(shown, keys.map((key) => ({ key })), format, { color: false });
      writeRosterOutput(ctx, record ? db : undefined, text, flags, { kind, command: 'list', format, ids: rows.map((r) => recordIdOf(kind, r)), items: keys });
      if (format === 'table' && !flags.out) ctx.note(msg(`${rows.length} ${kind}`, `${rows.length} 件`));
    });
}

export function registerShow(program: Command, io: Io, _state: RunState): void {
  const cmd = program
    .command('show')
    .description('show one record with all its fields; volunteers: contact columns masked unless --reveal, JSON and files recorded (kyodo audit); an erased person\'s ID says when they were erased')
    .addArgument(program.createArgument('<kind>', 'what to show').choices(ROSTER_KINDS))
    .argument('<id>', 'its ID (facilities: the facility ID, all rooms)')
    .option('--sources', 'orgs, facilities: which import (run, format, file) last set each field');
  addRosterOutputOptions(cmd)
    .addHelpText('after', `
Examples:
  kyodo show orgs N001
  kyodo show orgs N001 --sources     # where each value came from (center roster, 法人番号, NPO portal…)
  kyodo show volunteers V0042 --reveal
  kyodo --json show volunteers V0042`)
    .action((kind: RosterKind, id: string, flags: RosterOutputFlags & { sources?: boolean }, cmd: Command) => {
      const ctx = createContext(io, cmd);
      if (flags.sources) return showSources(ctx, kind, id);
      const format: Format = ctx.json ? 'json' : 'table';
      if (flags.out) assertWritable(flags.out, { force: flags.force ?? false });
      const record = mustRecord(kind, format, flags);
      const db = ctx.openDb(record ? 'write' : 'read');
      const rows = showRecord(db, kind, id);
      if (rows.length === 0) {
        const erasedAt = kind === 'volunteers' ? suppressedAt(db, 'volunteers', id) : undefined;
        if (erasedAt) throw erasedError(id, erasedAt);
        throw notFound(kind, id);
      }
      // The anonymous record of an erased person holds nothing personal: it is shown as it is, with the date of the erasure.
      const erasedAt = kind === 'volunteers' && rows[0]!.status === 'erased' ? anonymousSince(db, id) : undefined;
      let text: string;
      if (format === 'json') {
        text = formatJson(kind === 'facilities' ? { kind, rows } : { kind, record: rows[0], ...(erasedAt !== undefined ? { erased_at: erasedAt } : {}) });
      } else {
        text = rows.map((row) => renderRows(Object.entries(flags.reveal ? row : maskForScreen(kind, row)).map(([field, value]) => ({ field, value: Array.isArray(value) ? value.join(';') : value })),
          [{ key: 'field' }, { key: 'value' }], 'table', { color: false })).join('');
      }
      writeRosterOutput(ctx, record && erasedAt === undefined ? db : undefined, text, flags, { kind, command: 'show', format, ids: [id], items: Object.keys(rows[0]!) });
      if (erasedAt !== undefined) {
        ctx.note(msg(`${id} is the anonymous record of a person erased${erasedAt ? ` on ${japanDate(erasedAt)}` : ''}: only counts are kept`,
          `${id} は${erasedAt ? ` ${japanDate(erasedAt)} に` : ''}消去した人の匿名の記録です（件数のみ残しています）`));
      }
    });
}

/** `show KIND ID --sources`: each field, its value, and the run that last set it. */
function showSources(ctx: CommandContext, kind: RosterKind, id: string): void {
  const rows = fieldSources(ctx.openDb('read'), kind, id);
  if (rows.length === 0) throw notFound(kind, id);
  if (ctx.json) return void ctx.io.stdout.write(formatJson({ kind, id, sources: rows }));
  const ja = ctx.lang === 'ja';
  ctx.io.stdout.write(renderRows(rows.map((r) => ({ ...r, value: Array.isArray(r.value) ? r.value.join(';') : r.value, run_id: r.run_id ?? '-' })), [
    ...(kind === 'facilities' ? [{ key: 'record', label: ja ? '施設・部屋' : 'record' }] : []),
    { key: 'field', label: ja ? '項目' : 'field' }, { key: 'value', label: ja ? '値' : 'value' }, { key: 'run_id', label: ja ? '取込' : 'run' },
    { key: 'format', label: ja ? '形式' : 'format' }, { key: 'file', label: ja ? 'ファイル' : 'file' }, { key: 'at', label: ja ? '日時' : 'at' },
  ], 'table', { color: false }));
}

function notFound(kind: RosterKind, id: string): UsageError {
  return new UsageError('not_found', msg(`no ${kind} record with ID ${id}`, `ID ${id} の ${kind} はありません`), {
    hint: msg(`see \`kyodo list ${kind}\``, `\`kyodo list ${kind}\` で確認してください`),
  });
}
