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
