/** The audit record of an import of applications, scores or evaluations (officials' actions, refused scores included). */
import type { Db } from '../db/open.js';
import { recordAudit } from '../privacy/audit.js';
import type { ImportResult } from '../roster/import.js';

export const SELECTION_KINDS: ReadonlySet<string> = new Set(['applications', 'scores', 'evaluations']);

/** Appends one audit entry for a finished selection import; refused rows (conflicts of interest first) are listed by line and code. */
export function auditSelectionImport(db: Db, r: ImportResult, fileSha256: string | null, operator: string, now: Date): number | undefined {
  if (!SELECTION_KINDS.has(r.kind) || r.dry_run || r.rolled_back) return undefined;
  const refused = r.rejects.map((x) => ({ line: x.line, code: x.code, column: x.column, value: x.value }));
  return recordAudit(db, now, operator, {
    action: `selection_import_${r.kind}`, file: r.file, fileSha256,
    detail: JSON.stringify({ run_id: r.run_id, rows: r.rows, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected,
      conflicts_refused: refused.filter((x) => x.code === 'conflict_of_interest').length, refused }),
  });
}
