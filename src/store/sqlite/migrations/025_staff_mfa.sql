-- compatible: yes
-- 025: staff multi-factor sign-in (TOTP), sign-in challenges and idle sessions (issue 16 item 3).

-- A staff member's TOTP secret, sealed under the server secret (domain::SealWebhookSecret's
-- box). enabled = 0: enrolment started, not yet confirmed by a code. last_step: the newest
-- accepted 30-second step (a code is never accepted twice).
CREATE TABLE user_mfa (
  user_id       INTEGER PRIMARY KEY REFERENCES users(id),
  sealed_secret TEXT NOT NULL,
  enabled       INTEGER NOT NULL DEFAULT 0,
  last_step     INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  enabled_at    INTEGER
);

-- One-time recovery codes, only as a keyed hash; used_at once used.
CREATE TABLE mfa_recovery_codes (
  user_id    INTEGER NOT NULL REFERENCES users(id),
  code_hash  BLOB NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (user_id, code_hash)
);

-- "Half signed in": a password was right, the second step is still due. Single use, short-lived.
CREATE TABLE mfa_challenges (
  token_hash  BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  expires_at  INTEGER NOT NULL
);

-- Entities whose staff (every role) must use a second factor; administrators always must.
CREATE TABLE mfa_entities (
  entity  TEXT PRIMARY KEY,
  set_at  INTEGER NOT NULL
);

-- The idle timeout of staff sessions: the last request seen (NULL: created_at).
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
