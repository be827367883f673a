-- Import history: every run is in it, failed ones too.
-- import_runs gains the statuses of runs that stored nothing — rolled_back (--strict with
-- rejected rows), failed (the file could not be read, columns were missing, the disk was full,
-- the database stayed locked, --full would retire too many), cancelled (Ctrl-C) — with the error's
-- code and the reason in both languages, and the token of the run's marker file. Rebuilt the
-- documented way (new table, copy, drop, rename) to change the CHECK; migrate() runs this with
-- foreign keys off and checks them before COMMIT (import_rejects refers to it by name).

CREATE TABLE import_runs_0009 (
  run_id          INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  file            TEXT NOT NULL,
  file_sha256     TEXT,
  format          TEXT NOT NULL,
  encoding        TEXT,
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  status          TEXT NOT NULL CHECK (status = 'done' OR status = 'rolled_back' OR status = 'failed' OR status = 'cancelled' OR status = 'interrupted'),
  full            INTEGER NOT NULL DEFAULT 0,
  strict          INTEGER NOT NULL DEFAULT 0,
  rows            INTEGER NOT NULL DEFAULT 0,
  inserted        INTEGER NOT NULL DEFAULT 0,
  updated         INTEGER NOT NULL DEFAULT 0,
  unchanged       INTEGER NOT NULL DEFAULT 0,
  rejected        INTEGER NOT NULL DEFAULT 0,
  retired         INTEGER NOT NULL DEFAULT 0,
  skipped         INTEGER NOT NULL DEFAULT 0,
  suppressed      INTEGER NOT NULL DEFAULT 0,
  header          TEXT,               -- JSON array: the file's header as read
  unknown_columns TEXT,               -- JSON array: columns kept aside (not imported)
  mapping         TEXT,               -- JSON object: header -> column actually used
  rejects_file    TEXT,
  note            TEXT,               -- why a run did not finish (English), or other remarks
  note_ja         TEXT,               -- the same in Japanese
  error_code      TEXT,               -- the stable code of a failed run's error
  token           TEXT                -- the run's marker file: a committed run is never later taken for an interrupted one
) STRICT;
INSERT INTO import_runs_0009 (run_id, kind, file, file_sha256, format, encoding, started_at, finished_at, status, full, strict, rows, inserted, updated, unchanged, rejected, retired, skipped, suppressed, header, unknown_columns, mapping, rejects_file, note) SELECT run_id, kind, file, file_sha256, format, encoding, started_at, finished_at, status, full, strict, rows, inserted, updated, unchanged, rejected, retired, skipped, suppressed, header, unknown_columns, mapping, rejects_file, note FROM import_runs;
DROP TABLE import_runs;
ALTER TABLE import_runs_0009 RENAME TO import_runs;
CREATE UNIQUE INDEX import_runs_token ON import_runs(token) WHERE token IS NOT NULL;

-- Which run last changed each field of an organization or a facility: the kinds that several sources
-- feed (the center's own roster, the 法人番号 file, the NPO portal, municipal open data), so staff
-- can see where a value came from (kyodo show orgs ID --sources). Kept by an UPDATE trigger, so every
-- writer (import, matching, later edits) is covered; a field counts as set when its value changed.
-- A field no row names was set by the run that created the record (created_run): an INSERT trigger
-- writing that down for every field cost 0.6 s per 50,000 new organizations (measured), for nothing
-- that cannot be derived. Records created before this migration may have been changed without a
-- trace: meta 'field_sources_since_run' is the last run before it, and their fields say "unknown".
-- record_key: the key columns joined by U+001F. An upsert, not INSERT OR REPLACE: inside a trigger the outer
-- statement's conflict handling (the import's own upsert) would override OR REPLACE.
CREATE TABLE field_sources (
  table_name TEXT NOT NULL,
  record_key TEXT NOT NULL,
  field      TEXT NOT NULL,
  run_id     INTEGER NOT NULL,
  PRIMARY KEY (table_name, record_key, field)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER organizations_field_sources_update AFTER UPDATE ON organizations BEGIN
  INSERT INTO field_sources (table_name, record_key, field, run_id)
  SELECT 'organizations', NEW.org_id, field, NEW.updated_run FROM (
    SELECT 'name' AS field WHERE NEW.name IS NOT OLD.name
    UNION ALL SELECT 'name_kana' WHERE NEW.name_kana IS NOT OLD.name_kana
    UNION ALL SELECT 'corporate_number' WHERE NEW.corporate_number IS NOT OLD.corporate_number
    UNION ALL SELECT 'legal_form' WHERE NEW.legal_form IS NOT OLD.legal_form
    UNION ALL SELECT 'fields' WHERE NEW.fields IS NOT OLD.fields
    UNION ALL SELECT 'established_on' WHERE NEW.established_on IS NOT OLD.established_on
    UNION ALL SELECT 'certified_on' WHERE NEW.certified_on IS NOT OLD.certified_on
    UNION ALL SELECT 'certification_expires_on' WHERE NEW.certification_expires_on IS NOT OLD.certification_expires_on
    UNION ALL SELECT 'address' WHERE NEW.address IS NOT OLD.address
    UNION ALL SELECT 'postal_code' WHERE NEW.postal_code IS NOT OLD.postal_code
    UNION ALL SELECT 'municipality_code' WHERE NEW.municipality_code IS NOT OLD.municipality_code
    UNION ALL SELECT 'competent_authority' WHERE NEW.competent_authority IS NOT OLD.competent_authority
    UNION ALL SELECT 'lat' WHERE NEW.lat IS NOT OLD.lat
    UNION ALL SELECT 'lon' WHERE NEW.lon IS NOT OLD.lon
    UNION ALL SELECT 'representative' WHERE NEW.representative IS NOT OLD.representative
    UNION ALL SELECT 'email' WHERE NEW.email IS NOT OLD.email
    UNION ALL SELECT 'phone' WHERE NEW.phone IS NOT OLD.phone
    UNION ALL SELECT 'members' WHERE NEW.members IS NOT OLD.members
    UNION ALL SELECT 'staff' WHERE NEW.staff IS NOT OLD.staff
    UNION ALL SELECT 'last_report_fy' WHERE NEW.last_report_fy IS NOT OLD.last_report_fy
    UNION ALL SELECT 'religious_political' WHERE NEW.religious_political IS NOT OLD.religious_political
    UNION ALL SELECT 'status' WHERE NEW.status IS NOT OLD.status
    UNION ALL SELECT 'dissolved_on' WHERE NEW.dissolved_on IS NOT OLD.dissolved_on
    UNION ALL SELECT 'registered_on' WHERE NEW.registered_on IS NOT OLD.registered_on
  ) WHERE true
  ON CONFLICT (table_name, record_key, field) DO UPDATE SET run_id = excluded.run_id;
END;

CREATE TRIGGER facilities_field_sources_update AFTER UPDATE ON facilities BEGIN
  INSERT INTO field_sources (table_name, record_key, field, run_id)
  SELECT 'facilities', NEW.facility_id || char(31) || NEW.room, field, NEW.updated_run FROM (
    SELECT 'municipality_code' AS field WHERE NEW.municipality_code IS NOT OLD.municipality_code
    UNION ALL SELECT 'source_id' WHERE NEW.source_id IS NOT OLD.source_id
    UNION ALL SELECT 'name' WHERE NEW.name IS NOT OLD.name
    UNION ALL SELECT 'name_kana' WHERE NEW.name_kana IS NOT OLD.name_kana
    UNION ALL SELECT 'address' WHERE NEW.address IS NOT OLD.address
    UNION ALL SELECT 'lat' WHERE NEW.lat IS NOT OLD.lat
    UNION ALL SELECT 'lon' WHERE NEW.lon IS NOT OLD.lon
    UNION ALL SELECT 'phone' WHERE NEW.phone IS NOT OLD.phone
    UNION ALL SELECT 'capacity' WHERE NEW.capacity IS NOT OLD.capacity
    UNION ALL SELECT 'equipment' WHERE NEW.equipment IS NOT OLD.equipment
    UNION ALL SELECT 'fee_per_hour' WHERE NEW.fee_per_hour IS NOT OLD.fee_per_hour
    UNION ALL SELECT 'open_days' WHERE NEW.open_days IS NOT OLD.open_days
    UNION ALL SELECT 'open_from' WHERE NEW.open_from IS NOT OLD.open_from
    UNION ALL SELECT 'open_to' WHERE NEW.open_to IS NOT OLD.open_to
    UNION ALL SELECT 'hours_note' WHERE NEW.hours_note IS NOT OLD.hours_note
    UNION ALL SELECT 'description' WHERE NEW.description IS NOT OLD.description
    UNION ALL SELECT 'notes' WHERE NEW.notes IS NOT OLD.notes
    UNION ALL SELECT 'url' WHERE NEW.url IS NOT OLD.url
  ) WHERE true
  ON CONFLICT (table_name, record_key, field) DO UPDATE SET run_id = excluded.run_id;
END;

INSERT INTO meta (key, value) SELECT 'field_sources_since_run', CAST(coalesce(max(run_id), 0) AS TEXT) FROM import_runs;
