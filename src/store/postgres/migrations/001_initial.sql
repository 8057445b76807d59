-- 001: the whole schema of the SQLite store's migrations 001-005, in PostgreSQL's types.
-- Times are Unix seconds (UTC) in bigint; flags are integers 0/1 (as on SQLite, so both stores
-- read rows the same way). Codes are the catalogue's stable identifiers.

CREATE TABLE entities (
  code     text PRIMARY KEY,
  name_ar  text NOT NULL,
  name_en  text NOT NULL,
  active   integer NOT NULL DEFAULT 1
);

CREATE TABLE categories (
  code         text PRIMARY KEY,
  entity       text NOT NULL REFERENCES entities(code),
  name_ar      text NOT NULL,
  name_en      text NOT NULL,
  guidance_ar  text NOT NULL DEFAULT '',
  guidance_en  text NOT NULL DEFAULT '',
  types        text NOT NULL,            -- comma-separated case types
  active       integer NOT NULL DEFAULT 1
);

CREATE TABLE services (
  code     text PRIMARY KEY,
  entity   text NOT NULL REFERENCES entities(code),
  name_ar  text NOT NULL,
  name_en  text NOT NULL,
  url      text NOT NULL DEFAULT '',
  active   integer NOT NULL DEFAULT 1
);

-- Named counters; "case:YY" numbers the references of year YY. A row lock (taken by the
-- increment, held to COMMIT) keeps references gapless and unique across nodes.
CREATE TABLE sequences (
  name   text PRIMARY KEY,
  value  bigint NOT NULL
);

CREATE TABLE calendars (
  code       text PRIMARY KEY,
  time_zone  text NOT NULL,
  week       text NOT NULL              -- 7 entries Sun..Sat: "HH:MM-HH:MM" or "" (day off)
);

CREATE TABLE holidays (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  calendar    text NOT NULL REFERENCES calendars(code),
  start_date  text NOT NULL,
  end_date    text NOT NULL,            -- inclusive
  kind        text NOT NULL,            -- fixed | hijri | compensation | one_off
  status      text NOT NULL,            -- tentative | confirmed
  name_en     text NOT NULL,
  name_ar     text NOT NULL,
  note        text NOT NULL DEFAULT ''
);

CREATE TABLE special_periods (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  calendar     text NOT NULL REFERENCES calendars(code),
  start_date   text NOT NULL,
  end_date     text NOT NULL,           -- inclusive
  open_minute  integer NOT NULL,
  close_minute integer NOT NULL,
  name_en      text NOT NULL,
  name_ar      text NOT NULL,
  note         text NOT NULL DEFAULT ''
);

CREATE TABLE users (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email          text NOT NULL,
  password_hash  text NOT NULL,         -- argon2id (libsodium crypto_pwhash_str)
  role           text NOT NULL,         -- agent | supervisor | admin | auditor
  entity         text REFERENCES entities(code),
  name           text NOT NULL DEFAULT '',
  created_at     bigint NOT NULL,
  active         integer NOT NULL DEFAULT 1,
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   bigint
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- Session cookies and bearer tokens, stored only as a hash of the token.
CREATE TABLE sessions (
  token_hash  bytea PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id),
  created_at  bigint NOT NULL,
  expires_at  bigint NOT NULL,
  revoked_at  bigint
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE cases (
  id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference                text NOT NULL UNIQUE,
  type                     text NOT NULL,
  status                   text NOT NULL,
  entity                   text NOT NULL REFERENCES entities(code),
  category                 text,
  service                  text,
  channel                  text NOT NULL,
  language                 text NOT NULL,
  subject                  text NOT NULL,
  description              text NOT NULL,
  contact_name             text NOT NULL DEFAULT '',
  contact_email            text NOT NULL DEFAULT '',
  contact_phone            text NOT NULL DEFAULT '',
  anonymous                integer NOT NULL DEFAULT 0,
  lat                      double precision,
  lon                      double precision,
  address                  text,
  access_hash              bytea NOT NULL,
  access_salt              bytea NOT NULL,
  submitted_at             bigint NOT NULL,
  first_response_due_at    bigint NOT NULL,
  due_at                   bigint NOT NULL,
  first_response_at        bigint,
  answered_at              bigint,
  closed_at                bigint,
  assignee_id              bigint REFERENCES users(id),
  owner_id                 bigint,
  cycle                    integer NOT NULL DEFAULT 1,
  extended_this_cycle      integer NOT NULL DEFAULT 0,
  rated_this_answer        integer NOT NULL DEFAULT 0,
  reopen_count             integer NOT NULL DEFAULT 0,
  rating                   integer,
  paused_at                bigint,
  merged_into              text,
  first_response_breached  integer NOT NULL DEFAULT 0,
  resolution_breached      integer NOT NULL DEFAULT 0,
  clock                    text NOT NULL DEFAULT '',
  warn_at                  bigint,
  warned                   integer NOT NULL DEFAULT 0,
  escalated                integer NOT NULL DEFAULT 0
);
CREATE INDEX cases_entity_status_due ON cases(entity, status, due_at);
CREATE INDEX cases_submitted ON cases(submitted_at);

-- Scheduler look-ups: partial indexes, so a tick reads only what is due.
CREATE INDEX cases_resolution_due ON cases(due_at)
  WHERE resolution_breached = 0 AND status IN ('received', 'in_progress');
CREATE INDEX cases_first_response_due ON cases(first_response_due_at)
  WHERE first_response_breached = 0 AND first_response_at IS NULL
    AND status IN ('received', 'in_progress');
CREATE INDEX cases_answered_at ON cases(answered_at) WHERE status = 'answered';
CREATE INDEX cases_warning_due ON cases(warn_at)
  WHERE warned = 0 AND warn_at IS NOT NULL AND status IN ('received', 'in_progress');
CREATE INDEX cases_escalation_due ON cases(due_at)
  WHERE resolution_breached = 1 AND escalated = 0 AND status IN ('received', 'in_progress');
-- "Overdue now": open cases whose clock runs, by due time, covering the figures' filters.
CREATE INDEX cases_overdue ON cases(due_at) INCLUDE (entity, type, category, channel)
  WHERE status IN ('received', 'in_progress');

-- The append-only history. hash = EventHash(prev_hash, reference, event): a chain per case.
CREATE TABLE case_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    bigint NOT NULL REFERENCES cases(id),
  seq        bigint NOT NULL,
  at         bigint NOT NULL,
  kind       text NOT NULL,
  public     integer NOT NULL,
  actor      text NOT NULL,
  body       text NOT NULL DEFAULT '',
  prev_hash  bytea NOT NULL,
  hash       bytea NOT NULL,
  data       text NOT NULL DEFAULT '',
  UNIQUE (case_id, seq)
);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only';
END $$;
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

-- Notifications to deliver; claimed by one node at a time (FOR UPDATE SKIP LOCKED).
CREATE TABLE outbox (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at  bigint NOT NULL,
  kind        text NOT NULL,            -- breach | escalation | warning | ...
  recipient   text NOT NULL,            -- "role:supervisor@MOW", "user:12", ...
  reference   text NOT NULL,
  payload     text NOT NULL DEFAULT '', -- JSON
  status      text NOT NULL DEFAULT 'pending'
);
CREATE INDEX outbox_pending ON outbox(id) WHERE status = 'pending';

-- The figures of DESIGN.md §3 (see src/store/common/figure_ops.h for the levels).
-- fr_hist / answer_hist: working-minute histograms (domain::Histogram::Encode), merged by the
-- writer under the row lock its upsert takes.
CREATE TABLE figures (
  level            integer NOT NULL,
  period           bigint NOT NULL,
  entity           text NOT NULL,
  category         text NOT NULL,
  type             text NOT NULL,
  channel          text NOT NULL,
  received         bigint NOT NULL DEFAULT 0,
  answered         bigint NOT NULL DEFAULT 0,
  answered_on_time bigint NOT NULL DEFAULT 0,
  due              bigint NOT NULL DEFAULT 0,
  due_met          bigint NOT NULL DEFAULT 0,
  rated            bigint NOT NULL DEFAULT 0,
  rating_sum       bigint NOT NULL DEFAULT 0,
  rating_4_5       bigint NOT NULL DEFAULT 0,
  transferred      bigint NOT NULL DEFAULT 0,
  reopened         bigint NOT NULL DEFAULT 0,
  open             bigint NOT NULL DEFAULT 0,
  fr_hist          bytea NOT NULL DEFAULT '\x',
  answer_hist      bytea NOT NULL DEFAULT '\x',
  PRIMARY KEY (level, period, entity, category, type, channel)
);

-- An empty key field matches anything; the most specific rule wins (domain/sla.h).
CREATE TABLE sla_targets (
  entity                 text NOT NULL DEFAULT '',
  type                   text NOT NULL DEFAULT '',
  category               text NOT NULL DEFAULT '',
  first_response_unit    text NOT NULL,
  first_response_amount  integer NOT NULL,
  resolution_unit        text NOT NULL,
  resolution_amount      integer NOT NULL,
  PRIMARY KEY (entity, type, category)
);

-- Bumped by every change of the catalogue, calendars or targets, so that every node reloads
-- what it caches (see PgStore::ConfigVersion).
CREATE TABLE config_version (
  id       integer PRIMARY KEY CHECK (id = 1),
  version  bigint NOT NULL
);
INSERT INTO config_version VALUES (1, 0);
