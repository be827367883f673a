import type { Msg } from '../errors.js';
import type { CellType, Personal, SqlValue } from './cells.js';
import type { SelectionLookups } from '../selection/lookups.js';

export type RosterKind = 'orgs' | 'volunteers' | 'facilities' | 'openings'
  | 'applications' | 'scores' | 'evaluations'
  | 'offers' | 'needs'
  | 'booking_requests' | 'bookings'
  | 'activities' | 'financials' | 'programs' | 'grants' | 'projects' | 'events' | 'indicators';
export const ROSTER_KINDS: readonly RosterKind[] = ['orgs', 'volunteers', 'facilities', 'openings',
  'applications', 'scores', 'evaluations',
  'offers', 'needs',
  'booking_requests', 'bookings',
  'activities', 'financials', 'programs', 'grants', 'projects', 'events', 'indicators'];

/** One column of a roster as rosters.md defines it. */
export interface ColumnSpec {
  /** English name (the JSON and `list` name, and the native header). */
  readonly name: string;
  /** Other header names accepted (Japanese, older open-data layouts…). */
  readonly aliases: readonly string[];
  readonly type: CellType;
  readonly required?: boolean;
  readonly personal?: Personal;
  /** Stored when the column is present but the cell is empty. */
  readonly emptyValue?: readonly SqlValue[];
}

/** A problem with one row, as it goes into the rejects file. */
export interface RowProblem {
  column: string | null;
  value: string | null;
  code: string;
  reason: Msg;
}

/** The database-side context a record check may consult (prepared lookups). */
export interface RecordContext {
  orgExists(orgId: string): boolean;
  /** Partner selection: frozen criteria of calls, applications, conflicts (kinds applications, scores, evaluations). */
  selection?: SelectionLookups;
  /** Yearly reports: does a subsidy program exist (kind grants)? Optional: without it the check is skipped. */
  programExists?(programId: string): boolean;
  /** Facilities: is this room of this facility stored (kind bookings)? Optional: without it the foreign key still refuses the row. */
  roomExists?(facilityId: string, room: string): boolean;
}

export interface KindSpec {
  readonly kind: RosterKind;
  readonly table: string;
  readonly label: Msg;
  /** Columns (spec names) forming the record key, in order. */
  readonly key: readonly string[];
  readonly columns: readonly ColumnSpec[];
  /** Stored columns no file fills but `list` and `show` display (a booking made by matching: `source`). */
  readonly shownColumns?: readonly string[];
  /** Header names of standard layouts that kyodo does not use on purpose: not reported as unknown. */
  readonly ignoredHeaders?: readonly string[];
  /** A column treated as present (with an empty cell) whenever one of `when` is in the file. */
  readonly implied?: readonly { column: string; when: readonly string[] }[];
  /**
   * Key from the normalised cells when it is not simply the key columns (facilities:
   * municipality code + source ID, or a stable hash of name and address).
   */
  deriveKey?(get: (column: string) => string | undefined): { ok: true; value: string[] } | ({ ok: false } & RowProblem);
  /**
   * A derived key taken by an earlier row of the same file: the key of this row if it is
   * another record all the same (facilities without IDs: the same name and address at
   * other coordinates), else undefined (a true duplicate).
   */
  distinctKey?(get: (column: string) => string | undefined): string[] | undefined;
  /** How messages name a record whose derived key people cannot read (facilities: name and address, never a hash). */
  describeKey?(get: (column: string) => string | undefined): string;
  /** Cross-column rules, run after every cell parsed. `values` is keyed by db column. */
  checkRecord?(values: Map<string, SqlValue>, ctx: RecordContext): RowProblem | undefined;
}

/** The database columns a spec column fills. */
export function dbColumnsOf(col: ColumnSpec): readonly string[] {
  return col.type.db ?? [col.name];
}
