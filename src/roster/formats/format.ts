import type { RosterKind } from '../kind.js';

export type FormatName = 'native' | 'houjin' | 'opendata' | 'npo-portal';
export const FORMAT_NAMES: readonly FormatName[] = ['native', 'houjin', 'opendata', 'npo-portal'];

/** What an external format may ask of the database while it maps rows. */
export interface FormatContext {
  orgIdByCorporateNumber(corporateNumber: string): string | undefined;
}

/** Why a row of an external file is deliberately not imported (not an error). */
export interface SkipRow {
  skip: 'superseded';
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
