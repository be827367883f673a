import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';
import { KyodoError, msg, type Msg } from '../errors.js';

/**
 * The import history (`kyodo imports`) holds every run: done, rolled back (--strict),
 * failed, cancelled (Ctrl-C) and interrupted (the process died). An import holds its rows
 * in one transaction, so a killed import leaves no trace in the database; to still tell
 * staff that last night's run never finished, each run leaves a marker file beside the
 * database while it works. The next import records a stale marker as interrupted, unless
 * the run committed before it died (its token is in the history), and `kyodo imports`
 * shows stale markers without writing. A failure the database could not take (locked,
 * disk full) is left as a marker with its reason, recorded the same way.
 */
export interface RunMarker {
  token: string;
  pid: number;
  host: string;
  started_at: string;
  kind: string;
  file: string;
  format: string;
  /** Set when the run failed and the database could not record it then. */
  failed?: { status: FailedStatus; code: string; note: Msg };
}

export type FailedStatus = 'failed' | 'cancelled';

/** What a run was asked to do, for its history entry. */
export interface RunStart {
  kind: string;
  file: string;
  format: string;
  started_at: string;
  encoding?: string | null;
  full?: boolean;
  strict?: boolean;
}

const MARKER_SUFFIX = '.running';
/** The marker of kyodo versions before per-run markers. */
const LEGACY_MARKER = '.import-running';

function markerPrefix(dbPath: string): string {
  return `${basename(dbPath)}.import-`;
}

function markerFile(dbPath: string, token: string): string {
  return join(dirname(dbPath), `${markerPrefix(dbPath)}${token}${MARKER_SUFFIX}`);
}

/** Writes the marker of a run that starts now; returns it (its token goes into the run's history row). */
export function startRunMarker(dbPath: string, run: Pick<RunMarker, 'started_at' | 'kind' | 'file' | 'format'>): RunMarker {
  const marker = newMarker(run);
  if (dbPath !== ':memory:') writeMarkerFile(dbPath, marker);
  return marker;
}

/** A marker of this process for a run (its token is new). */
function newMarker(run: Pick<RunMarker, 'started_at' | 'kind' | 'file' | 'format'>): RunMarker {
  return { token: `${process.pid}-${randomBytes(6).toString('hex')}`, pid: process.pid, host: hostname(),
    started_at: run.started_at, kind: run.kind, file: run.file, format: run.format };
}

function writeMarkerFile(dbPath: string, marker: RunMarker): void {
  writeFileSync(markerFile(dbPath, marker.token), JSON.stringify(marker), { mode: 0o600 });
}

/** Removes a run's marker (the run is in the history, or left nothing to record). */
export function endRunMarker(dbPath: string, marker: RunMarker): void {
  if (dbPath !== ':memory:') rmSync(markerFile(dbPath, marker.token), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface FoundMarker {
  path: string;
  marker: RunMarker;
  /** Its process still runs (on this host): not stale. */
  running: boolean;
}

/** The marker files beside a database (read only). */
function findMarkers(dbPath: string): FoundMarker[] {
  if (dbPath === ':memory:') return [];
  const dir = dirname(dbPath);
  const prefix = markerPrefix(dbPath);
  const legacy = `${basename(dbPath)}${LEGACY_MARKER}`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: FoundMarker[] = [];
  for (const name of names.sort()) {
    if (name !== legacy && !(name.startsWith(prefix) && name.endsWith(MARKER_SUFFIX))) continue;
    const path = join(dir, name);
    let marker: RunMarker;
    try {
      marker = JSON.parse(readFileSync(path, 'utf8')) as RunMarker;
    } catch {
      continue; // Half-written by a run killed while writing it: nothing to tell.
    }
    if (typeof marker.started_at !== 'string' || typeof marker.kind !== 'string') continue;
    marker.token ??= `legacy-${marker.pid}-${marker.started_at}`;
    const running = marker.failed === undefined && marker.host === hostname() && marker.pid !== process.pid && isAlive(marker.pid);
    found.push({ path, marker, running });
  }
  return found;
}

/**
 * Records the runs whose markers are stale: interrupted (the process died), or failed with
 * the reason kept in the marker. A marker whose run is in the history (it committed, then
 * the process died before removing it) is only removed. Inside the caller's write.
 */
export function recordPendingRuns(db: Db, dbPath: string): number[] {
  const stale = findMarkers(dbPath).filter((f) => !f.running);
  if (stale.length === 0) return [];
  const ids = writeTransaction(db, () => {
    const known = db.prepare('SELECT 1 FROM import_runs WHERE token = ?').pluck();
    const out: number[] = [];
    for (const { marker } of stale) {
      if (known.get(marker.token) !== undefined) continue;
      const note = marker.failed?.note ?? INTERRUPTED_NOTE;
      out.push(insertRun(db, { ...marker }, marker.failed?.status ?? 'interrupted', marker.failed?.code ?? null, note, marker.token));
    }
    return out;
  });
  for (const { path } of stale) rmSync(path, { force: true });
  return ids;
}

const INTERRUPTED_NOTE = msg('the process ended before the import finished; nothing from this run was stored',
  '取込が終わる前にプログラムが終了しました。この回の取込内容は何も保存されていません');

function insertRun(db: Db, run: RunStart, status: string, code: string | null, note: Msg, token: string | null): number {
  return Number(db.prepare(`INSERT INTO import_runs (kind, file, format, encoding, started_at, finished_at, status, full, strict, note, note_ja, error_code, token)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(run.kind, run.file, run.format, run.encoding ?? null, run.started_at,
    status === 'interrupted' ? null : new Date().toISOString(), status, run.full ? 1 : 0, run.strict ? 1 : 0, note.en, note.ja, code, token).lastInsertRowid);
}

/**
 * Puts a run that failed (or was cancelled) into the history after its rollback. When the
 * database cannot take the entry now (another program holds the lock, the disk is full),
 * it is left as a marker for the next import to record. Returns the run id when recorded.
 */
export function recordFailedRun(db: Db | undefined, dbPath: string, run: RunStart, status: FailedStatus, err: KyodoError): number | undefined {
  const note = err.msg;
  if (db?.open) {
    try {
      // Briefly: if another program holds the lock, the marker keeps the entry for the next run.
      const timeout = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma(`busy_timeout = ${Math.min(timeout, 2000)}`);
      try {
        return writeTransaction(db, () => insertRun(db, run, status, err.code, note, null));
      } finally {
        db.pragma(`busy_timeout = ${timeout}`);
      }
    } catch {
      // Fall through to the marker.
    }
  }
  if (dbPath === ':memory:') return undefined;
  try {
    writeMarkerFile(dbPath, { ...newMarker(run), failed: { status, code: err.code, note } });
  } catch {
    // The disk is full or the folder is read-only: the message on stderr is all that is left.
  }
  return undefined;
}

export interface ImportRunRow {
  /** null: a run not yet in the database (still running, or a marker the next import records). */
  run_id: number | null;
  kind: string;
  file: string;
  format: string;
  encoding: string | null;
  started_at: string;
  finished_at: string | null;
  status: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  retired: number;
  skipped: number;
  suppressed: number;
  rejects_file: string | null;
  error_code: string | null;
  note: string | null;
  note_ja: string | null;
}

/**
 * The import history, newest first: the database's runs and, first, the runs only their
 * markers know of (running now, or ended without a history entry yet). Reads only.
 */
export function listImportRuns(db: Db, limit: number, dbPath = ':memory:'): ImportRunRow[] {
  const stored = db.prepare(`SELECT run_id, kind, file, format, encoding, started_at, finished_at, status, rows, inserted, updated,
      unchanged, rejected, retired, skipped, suppressed, rejects_file, error_code, note, note_ja
    FROM import_runs ORDER BY run_id DESC LIMIT ?`).all(limit) as ImportRunRow[];
  const known = db.prepare('SELECT 1 FROM import_runs WHERE token = ?').pluck();
  const pending: ImportRunRow[] = findMarkers(dbPath)
    .filter((f) => known.get(f.marker.token) === undefined)
    .map(({ marker, running }) => {
      const note = running ? undefined : marker.failed?.note ?? INTERRUPTED_NOTE;
      return {
        run_id: null, kind: marker.kind, file: marker.file, format: marker.format, encoding: null, started_at: marker.started_at,
        finished_at: null, status: running ? 'running' : marker.failed?.status ?? 'interrupted', rows: 0, inserted: 0, updated: 0,
        unchanged: 0, rejected: 0, retired: 0, skipped: 0, suppressed: 0, rejects_file: null,
        error_code: marker.failed?.code ?? null, note: note?.en ?? null, note_ja: note?.ja ?? null,
      };
    })
    .sort((a, b) => b.started_at.localeCompare(a.started_at));
  return [...pending, ...stored].slice(0, limit);
}
