import type { RosterKind } from '../kind.js';

export type FormatName = 'native' | 'houjin' | 'opendata' | 'npo-portal';
export const FORMAT_NAMES: readonly FormatName[] = ['native', 'houjin', 'opendata', 'npo-portal'];

/** What an external format may ask of the database while it maps rows, and how the run was asked to read it. */
export interface FormatContext {
  orgIdByCorporateNumber(corporateNumber: string): string | undefined;
  /** `--all-kinds`: take every corporation of a 法人番号 file, not only non-profit legal forms. */
  allKinds?: boolean;
}

/**
 * Why a row of an external file is deliberately not imported (not an error):
 * an older history row of the same corporation, or (法人番号 files) a corporation
 * whose legal form is not a non-profit one and that the roster does not hold.
 */
export type SkipReason = 'superseded' | 'not_nonprofit';
export interface SkipRow {
  skip: SkipReason;
}

/**
 * External formats (houjin, npo-portal, opendata) change only the fields they carry with
 * a value: an empty cell keeps what is stored (the center's own data is never blanked by a
 * source that simply does not know it). In the native format an empty cell of a present
 * column clears the field: that file is the center's own roster.
 */
export function keepsStoredWhenEmpty(format: FormatName): boolean {
  return format !== 'native';
}

/** An external format prepared for one file: rows become rows of the kind's own columns. */
export interface RowAdapter {
  /** Column names (kyodo's English names) of the rows `transform` returns. */
  header: string[];
  /** The file's own header (or the standard one for headerless files), for the rejects file. */
  sourceHeader: string[];
  /** File columns the format does not use (reported once, kept in the history). */
  unknown: string[];
  transform(fields: string[]): string[] | SkipRow;
}

export interface FormatAdapter {
  name: FormatName;
  kinds: readonly RosterKind[];
  /** The file has no header row (法人番号 bulk files). */
  headerless: boolean;
  prepare(fileHeader: string[] | undefined, ctx: FormatContext, file: string): RowAdapter;
}
