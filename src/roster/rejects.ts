import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { toCsv } from '../io/csv-out.js';
import { writeFileAtomic } from '../io/atomic-write.js';

export interface RejectRow {
  fields: string[];
  line: number;
  column: string | null;
  code: string;
  reason: string;
}

/**
 * The rejects file: the original columns plus line, column, code, reason, so
 * staff can fix the rows and re-import the file as it is. It holds personal
 * data, so it is written with mode 0600. A path the user named (`--rejects`) is
 * replaced night after night; a default name never replaces an existing file.
 */
export function writeRejectsFile(path: string, sourceHeader: string[], rows: RejectRow[], opts: { replace: boolean } = { replace: true }): void {
  const header = [...sourceHeader, 'line', 'column', 'code', 'reason'];
  const body = rows.map((r) => {
    const cells: (string | number)[] = sourceHeader.map((_, i) => r.fields[i] ?? '');
    // Extra cells of a ragged row are kept too, so nothing the file held is lost.
    for (let i = sourceHeader.length; i < r.fields.length; i++) cells[cells.length - 1] = `${cells[cells.length - 1]},${r.fields[i]}`;
    cells.push(r.line, r.column ?? '', r.code, r.reason);
    return cells;
  });
  writeFileAtomic(path, toCsv(body, { header }), { force: opts.replace, mode: 0o600 });
}

/**
 * `<database name>-import-<run>-rejects.csv` beside the database (`…-dry-run-<time>-…` for a
 * dry run): two databases in one folder never share a name, and an existing file is never
 * replaced (a restored backup reuses run numbers) — the next free `-2`, `-3`… is taken.
 */
export function defaultRejectsPath(dbPath: string, runId: number | null, startedAt: string): string {
  const dir = dbPath === ':memory:' ? resolve('.') : dirname(resolve(dbPath));
  const stem = rejectsStem(dbPath);
  const run = runId === null ? `dry-run-${startedAt.replace(/[-:]/g, '').replace(/\..*$/, '')}` : String(runId);
  const base = join(dir, `${stem}-import-${run}-rejects`);
  let path = `${base}.csv`;
  for (let i = 2; existsSync(path); i++) path = `${base}-${i}.csv`;
  return path;
}

function rejectsStem(dbPath: string): string {
  return dbPath === ':memory:' ? 'kyodo' : basename(dbPath).replace(/\.db$/i, '');
}

/** Whether a file name in the database's folder is one of its default rejects files (any run, dry runs too). */
export function isDefaultRejectsName(dbPath: string, name: string): boolean {
  const stem = rejectsStem(dbPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${stem}-import-(\\d+|dry-run-\\d{8}T\\d{6})-rejects(-\\d+)?\\.csv$`).test(name);
}
