/**
 * Where an erased person's cells are kept outside the roster: the rejected rows of earlier imports, in
 * the database (`import_rejects.raw`) and in the rejects CSV files written next to it. A row belongs to
 * the person when its volunteer-ID cell is their ID in any spelling the import reads as the same.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Db } from '../db/open.js';
import { isDefaultRejectsName } from '../roster/rejects.js';
import { KyodoError, msg, type Msg } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { toCsv } from '../io/csv-out.js';
import { parseCsvText } from '../csv/reader.js';
import { normalizeHeader, REJECT_COLUMNS } from '../roster/headers.js';
import { KIND_SPECS } from '../roster/specs.js';
import { canonicalKey } from './suppression.js';

/** Import kinds whose rows name a volunteer (volunteers, activity records), with the header names of that column. */
const VOLUNTEER_ID_HEADERS: Map<string, Set<string>> = new Map(
  Object.entries(KIND_SPECS).flatMap(([kind, spec]) => {
    const col = spec.columns.find((c) => c.name === 'volunteer_id');
    return col ? [[kind, new Set([col.name, ...col.aliases].map(normalizeHeader))] as const] : [];
  }),
);

const KINDS_NAMING_VOLUNTEERS: readonly string[] = [...VOLUNTEER_ID_HEADERS.keys()];

/**
 * Index of the volunteer-ID column in a file's header: the column the run's mapping sent to
 * `volunteer_id`, else the one named like it (for a file of unknown kind, by any kind's names); -1 if none.
 */
export function volunteerIdColumn(header: readonly string[], kind?: string, mapping?: Record<string, string> | null): number {
  if (mapping) {
    const i = header.findIndex((h) => mapping[h.trim()] === 'volunteer_id');
    if (i >= 0) return i;
  }
  const names = kind !== undefined ? [VOLUNTEER_ID_HEADERS.get(kind) ?? new Set<string>()] : [...VOLUNTEER_ID_HEADERS.values()];
  return header.findIndex((h) => names.some((n) => n.has(normalizeHeader(h))));
}

/** A cell as the person's ID would be compared (a rejects file may have put `'` before a formula-like cell). */
function holdsKey(cell: string | undefined, canonical: string): boolean {
  if (cell === undefined || cell === '') return false;
  return canonicalKey(cell) === canonical || (cell.startsWith("'") && canonicalKey(cell.slice(1)) === canonical);
}

interface RunInfo {
  run_id: number;
  kind: string;
  header: string | null;
  mapping: string | null;
  rejects_file: string | null;
}

/** Runs of the kinds that name volunteers, with what is needed to find the ID column of their rows. */
function runsNamingVolunteers(db: Db): RunInfo[] {
  const kinds = KINDS_NAMING_VOLUNTEERS;
  return db.prepare(`SELECT run_id, kind, header, mapping, rejects_file FROM import_runs WHERE kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY run_id`)
    .all(...kinds) as RunInfo[];
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** The stored rejected rows (run, seq) whose volunteer-ID cell is `key`. */
export function findRejectedRows(db: Db, key: string): { run_id: number; seq: number }[] {
  const canonical = canonicalKey(key);
  const rows = db.prepare('SELECT seq, raw FROM import_rejects WHERE run_id = ?');
  const found: { run_id: number; seq: number }[] = [];
  for (const run of runsNamingVolunteers(db)) {
    const header = parseJson<string[]>(run.header);
    const idx = header ? volunteerIdColumn(header, run.kind, parseJson<Record<string, string>>(run.mapping)) : -1;
    for (const r of rows.iterate(run.run_id) as Iterable<{ seq: number; raw: string }>) {
      const cells = parseJson<string[]>(r.raw) ?? [];
      // Without a known ID column (a volunteers file read without its header), any cell that is the ID counts.
      const hit = idx >= 0 ? holdsKey(cells[idx], canonical) : run.kind === 'volunteers' && cells.some((c) => holdsKey(c, canonical));
      if (hit) found.push({ run_id: run.run_id, seq: r.seq });
    }
  }
  return found;
}

/** What a rejects file holds of the person, and what became of it. */
export interface RejectsFileOutcome {
  file: string;
  /** Rows of the person in the file. */
  rows: number;
  /** rewritten: the file now lacks those rows; manual: it could not be rewritten (`reason`), staff must delete or edit it. */
  status: 'found' | 'rewritten' | 'manual';
  reason?: Msg;
}

/** The rejects files that may hold volunteers' rows: those the import history names, and kyodo's own names next to the database. */
export function rejectsFileCandidates(db: Db, dbPath: string): { file: string; kind?: string; mapping?: Record<string, string> | null }[] {
  const seen = new Map<string, { file: string; kind?: string; mapping?: Record<string, string> | null }>();
  for (const run of runsNamingVolunteers(db)) {
    if (run.rejects_file) seen.set(resolve(run.rejects_file), { file: resolve(run.rejects_file), kind: run.kind, mapping: parseJson(run.mapping) });
  }
  // Dry runs and runs rolled back by --strict wrote a rejects file that the history does not keep.
  if (dbPath !== ':memory:') {
    const dir = dirname(resolve(dbPath));
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // An unreadable directory: only the files the history names are checked.
    }
    for (const name of names) {
      if (!isDefaultRejectsName(dbPath, name)) continue;
      const file = join(dir, name);
      if (!seen.has(file)) seen.set(file, { file });
    }
  }
  return [...seen.values()];
}

const NOT_CSV = msg('it is not valid CSV', 'CSV として読めません');

interface ParsedFile {
  header: string[];
  records: string[][];
  bom: boolean;
  /** False for a file saved again as Shift_JIS (kyodo writes UTF-8 only). */
  utf8: boolean;
}

/** Reads a rejects file as kyodo wrote it (UTF-8 CSV); a reason string when that is not possible. */
function readRejectsFile(file: string): ParsedFile | Msg | undefined {
  let bytes: Buffer;
  try {
    const st = lstatSync(file);
    if (!st.isFile()) return msg('it is not a regular file', '通常のファイルではありません');
    bytes = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // deleted already: nothing to do
    return msg(`it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, `読み込めません（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Saved again by Excel as Shift_JIS: kyodo cannot write it back in that encoding.
    try {
      text = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    } catch {
      return msg('it is neither UTF-8 nor Shift_JIS text', 'UTF-8 と Shift_JIS のどちらの文字コードとしても読めません');
    }
    return parsed(text, false, false) ?? NOT_CSV;
  }
  return parsed(text, text.startsWith('\uFEFF'), true) ?? NOT_CSV;
}

function parsed(text: string, bom: boolean, utf8: boolean): ParsedFile | undefined {
  try {
    const recs = parseCsvText(text);
    if (recs.length === 0 || recs.some((r) => r.error)) return undefined;
    return { header: recs[0]!.fields, records: recs.slice(1).map((r) => r.fields), bom, utf8 };
  } catch {
    return undefined;
  }
}

/** The rows of `key` in one rejects file (none: undefined); with `rewrite`, writes the file again without them. */
export function eraseFromRejectsFile(c: { file: string; kind?: string; mapping?: Record<string, string> | null }, key: string, rewrite: boolean): RejectsFileOutcome | undefined {
  const canonical = canonicalKey(key);
  const f = readRejectsFile(c.file);
  if (f === undefined) return undefined;
  if (!('records' in f)) {
    // Unreadable: whether it holds the person is unknown (every candidate is a rejects file of this database's runs).
    return { file: c.file, rows: 0, status: 'manual', reason: f };
  }
  const tail = f.header.length >= 4 && REJECT_COLUMNS.every((name, i) => normalizeHeader(f.header[f.header.length - 4 + i]!) === name) ? 4 : 0;
  const source = f.header.slice(0, f.header.length - tail);
  const idx = volunteerIdColumn(source, c.kind, c.mapping);
  if (idx < 0) return undefined;
  const kept = f.records.filter((r) => !holdsKey(r[idx], canonical));
  const rows = f.records.length - kept.length;
  if (rows === 0) return undefined;
  if (!rewrite) return { file: c.file, rows, status: 'found' };
  if (!f.utf8) return { file: c.file, rows, status: 'manual', reason: msg('it was saved again in Shift_JIS, which kyodo does not write', 'Shift_JIS で保存し直されているため書き換えられません') };
  try {
    writeFileAtomic(c.file, toCsv(kept, { header: f.header, bom: f.bom }), { force: true, mode: 0o600 });
  } catch (err) {
    return { file: c.file, rows, status: 'manual', reason: err instanceof KyodoError ? err.msg : msg((err as Error).message, (err as Error).message) };
  }
  return { file: c.file, rows, status: 'rewritten' };
}
