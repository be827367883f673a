-- kyodo schema v6: records for the yearly reports (KPI report, sunset-subsidy report).
-- All seven are import kinds: raw_hash / created_run / updated_run / retired_run as every roster table.
-- Reports leave out retired records (a --full import that no longer lists them).
-- Money is whole yen (INTEGER); fiscal years are INTEGER (2025 = 令和7年度 = 2025-04-01 .. 2026-03-31).

-- 活動記録.
CREATE TABLE activities (
  activity_id   TEXT PRIMARY KEY,
  org_id        TEXT NOT NULL,
  volunteer_id  TEXT,
  opening_id    TEXT,
  date          TEXT NOT NULL,
  hours         REAL,
  participants  INTEGER,
  raw_hash      INTEGER,
  created_run   INTEGER NOT NULL,
  updated_run   INTEGER NOT NULL,
  retired_run   INTEGER
) STRICT, WITHOUT ROWID;

-- Per fiscal year totals of the live (not retired) activity records, kept by the triggers below, so that
-- the KPI report reads a year's records, hours and distinct volunteers without scanning millions of rows
-- (docs/BENCHMARKS.md, reports). Fiscal year of an ISO date: its year, minus 1 for January–March.
CREATE TABLE activity_years (
  fy          INTEGER PRIMARY KEY,
  records     INTEGER NOT NULL,
  hours       REAL NOT NULL,
  volunteers  INTEGER NOT NULL      -- distinct non-null volunteer_id
) STRICT;
CREATE TABLE activity_year_volunteers (
  fy           INTEGER NOT NULL,
  volunteer_id TEXT NOT NULL,
  records      INTEGER NOT NULL,
  hours        REAL NOT NULL,
  PRIMARY KEY (fy, volunteer_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER activities_live_insert AFTER INSERT ON activities WHEN NEW.retired_run IS NULL BEGIN
  INSERT INTO activity_years (fy, records, hours, volunteers)
    VALUES (CAST(substr(NEW.date, 1, 4) AS INTEGER) - (substr(NEW.date, 6, 2) < '04'), 1, coalesce(NEW.hours, 0), 0)
    ON CONFLICT (fy) DO UPDATE SET records = records + 1, hours = hours + excluded.hours;
  INSERT INTO activity_year_volunteers (fy, volunteer_id, records, hours)
    SELECT CAST(substr(NEW.date, 1, 4) AS INTEGER) - (substr(NEW.date, 6, 2) < '04'), NEW.volunteer_id, 1, coalesce(NEW.hours, 0)
    WHERE NEW.volunteer_id IS NOT NULL
    ON CONFLICT (fy, volunteer_id) DO UPDATE SET records = records + 1, hours = hours + excluded.hours;
  UPDATE activity_years SET volunteers = volunteers + 1
    WHERE NEW.volunteer_id IS NOT NULL AND fy = CAST(substr(NEW.date, 1, 4) AS INTEGER) - (substr(NEW.date, 6, 2) < '04')
      AND (SELECT records FROM activity_year_volunteers v WHERE v.fy = activity_years.fy AND v.volunteer_id = NEW.volunteer_id) = 1;
END;

CREATE TRIGGER activities_live_delete AFTER DELETE ON activities WHEN OLD.retired_run IS NULL BEGIN
  UPDATE activity_years SET records = records - 1, hours = hours - coalesce(OLD.hours, 0)
    WHERE fy = CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04');
  UPDATE activity_year_volunteers SET records = records - 1, hours = hours - coalesce(OLD.hours, 0)
    WHERE fy = CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04') AND volunteer_id = OLD.volunteer_id;
  UPDATE activity_years SET volunteers = volunteers - 1
    WHERE OLD.volunteer_id IS NOT NULL AND fy = CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04')
      AND (SELECT records FROM activity_year_volunteers v WHERE v.fy = activity_years.fy AND v.volunteer_id = OLD.volunteer_id) = 0;
  DELETE FROM activity_year_volunteers
    WHERE fy = CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04') AND volunteer_id = OLD.volunteer_id AND records = 0;
END;

-- An update (re-import, retirement by --full, revival) takes the old row out and puts the new one in.
CREATE TRIGGER activities_live_update_old AFTER UPDATE ON activities WHEN OLD.retired_run IS NULL
  AND (OLD.date IS NOT NEW.date OR OLD.volunteer_id IS NOT NEW.volunteer_id OR OLD.hours IS NOT NEW.hours OR NEW.retired_run IS NOT NULL) BEGIN
  UPDATE activity_years SET records = records - 1, hours = hours - coalesce(OLD.hours, 0)
    WHERE fy = CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04');
  UPDATE activity_year_volunteers SET records = records - 1, hours = hours - coalesce(OLD.hours, 0)
    WHERE fy = CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04') AND volunteer_id = OLD.volunteer_id;
  UPDATE activity_years SET volunteers = volunteers - 1
    WHERE OLD.volunteer_id IS NOT NULL AND fy = CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04')
      AND (SELECT records FROM activity_year_volunteers v WHERE v.fy = activity_years.fy AND v.volunteer_id = OLD.volunteer_id) = 0;
  DELETE FROM activity_year_volunteers
    WHERE fy = CAST(substr(OLD.date, 1, 4) AS INTEGER) - (substr(OLD.date, 6, 2) < '04') AND volunteer_id = OLD.volunteer_id AND records = 0;
END;
CREATE TRIGGER activities_live_update_new AFTER UPDATE ON activities WHEN NEW.retired_run IS NULL
  AND (OLD.date IS NOT NEW.date OR OLD.volunteer_id IS NOT NEW.volunteer_id OR OLD.hours IS NOT NEW.hours OR OLD.retired_run IS NOT NULL) BEGIN
  INSERT INTO activity_years (fy, records, hours, volunteers)
    VALUES (CAST(substr(NEW.date, 1, 4) AS INTEGER) - (substr(NEW.date, 6, 2) < '04'), 1, coalesce(NEW.hours, 0), 0)
    ON CONFLICT (fy) DO UPDATE SET records = records + 1, hours = hours + excluded.hours;
  INSERT INTO activity_year_volunteers (fy, volunteer_id, records, hours)
    SELECT CAST(substr(NEW.date, 1, 4) AS INTEGER) - (substr(NEW.date, 6, 2) < '04'), NEW.volunteer_id, 1, coalesce(NEW.hours, 0)
    WHERE NEW.volunteer_id IS NOT NULL
    ON CONFLICT (fy, volunteer_id) DO UPDATE SET records = records + 1, hours = hours + excluded.hours;
  UPDATE activity_years SET volunteers = volunteers + 1
    WHERE NEW.volunteer_id IS NOT NULL AND fy = CAST(substr(NEW.date, 1, 4) AS INTEGER) - (substr(NEW.date, 6, 2) < '04')
      AND (SELECT records FROM activity_year_volunteers v WHERE v.fy = activity_years.fy AND v.volunteer_id = NEW.volunteer_id) = 1;
END;

-- 団体の収支 per fiscal year (活動計算書).
CREATE TABLE financials (
  org_id          TEXT NOT NULL,
  fy              INTEGER NOT NULL,
  income_total    INTEGER,
  donations       INTEGER,
  membership_fees INTEGER,
  business_income INTEGER,
  grants          INTEGER,
  commissions     INTEGER,
  raw_hash        INTEGER,
  created_run     INTEGER NOT NULL,
  updated_run     INTEGER NOT NULL,
  retired_run     INTEGER,
  PRIMARY KEY (org_id, fy)
) STRICT, WITHOUT ROWID;
CREATE INDEX financials_fy ON financials(fy);

-- 補助金制度 with its sunset clause: sunset_fy = end_fy, else start_fy + years - 1.
CREATE TABLE programs (
  program_id    TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  department    TEXT,
  start_fy      INTEGER NOT NULL,
  years         INTEGER,
  end_fy        INTEGER,
  annual_budget INTEGER,
  pfs_rule      TEXT,                 -- src/reports/pfs.ts: "tiers: 0.5:50%, 1.0:100%" | "linear: base=… cap=1.2"
  raw_hash      INTEGER,
  created_run   INTEGER NOT NULL,
  updated_run   INTEGER NOT NULL,
  retired_run   INTEGER
) STRICT, WITHOUT ROWID;

-- 交付: program → organization in a fiscal year, with the KPI agreed in advance (PFS).
CREATE TABLE grants (
  grant_id     TEXT PRIMARY KEY,
  program_id   TEXT NOT NULL,
  org_id       TEXT NOT NULL,
  fy           INTEGER NOT NULL,
  amount       INTEGER NOT NULL,
  kpi_target   REAL,
  kpi_actual   REAL,
  raw_hash     INTEGER,
  created_run  INTEGER NOT NULL,
  updated_run  INTEGER NOT NULL,
  retired_run  INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX grants_program ON grants(program_id, fy);
CREATE INDEX grants_org ON grants(org_id);

-- 協働事業.
CREATE TABLE projects (
  project_id   TEXT PRIMARY KEY,
  fy           INTEGER NOT NULL,
  title        TEXT NOT NULL,
  method       TEXT,                  -- 協働の方法: 委託, 補助, 共催, 実行委員会, 協定, 後援, 情報交換 …
  department   TEXT,
  org_ids      TEXT,                  -- JSON array of org IDs
  budget       INTEGER,
  raw_hash     INTEGER,
  created_run  INTEGER NOT NULL,
  updated_run  INTEGER NOT NULL,
  retired_run  INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX projects_fy ON projects(fy);

-- 行事・センター利用 (講座, 交流会, 相談, 施設利用 …).
CREATE TABLE events (
  event_id     TEXT PRIMARY KEY,
  date         TEXT NOT NULL,
  kind         TEXT,
  title        TEXT,
  org_id       TEXT,
  participants INTEGER,
  raw_hash     INTEGER,
  created_run  INTEGER NOT NULL,
  updated_run  INTEGER NOT NULL,
  retired_run  INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX events_date ON events(date);

-- 指標値 entered by hand (survey figures such as the participation rate), per indicator and fiscal year.
CREATE TABLE indicators (
  indicator_id TEXT NOT NULL,
  fy           INTEGER NOT NULL,
  value        REAL NOT NULL,
  source       TEXT,
  raw_hash     INTEGER,
  created_run  INTEGER NOT NULL,
  updated_run  INTEGER NOT NULL,
  retired_run  INTEGER,
  PRIMARY KEY (indicator_id, fy)
) STRICT, WITHOUT ROWID;
