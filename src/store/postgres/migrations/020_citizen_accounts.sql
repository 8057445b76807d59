-- compatible: yes
-- 020: optional citizen accounts without passwords (issue 16, docs/accounts.md). New tables and an
-- index only (an older binary ignores them). Codes and session tokens are stored only as hashes.
CREATE TABLE citizen_accounts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact     text NOT NULL UNIQUE,   -- the normal form (domain/citizen_account.h)
  created_at  bigint NOT NULL
);

-- One-time codes: purpose 'sign_in' (subject: the contact) or 'recover' (subject: a reference).
CREATE TABLE one_time_codes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purpose     text NOT NULL,
  subject     text NOT NULL,
  code_hash   bytea NOT NULL,
  salt        bytea NOT NULL,
  created_at  bigint NOT NULL,
  expires_at  bigint NOT NULL,
  failures    integer NOT NULL DEFAULT 0,
  used_at     bigint
);
CREATE INDEX one_time_codes_subject ON one_time_codes(purpose, subject, id);

CREATE TABLE citizen_sessions (
  token_hash    bytea PRIMARY KEY,
  account_id    bigint NOT NULL REFERENCES citizen_accounts(id),
  created_at    bigint NOT NULL,
  last_used_at  bigint NOT NULL,
  expires_at    bigint NOT NULL,
  user_agent    text NOT NULL DEFAULT '',
  revoked_at    bigint
);
CREATE INDEX citizen_sessions_account ON citizen_sessions(account_id);

-- "My cases": cases.owner_id (in the schema since 001) becomes the owning account.
CREATE INDEX cases_owner ON cases(owner_id, id) WHERE owner_id IS NOT NULL;
