-- kyodo schema v4: the resource bank (資源バンク) — goods and spaces offered by companies and
-- residents, NPOs' requests for them, and the allocations `kyodo match resources` proposes.
-- Quantities are whole units of the row's own unit (箱, 個, kg, 回 …); an allocation may split
-- an offer over several requests and a request over several offers.

CREATE TABLE resource_offers (
  offer_id          TEXT PRIMARY KEY,
  donor_kind        TEXT CHECK (donor_kind IN ('company', 'resident')),
  donor_name        TEXT,             -- personal data when donor_kind = resident
  category          TEXT NOT NULL,    -- canonical category (data/reference/resource-categories.json) or the label as given
  item              TEXT,
  quantity          INTEGER NOT NULL CHECK (quantity >= 1),
  unit              TEXT,
  place             TEXT,
  municipality_code TEXT,
  lat               REAL,
  lon               REAL,
  available_until   TEXT,             -- last day the donor can hand it over (ISO date)
  notes             TEXT,
  status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  raw_hash          INTEGER,
  created_run       INTEGER NOT NULL,
  updated_run       INTEGER NOT NULL,
  retired_run       INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX resource_offers_category ON resource_offers(category);

CREATE TABLE resource_requests (
  request_id        TEXT PRIMARY KEY,
  org_id            TEXT NOT NULL REFERENCES organizations(org_id),
  category          TEXT NOT NULL,
  item              TEXT,
  quantity          INTEGER NOT NULL CHECK (quantity >= 1),
  unit              TEXT,
  needed_by         TEXT,             -- the day the organization needs it by (ISO date)
  place             TEXT,
  municipality_code TEXT,
  lat               REAL,
  lon               REAL,
  urgency           INTEGER CHECK (urgency BETWEEN 1 AND 3),  -- 緊急度: 1 低, 2 中, 3 高
  notes             TEXT,
  status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  raw_hash          INTEGER,
  created_run       INTEGER NOT NULL,
  updated_run       INTEGER NOT NULL,
  retired_run       INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX resource_requests_org ON resource_requests(org_id);
CREATE INDEX resource_requests_category ON resource_requests(category);

-- An allocation moves proposed → accepted | declined; undecided proposals of a saved run
-- become superseded by the next saved resources run. Accepted quantities are taken off
-- both sides before the next run.
CREATE TABLE resource_allocations (
  allocation_id INTEGER PRIMARY KEY,
  run_id        INTEGER NOT NULL REFERENCES match_runs(run_id),
  offer_id      TEXT NOT NULL REFERENCES resource_offers(offer_id) ON UPDATE CASCADE,
  request_id    TEXT NOT NULL REFERENCES resource_requests(request_id) ON UPDATE CASCADE,
  org_id        TEXT NOT NULL,
  quantity      INTEGER NOT NULL CHECK (quantity >= 1),
  unit          TEXT,
  score         REAL NOT NULL,        -- points per unit
  reasons       TEXT NOT NULL,        -- JSON array of sentences
  status        TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined', 'superseded')),
  proposed_at   TEXT NOT NULL,
  decided_at    TEXT,
  note          TEXT
) STRICT;
CREATE INDEX resource_allocations_offer ON resource_allocations(offer_id, status);
CREATE INDEX resource_allocations_request ON resource_allocations(request_id, status);
CREATE INDEX resource_allocations_run ON resource_allocations(run_id);
