import type { Db } from '../db/open.js';
import { importRoster, type ImportResult } from './import.js';
import type { RosterKind } from './kind.js';

/** The sample rosters of a fictional ward, in dependency order (openings need their organizations). */
export const SAMPLE_FILES: { kind: RosterKind; file: string }[] = [
  { kind: 'orgs', file: 'orgs.csv' },
  { kind: 'volunteers', file: 'volunteers.csv' },
  { kind: 'facilities', file: 'facilities.csv' },
  { kind: 'openings', file: 'openings.csv' },
  { kind: 'offers', file: 'offers.csv' },
  { kind: 'needs', file: 'needs.csv' },
  { kind: 'booking_requests', file: 'booking_requests.csv' },
  { kind: 'bookings', file: 'bookings.csv' },
];

export function sampleDir(): string {
  return new URL('../../data/sample/', import.meta.url).pathname;
}

/** Imports data/sample into the database (kyodo init --demo). */
export async function loadSampleRosters(db: Db, dbPath: string, lang: 'en' | 'ja'): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const { kind, file } of SAMPLE_FILES) {
    results.push(await importRoster(db, {
      kind, file: `${sampleDir()}${file}`, format: 'native', encoding: 'auto', full: false, strict: false, dryRun: false, dbPath,
    }, lang));
  }
  return results;
}
