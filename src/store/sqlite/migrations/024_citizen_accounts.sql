-- compatible: yes
-- 024: optional citizen accounts without passwords (issue 16, docs/accounts.md). New tables and an
-- index only (an older binary ignores them). Codes and session tokens are stored only as hashes.
CREATE TABLE citizen_accounts (
  id          INTEGER PRIMARY KEY,
  contact     TEXT NOT NULL UNIQUE,   -- the normal form (domain/citizen_account.h)
  created_at  INTEGER NOT NULL
);

-- One-time codes: purpose 'sign_in' (subject: the contact) or 'recover' (subject: a reference).
CREATE TABLE one_time_codes (
  id          INTEGER PRIMARY KEY,
  purpose     TEXT NOT NULL,
  subject     TEXT NOT NULL,
  code_hash   BLOB NOT NULL,
  salt        BLOB NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  failures    INTEGER NOT NULL DEFAULT 0,
  used_at     INTEGER
);
CREATE INDEX one_time_codes_subject ON one_time_codes(purpose, subject, id);

CREATE TABLE citizen_sessions (
  token_hash    BLOB PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES citizen_accounts(id),
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  user_agent    TEXT NOT NULL DEFAULT '',
  revoked_at    INTEGER
);
CREATE INDEX citizen_sessions_account ON citizen_sessions(account_id);

-- "My cases": cases.owner_id (in the schema since 001) becomes the owning account.
CREATE INDEX cases_owner ON cases(owner_id, id) WHERE owner_id IS NOT NULL;
