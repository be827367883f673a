import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Db } from '../db/open.js';
import { writeTransaction } from '../db/open.js';

/**
 * An import holds its rows in one transaction, so a killed import leaves no
 * trace in the database. To still tell staff that last night's run never
 * finished, the run leaves a marker file beside the database while it works;
 * the next import (or `kyodo imports`) turns a stale marker into an
 * "interrupted" history entry.
 */
export interface RunMarker {
  pid: number;
  host: string;
  started_at: string;
  kind: string;
  file: string;
  format: string;
}

export function markerPath(dbPath: string): string {
  return `${dbPath}.import-running`;
}

export function writeMarker(dbPath: string, marker: Omit<RunMarker, 'pid' | 'host'>): void {
  if (dbPath === ':memory:') return;
  writeFileSync(markerPath(dbPath), JSON.stringify({ pid: process.pid, host: hostname(), ...marker }), { mode: 0o600 });
}

export function removeMarker(dbPath: string): void {
  if (dbPath === ':memory:') return;
  rmSync(markerPath(dbPath), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Records a run that never finished (its process is gone) as interrupted; returns its run id. */
export function recordInterruptedRuns(db: Db, dbPath: string): number | undefined {
  if (dbPath === ':memory:') return undefined;
  const path = markerPath(dbPath);
  if (!existsSync(path)) return undefined;
  let marker: RunMarker;
  try {
    marker = JSON.parse(readFileSync(path, 'utf8')) as RunMarker;
  } catch {
    rmSync(path, { force: true });
    return undefined;
  }
  if (marker.host === hostname() && marker.pid !== process.pid && isAlive(marker.pid)) return undefined;
  const runId = writeTransaction(db, () => {
    const info = db.prepare(`INSERT INTO import_runs (kind, file, format, started_at, status, note)
      VALUES (?, ?, ?, ?, 'interrupted', ?)`).run(marker.kind, marker.file, marker.format, marker.started_at,
      'the process ended before the import finished; nothing from this run was stored');
    return Number(info.lastInsertRowid);
  });
  rmSync(path, { force: true });
  return runId;
}

export interface ImportRunRow {
  run_id: number;
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
  note: string | null;
}

/** The import history, newest first. */
export function listImportRuns(db: Db, limit: number): ImportRunRow[] {
  return db.prepare(`SELECT run_id, kind, file, format, encoding, started_at, finished_at, status, rows, inserted, updated,
      unchanged, rejected, retired, skipped, suppressed, rejects_file, note
    FROM import_runs ORDER BY run_id DESC LIMIT ?`).all(limit) as ImportRunRow[];
}
