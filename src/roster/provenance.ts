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
  // A field changes get a row (migration 0009's trigger); one without was set when the record was created,
  // as far as kyodo knows: records created before it kept this may have changed untraced (null: unknown).
  const changedBy = db.prepare('SELECT run_id FROM field_sources WHERE table_name = ? AND record_key = ? AND field = ?').pluck();
  const createdBy = db.prepare(`SELECT created_run FROM "${spec.table}" WHERE ${spec.key.map((k) => `"${k}" = ?`).join(' AND ')}`).pluck();
  const since = Number(db.prepare(`SELECT value FROM meta WHERE key = 'field_sources_since_run'`).pluck().get() ?? 0);
  const run = db.prepare('SELECT format, file, coalesce(finished_at, started_at) AS at FROM import_runs WHERE run_id = ?');
  const out: FieldSource[] = [];
  for (const row of showRecord(db, kind, id)) {
    const key = spec.key.map((k) => String(row[k] ?? ''));
    const created = createdBy.get(...key) as number;
    for (const [field, value] of Object.entries(row)) {
      if (spec.key.includes(field) || field === 'status' && !spec.columns.some((c) => c.name === 'status')) continue;
      const empty = value === null || (Array.isArray(value) && value.length === 0);
      const runId = (changedBy.get(spec.table, key.join(KEY_SEPARATOR), field) as number | undefined) ?? (!empty && created > since ? created : null);
      // A field no source ever set says nothing: left out.
      if (runId === null && empty) continue;
      const r = runId === null ? undefined : run.get(runId) as { format: string | null; file: string | null; at: string | null } | undefined;
      out.push({ record: key.filter(Boolean).join(' '), field, value, run_id: runId, format: r?.format ?? null, file: r?.file ?? null, at: r?.at ?? null });
    }
  }
  return out;
}
