-- 001: catalogue, calendar, cases with their append-only history, staff users.
-- Times are Unix seconds (UTC). Codes are the catalogue's stable identifiers.

CREATE TABLE entities (
  code     TEXT PRIMARY KEY,
  name_ar  TEXT NOT NULL,
  name_en  TEXT NOT NULL,
  active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE categories (
  code         TEXT PRIMARY KEY,
  entity       TEXT NOT NULL REFERENCES entities(code),
  name_ar      TEXT NOT NULL,
  name_en      TEXT NOT NULL,
  guidance_ar  TEXT NOT NULL DEFAULT '',
  guidance_en  TEXT NOT NULL DEFAULT '',
  types        TEXT NOT NULL,            -- comma-separated case types
  active       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE services (
  code     TEXT PRIMARY KEY,
  entity   TEXT NOT NULL REFERENCES entities(code),
  name_ar  TEXT NOT NULL,
  name_en  TEXT NOT NULL,
  url      TEXT NOT NULL DEFAULT '',
  active   INTEGER NOT NULL DEFAULT 1
);

-- Named counters; "case:YY" numbers the references of year YY.
CREATE TABLE sequences (
  name   TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
);

CREATE TABLE calendars (
  code       TEXT PRIMARY KEY,
  time_zone  TEXT NOT NULL,
  week       TEXT NOT NULL              -- 7 entries Sun..Sat: "HH:MM-HH:MM" or "" (day off)
);

CREATE TABLE holidays (
  id          INTEGER PRIMARY KEY,
  calendar    TEXT NOT NULL REFERENCES calendars(code),
  start_date  TEXT NOT NULL,
  end_date    TEXT NOT NULL,            -- inclusive
  kind        TEXT NOT NULL,            -- fixed | hijri | compensation | one_off
  status      TEXT NOT NULL,            -- tentative | confirmed
  name_en     TEXT NOT NULL,
  name_ar     TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE special_periods (
  id          INTEGER PRIMARY KEY,
  calendar    TEXT NOT NULL REFERENCES calendars(code),
  start_date  TEXT NOT NULL,
  end_date    TEXT NOT NULL,            -- inclusive
  open_minute INTEGER NOT NULL,
  close_minute INTEGER NOT NULL,
  name_en     TEXT NOT NULL,
  name_ar     TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash  TEXT NOT NULL,         -- argon2id (libsodium crypto_pwhash_str)
  role           TEXT NOT NULL,         -- agent | supervisor | admin | auditor
  entity         TEXT REFERENCES entities(code),
  name           TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE cases (
  id                     INTEGER PRIMARY KEY,
  reference              TEXT NOT NULL UNIQUE,
  type                   TEXT NOT NULL,
  status                 TEXT NOT NULL,
  entity                 TEXT NOT NULL REFERENCES entities(code),
  category               TEXT,
  service                TEXT,
  channel                TEXT NOT NULL,
  language               TEXT NOT NULL,
  subject                TEXT NOT NULL,
  description            TEXT NOT NULL,
  contact_name           TEXT NOT NULL DEFAULT '',
  contact_email          TEXT NOT NULL DEFAULT '',
  contact_phone          TEXT NOT NULL DEFAULT '',
  anonymous              INTEGER NOT NULL DEFAULT 0,
  lat                    REAL,
  lon                    REAL,
  address                TEXT,
  access_hash            BLOB NOT NULL,
  access_salt            BLOB NOT NULL,
  submitted_at           INTEGER NOT NULL,
  first_response_due_at  INTEGER NOT NULL,
  due_at                 INTEGER NOT NULL,
  first_response_at      INTEGER,
  answered_at            INTEGER,
  closed_at              INTEGER,
  assignee_id            INTEGER REFERENCES users(id),
  owner_id               INTEGER
);
CREATE INDEX cases_entity_status_due ON cases(entity, status, due_at);
CREATE INDEX cases_submitted ON cases(submitted_at);

-- The append-only history. hash = EventHash(prev_hash, reference, event): a chain per case.
CREATE TABLE case_events (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  seq        INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  public     INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  body       TEXT NOT NULL DEFAULT '',
  prev_hash  BLOB NOT NULL,
  hash       BLOB NOT NULL,
  UNIQUE (case_id, seq)
);

CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
