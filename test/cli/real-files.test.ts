import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, kyodo, tempDir } from '../helpers/cli.js';

const real = (name: string) => join(FIXTURES, 'real', name);

describe('the real public files in test/fixtures/real', () => {
  let db: string;
  beforeEach(() => {
    db = join(tempDir(), 'kyodo.db');
  });

  it('法人番号 bulk file (no header), --all-kinds: every corporation by number, the closed one dissolved; a re-import changes nothing', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'orgs', real('31_tottori_test_20240329.csv'), '--format', 'houjin', '--all-kinds']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ format: 'houjin', encoding: 'utf-8', rows: 14, inserted: 14, rejected: 0 });
    const orgs = kyodo(['--db', db, '--json', 'list', 'orgs']).json().rows as Record<string, any>[];
    const court = orgs.find((o) => o.corporate_number === '1000013050238')!;
    expect(court).toMatchObject({ org_id: 'C1000013050238', name: '鳥取簡易裁判所', name_kana: 'トットリカンイサイバンショ', postal_code: '680-0011', status: 'active' });
    expect(court.address).toBe('鳥取県鳥取市東町2丁目223');
    expect(court.municipality_code).toBe('312011');
    const closed = orgs.find((o) => o.corporate_number === '1280001002413')!;
    expect(closed).toMatchObject({ status: 'dissolved', dissolved_on: '2018-01-05' });
    const again = kyodo(['--db', db, '--json', 'import', 'orgs', real('31_tottori_test_20240329.csv'), '--format', 'houjin', '--all-kinds']);
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 14 });
    // Without --all-kinds the same file only updates what the roster holds: here, all of it.
    expect(kyodo(['--db', db, '--json', 'import', 'orgs', real('31_tottori_test_20240329.csv'), '--format', 'houjin']).json())
      .toMatchObject({ unchanged: 14, skipped: 0 });
  });

  it('公共施設一覧, current layout (江東区): imported by header name', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'facilities', real('koto_public_toilet_current.csv'), '--format', 'opendata']);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out).toMatchObject({ rows: 191, inserted: 191, rejected: 0 });
    // The standard's own columns kyodo does not use are not "unknown"; the dataset's toilet counts are.
    expect(out.unknown_columns).not.toContain('地方公共団体名');
    expect(out.unknown_columns).toContain('男性トイレ総数');
    const rows = kyodo(['--db', db, '--json', 'list', 'facilities', '--limit', '3']).json().rows as Record<string, any>[];
    expect(rows[0]!.municipality_code).toBe('131083');
    expect(typeof rows[0]!.lat).toBe('number');
    const again = kyodo(['--db', db, '--json', 'import', 'facilities', real('koto_public_toilet_current.csv'), '--format', 'opendata']);
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: out.inserted });
  });

  it('公共施設一覧, old 推奨データセット layout (豊島区)', () => {
    const r = kyodo(['--db', db, '--json', 'import', 'facilities', real('toshima_public_toilet_old.csv'), '--format', 'opendata']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ rows: 6, inserted: 6 });
  });

  it('高松市 English-key layout: with the mapping file every column lands; both files coexist', () => {
    const mapping = real('takamatsu.mapping.yaml');
    const a = kyodo(['--db', db, '--json', 'import', 'facilities', real('takamatsu_community_center.csv'), '--mapping', mapping]);
    expect(a.code).toBe(0);
    expect(a.json().unknown_columns).toEqual([]);
    const b = kyodo(['--db', db, '--json', 'import', 'facilities', real('takamatsu_citizen_activity_facility.csv'), '--mapping', mapping]);
    expect(b.code).toBe(0);
    expect(b.json()).toMatchObject({ rows: 4, inserted: 4 });
    const rows = kyodo(['--db', db, '--json', 'list', 'facilities', '--where', 'name~市民活動センター']).json().rows as Record<string, any>[];
    expect(rows[0]).toMatchObject({ name: '高松市市民活動センター', open_from: '10:00', open_to: '21:00', phone: '087-812-7534', url: 'https://www.flat-takamatsu.net/' });
    expect(rows[0]!.hours_note).toMatch(/^祝日は開館/);
    expect(rows[0]!.open_days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });

  it('高松市 English-key layout without a mapping: --format opendata knows the standard\'s English column names', () => {
    const fresh = join(tempDir(), 'kyodo.db');
    const r = kyodo(['--db', fresh, '--json', 'import', 'facilities', real('takamatsu_citizen_activity_facility.csv'), '--format', 'opendata']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ rows: 4, inserted: 4, rejected: 0, unknown_columns: [] });
    const rows = kyodo(['--db', fresh, '--json', 'list', 'facilities', '--where', 'name~男女共同参画']).json().rows as Record<string, any>[];
    expect(rows[0]).toMatchObject({ open_days: ['mon', 'wed', 'thu', 'fri', 'sat', 'sun'], open_from: '09:00', open_to: '21:00', phone: '087-833-2282' });
    // No municipality code in these files: the ID is derived from name and address, and never starts with "-".
    expect(rows[0]!.facility_id).toMatch(/^F-[0-9a-z]+$/);
    expect(kyodo(['--db', fresh, 'show', 'facilities', rows[0]!.facility_id]).code).toBe(0);
  });
});
