-- compatible: yes
-- 021: staff multi-factor sign-in (TOTP), sign-in challenges and idle sessions (issue 16 item 3).

-- A staff member's TOTP secret, sealed under the server secret (domain::SealWebhookSecret's
-- box). enabled = 0: enrolment started, not yet confirmed by a code. last_step: the newest
-- accepted 30-second step (a code is never accepted twice).
CREATE TABLE user_mfa (
  user_id       bigint PRIMARY KEY REFERENCES users(id),
  sealed_secret text NOT NULL,
  enabled       integer NOT NULL DEFAULT 0,
  last_step     bigint NOT NULL DEFAULT 0,
  created_at    bigint NOT NULL,
  enabled_at    bigint
);

-- One-time recovery codes, only as a keyed hash; used_at once used.
CREATE TABLE mfa_recovery_codes (
  user_id    bigint NOT NULL REFERENCES users(id),
  code_hash  bytea NOT NULL,
  used_at    bigint,
  PRIMARY KEY (user_id, code_hash)
);

-- "Half signed in": a password was right, the second step is still due. Single use, short-lived.
CREATE TABLE mfa_challenges (
  token_hash  bytea PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id),
  expires_at  bigint NOT NULL
);

-- Entities whose staff (every role) must use a second factor; administrators always must.
CREATE TABLE mfa_entities (
  entity  text PRIMARY KEY,
  set_at  bigint NOT NULL
);

-- The idle timeout of staff sessions: the last request seen (NULL: created_at).
ALTER TABLE sessions ADD COLUMN last_seen_at bigint;
