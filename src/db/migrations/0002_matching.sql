-- kyodo schema v2: match runs and their proposals, and the audit log of personal-data exports.

CREATE TABLE match_runs (
  run_id          INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('volunteers', 'facilities', 'resources')),
  as_of           TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  template        TEXT NOT NULL,      -- template name (or path) used
  template_sha256 TEXT NOT NULL,
  objective       REAL NOT NULL,
  pairs           INTEGER NOT NULL,
  candidates      INTEGER NOT NULL,
  unfilled        INTEGER NOT NULL,
  unmatched       INTEGER NOT NULL
) STRICT;

-- A match moves proposed → accepted | declined, accepted → completed (with hours).
-- A saved run's proposals that were never decided become superseded by the next saved run.
CREATE TABLE matches (
  match_id     INTEGER PRIMARY KEY,
  run_id       INTEGER REFERENCES match_runs(run_id),
  volunteer_id TEXT NOT NULL REFERENCES volunteers(volunteer_id) ON UPDATE CASCADE,
  opening_id   TEXT NOT NULL REFERENCES openings(opening_id) ON UPDATE CASCADE,
  org_id       TEXT NOT NULL,
  score        REAL NOT NULL,
  reasons      TEXT NOT NULL,          -- JSON array of sentences
  status       TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined', 'completed', 'superseded')),
  proposed_at  TEXT NOT NULL,
  decided_at   TEXT,
  completed_at TEXT,
  hours        REAL,
  note         TEXT
) STRICT;
CREATE INDEX matches_volunteer ON matches(volunteer_id, status);
CREATE INDEX matches_opening ON matches(opening_id, status);
CREATE INDEX matches_run ON matches(run_id);

-- Openings a saved run left unfilled (the next run's fairness bonus reads the organizations from it).
CREATE TABLE match_unfilled (
  run_id     INTEGER NOT NULL REFERENCES match_runs(run_id),
  opening_id TEXT NOT NULL,
  org_id     TEXT NOT NULL,
  missing    INTEGER NOT NULL,
  reasons    TEXT NOT NULL,
  PRIMARY KEY (run_id, opening_id)
) STRICT;

-- Every export of personal data and every erasure (個人情報保護法 Art. 29: record of provision, kept 3 years).
CREATE TABLE audit_log (
  audit_id    INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  operator    TEXT NOT NULL,
  action      TEXT NOT NULL,
  recipient   TEXT,
  subject_ids TEXT,                    -- JSON array (volunteer IDs)
  items       TEXT,                    -- JSON array (which fields went out)
  file        TEXT,
  file_sha256 TEXT,
  detail      TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
