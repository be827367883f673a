-- kyodo schema v3: rooms → booking requests (施設・会議室の利用申込). Booking requests and existing
-- bookings are import kinds (booking_requests, bookings): they carry raw_hash / created_run /
-- updated_run / retired_run like every roster table. `kyodo match facilities --save` stores its
-- proposals in facility_proposals; an accepted proposal becomes a booking with source 'match'.
-- Dates are ISO YYYY-MM-DD, times HH:MM (24:00 allowed as an end); intervals are half-open, so
-- 10:00–12:00 and 12:00–14:00 do not overlap.

CREATE TABLE booking_requests (
  request_id            TEXT PRIMARY KEY,
  org_id                TEXT NOT NULL REFERENCES organizations(org_id),
  date                  TEXT NOT NULL,
  start_time            TEXT NOT NULL,
  end_time              TEXT NOT NULL CHECK (end_time > start_time),
  headcount             INTEGER CHECK (headcount >= 1),
  equipment             TEXT,             -- JSON array of required equipment, as written
  max_fee               INTEGER CHECK (max_fee >= 0),  -- 予算: yen for the whole slot
  area                  TEXT,             -- 希望地域: municipality code or 町名
  lat                   REAL,
  lon                   REAL,
  preferred_facility_id TEXT,             -- 希望施設: a facility ID or name
  purpose               TEXT,
  notes                 TEXT,
  status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  raw_hash              INTEGER,
  created_run           INTEGER NOT NULL,
  updated_run           INTEGER NOT NULL,
  retired_run           INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX booking_requests_org ON booking_requests(org_id);
CREATE INDEX booking_requests_date ON booking_requests(date);

-- Rooms already taken: imported from the facility's reservation system, or made by accepting a
-- proposal (source 'match', with its request). created_run is the import run (for 'match', the
-- bookkeeping run recorded when the proposal was accepted).
CREATE TABLE bookings (
  facility_id  TEXT NOT NULL,
  room         TEXT NOT NULL,
  date         TEXT NOT NULL,
  start_time   TEXT NOT NULL,
  end_time     TEXT NOT NULL CHECK (end_time > start_time),
  booking_ref  TEXT,                      -- 予約番号 in the facility's own system
  request_id   TEXT,                      -- the booking request it serves (source 'match')
  notes        TEXT,
  source       TEXT NOT NULL DEFAULT 'imported' CHECK (source IN ('imported', 'match')),
  status       TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
  raw_hash     INTEGER,
  created_run  INTEGER NOT NULL,
  updated_run  INTEGER NOT NULL,
  retired_run  INTEGER,
  PRIMARY KEY (facility_id, room, date, start_time),
  FOREIGN KEY (facility_id, room) REFERENCES facilities(facility_id, room)
) STRICT, WITHOUT ROWID;
CREATE INDEX bookings_date ON bookings(date);

-- A proposal moves proposed → accepted | declined; undecided proposals of a saved run become
-- superseded by the next saved facilities run.
CREATE TABLE facility_proposals (
  proposal_id  INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL REFERENCES match_runs(run_id),
  request_id   TEXT NOT NULL REFERENCES booking_requests(request_id) ON UPDATE CASCADE,
  org_id       TEXT NOT NULL,
  facility_id  TEXT NOT NULL,
  room         TEXT NOT NULL,
  date         TEXT NOT NULL,
  start_time   TEXT NOT NULL,
  end_time     TEXT NOT NULL,
  fee          INTEGER NOT NULL,
  score        REAL NOT NULL,
  reasons      TEXT NOT NULL,             -- JSON array of sentences
  status       TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined', 'superseded')),
  proposed_at  TEXT NOT NULL,
  decided_at   TEXT,
  note         TEXT,
  FOREIGN KEY (facility_id, room) REFERENCES facilities(facility_id, room)
) STRICT;
CREATE INDEX facility_proposals_request ON facility_proposals(request_id, status);
CREATE INDEX facility_proposals_room ON facility_proposals(facility_id, room, date, status);
CREATE INDEX facility_proposals_run ON facility_proposals(run_id);

-- Requests a saved run left unsatisfied, with the binding reason.
CREATE TABLE facility_unsatisfied (
  run_id     INTEGER NOT NULL REFERENCES match_runs(run_id),
  request_id TEXT NOT NULL,
  org_id     TEXT NOT NULL,
  reasons    TEXT NOT NULL,
  PRIMARY KEY (run_id, request_id)
) STRICT;
