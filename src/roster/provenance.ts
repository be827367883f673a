import type { Db } from '../db/open.js';
import { UsageError, msg } from '../errors.js';
import type { RosterKind } from './kind.js';
import { KIND_SPECS } from './specs.js';
import { showRecord } from './query.js';
import { KEY_SEPARATOR } from './store.js';

/** Kinds whose fields keep the run that last set them (migration 0009): the ones several sources feed. */
export const PROVENANCE_KINDS: readonly RosterKind[] = ['orgs', 'facilities'];

/** One field of a record and where its value came from. */
export interface FieldSource {
  /** The record's key parts joined by a space (facilities: facility and room). */
  record: string;
  field: string;
  value: unknown;
  /** The run that last set the field; null for values stored before kyodo kept this. */
  run_id: number | null;
  format: string | null;
  file: string | null;
  at: string | null;
}

/** `show KIND ID --sources`: every field of the record with the run, format and file that last set it. */
export function fieldSources(db: Db, kind: RosterKind, id: string): FieldSource[] {
  if (!PROVENANCE_KINDS.includes(kind)) {
    throw new UsageError('no_sources', msg(`--sources is kept for ${PROVENANCE_KINDS.join(' and ')} (the kinds several sources feed), not ${kind}`,
      `--sources は ${PROVENANCE_KINDS.join('・')}（複数の出典から取り込む種類）だけに記録しています（${kind} にはありません）`));
  }
  const spec = KIND_SPECS[kind];
  const source = db.prepare(`SELECT s.run_id, r.format, r.file, coalesce(r.finished_at, r.started_at) AS at
    FROM field_sources s LEFT JOIN import_runs r ON r.run_id = s.run_id
    WHERE s.table_name = ? AND s.record_key = ? AND s.field = ?`);
  const out: FieldSource[] = [];
  for (const row of showRecord(db, kind, id)) {
    const key = spec.key.map((k) => String(row[k] ?? ''));
    for (const [field, value] of Object.entries(row)) {
      if (spec.key.includes(field) || field === 'status' && !spec.columns.some((c) => c.name === 'status')) continue;
      const s = source.get(spec.table, key.join(KEY_SEPARATOR), field) as { run_id: number; format: string | null; file: string | null; at: string | null } | undefined;
      // A field no source ever set says nothing: left out.
      if (!s && (value === null || (Array.isArray(value) && value.length === 0))) continue;
      out.push({ record: key.filter(Boolean).join(' '), field, value, run_id: s?.run_id ?? null, format: s?.format ?? null, file: s?.file ?? null, at: s?.at ?? null });
    }
  }
  return out;
}
