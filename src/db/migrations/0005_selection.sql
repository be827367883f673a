-- kyodo schema v5: partner selection (協働相手の選定) — calls with frozen criteria, applications,
-- reviewers' scores, conflicts of interest, decisions, and both sides' evaluations after a project.
-- applications, scores and evaluations are import kinds: they carry raw_hash / created_run /
-- updated_run / retired_run like every roster table.

-- A call (公募) freezes its criteria when it opens: the file's exact text and its SHA-256.
CREATE TABLE selection_calls (
  call_id         TEXT PRIMARY KEY,
  title           TEXT NOT NULL,
  fy              INTEGER NOT NULL,
  method          TEXT NOT NULL CHECK (method IN ('参画', '情報交換', '委託', '共催', '協力', '補助')),
  criteria_file   TEXT NOT NULL,
  criteria_text   TEXT NOT NULL,
  criteria_sha256 TEXT NOT NULL,
  opened_at       TEXT NOT NULL,
  operator        TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided')),
  decided_at      TEXT
) STRICT;

CREATE TABLE selection_applications (
  call_id       TEXT NOT NULL REFERENCES selection_calls(call_id),
  org_id        TEXT NOT NULL REFERENCES organizations(org_id),
  title         TEXT,
  summary       TEXT,
  budget        INTEGER,
  answers       TEXT,                 -- JSON object: manual eligibility item -> 1 / 0
  raw_hash      INTEGER,
  created_run   INTEGER NOT NULL,
  updated_run   INTEGER NOT NULL,
  retired_run   INTEGER,
  PRIMARY KEY (call_id, org_id)
) STRICT, WITHOUT ROWID;

-- A reviewer tied to an applicant (利害関係) does not score it.
CREATE TABLE selection_conflicts (
  call_id     TEXT NOT NULL REFERENCES selection_calls(call_id),
  reviewer    TEXT NOT NULL,
  org_id      TEXT NOT NULL,
  declared_at TEXT NOT NULL,
  operator    TEXT NOT NULL,
  note        TEXT,
  PRIMARY KEY (call_id, reviewer, org_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE selection_scores (
  call_id     TEXT NOT NULL REFERENCES selection_calls(call_id),
  reviewer    TEXT NOT NULL,
  org_id      TEXT NOT NULL,
  item        TEXT NOT NULL,          -- an item id of the frozen criteria
  score       INTEGER NOT NULL,
  comment     TEXT,
  raw_hash    INTEGER,
  created_run INTEGER NOT NULL,
  updated_run INTEGER NOT NULL,
  retired_run INTEGER,
  PRIMARY KEY (call_id, reviewer, org_id, item)
) STRICT, WITHOUT ROWID;
CREATE INDEX selection_scores_org ON selection_scores(call_id, org_id);

CREATE TABLE selection_decisions (
  call_id       TEXT NOT NULL REFERENCES selection_calls(call_id),
  org_id        TEXT NOT NULL REFERENCES organizations(org_id),
  reason        TEXT NOT NULL,
  decided_at    TEXT NOT NULL,
  operator      TEXT NOT NULL,
  is_top_ranked INTEGER NOT NULL,     -- 0: the choice differs from the top-ranked eligible applicant (flagged in the disclosure)
  rank          INTEGER,
  total         REAL,
  PRIMARY KEY (call_id, org_id)
) STRICT;

-- After a project (事業評価): both sides score the same items; the comparison shows where they disagree.
CREATE TABLE selection_evaluations (
  project_id  TEXT NOT NULL,
  org_id      TEXT NOT NULL REFERENCES organizations(org_id),
  side        TEXT NOT NULL CHECK (side IN ('行政', 'NPO')),
  item        TEXT NOT NULL,
  call_id     TEXT,
  score       INTEGER NOT NULL,
  comment     TEXT,
  raw_hash    INTEGER,
  created_run INTEGER NOT NULL,
  updated_run INTEGER NOT NULL,
  retired_run INTEGER,
  PRIMARY KEY (project_id, org_id, side, item)
) STRICT, WITHOUT ROWID;
CREATE INDEX selection_evaluations_org ON selection_evaluations(org_id);
