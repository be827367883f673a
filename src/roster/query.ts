import type { Db } from '../db/open.js';
import { UsageError, msg } from '../errors.js';
import { dbColumnsOf, type RosterKind } from './kind.js';
import { KIND_SPECS } from './specs.js';

/** Columns stored as JSON arrays (returned as arrays) and as 0/1 (returned as booleans). */
const JSON_COLUMNS = new Set(['fields', 'interests', 'skills', 'required_skills', 'preferred_skills', 'availability', 'schedule', 'languages', 'equipment', 'open_days']);
const BOOL_COLUMNS = new Set(['religious_political', 'consent_share', 'remote']);

/** Output columns of a kind: the rosters.md names, in spec order, key first. */
export function outputColumns(kind: RosterKind): string[] {
  const spec = KIND_SPECS[kind];
  const names = [...spec.key];
  for (const c of spec.columns) {
    for (const d of dbColumnsOf(c)) if (!d.endsWith('_mask') && !names.includes(d)) names.push(d);
  }
  for (const c of spec.shownColumns ?? []) if (!names.includes(c)) names.push(c);
  if (!names.includes('status')) names.push('status');
  return names;
}

export interface WhereClause {
  column: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | '~';
  value: string;
}

/** Parses `--where column=value` (also !=, <, <=, >, >=, ~ for "contains"). */
export function parseWhere(kind: RosterKind, text: string): WhereClause {
  const m = /^\s*([a-z_]+)\s*(!=|<=|>=|=|<|>|~)\s*(.*)$/.exec(text);
  const columns = outputColumns(kind);
  if (!m || !columns.includes(m[1]!)) {
    throw new UsageError('invalid_where', msg(
      `--where "${text}": write COLUMN=VALUE (or !=, <, <=, >, >=, ~ for contains) with a column of ${kind}: ${columns.join(', ')}`,
      `--where "${text}": 「列名=値」の形で指定してください（!=, <, <=, >, >=, ~ も可）。${kind} の列: ${columns.join(', ')}`,
    ));
  }
  return { column: m[1]!, op: m[2] as WhereClause['op'], value: m[3]!.trim() };
}

function selectSql(kind: RosterKind): string {
  const spec = KIND_SPECS[kind];
  // Retirement (--full) shows as the status; facilities have no status of their own.
  const own = spec.columns.some((c) => c.name === 'status') ? 'status' : `'active'`;
  const cols = outputColumns(kind).map((c) => (c === 'status' ? `CASE WHEN retired_run IS NOT NULL THEN 'retired' ELSE ${own} END AS status` : `"${c}"`));
  return `SELECT ${cols.join(', ')} FROM "${spec.table}"`;
}

/** Every record of a kind (retired and dissolved included), ordered by key. */
export function listRecords(db: Db, kind: RosterKind, where: WhereClause[] = [], limit?: number): Record<string, unknown>[] {
  const spec = KIND_SPECS[kind];
  const conds = where.map((w) => (w.op === '~' ? `instr("${w.column}", ?) > 0` : `"${w.column}" ${w.op} ?`));
  const params: unknown[] = where.map((w) => (BOOL_COLUMNS.has(w.column) ? (/^(1|true|yes|はい)$/i.test(w.value) ? 1 : 0) : numericOrText(w.value)));
  let sql = `SELECT * FROM (${selectSql(kind)})${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ORDER BY ${spec.key.map((k) => `"${k}"`).join(', ')}`;
  if (limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(limit);
  }
  return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map(toOutput);
}

/** One record by ID (facilities: every room of the facility). */
export function showRecord(db: Db, kind: RosterKind, id: string): Record<string, unknown>[] {
  const spec = KIND_SPECS[kind];
  const rows = db.prepare(`SELECT * FROM (${selectSql(kind)}) WHERE "${spec.key[0]}" = ? ORDER BY ${spec.key.map((k) => `"${k}"`).join(', ')}`).all(id) as Record<string, unknown>[];
  return rows.map(toOutput);
}

function numericOrText(v: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(v) && !/^0\d/.test(v) ? Number(v) : v;
}

function toOutput(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (JSON_COLUMNS.has(k)) out[k] = typeof v === 'string' ? JSON.parse(v) : [];
    else if (BOOL_COLUMNS.has(k)) out[k] = v === null ? null : v === 1;
    else out[k] = v;
  }
  return out;
}
