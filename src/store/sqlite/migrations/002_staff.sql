-- 002: staff sessions and login lockout; the lifecycle projection kept on each case row.

ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER;

-- Session cookies and bearer tokens, stored only as a hash of the token.
CREATE TABLE sessions (
  token_hash  BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

ALTER TABLE cases ADD COLUMN cycle INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN extended_this_cycle INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN rated_this_answer INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN rating INTEGER;
ALTER TABLE cases ADD COLUMN paused_at INTEGER;        -- start of the open pause (awaiting citizen)
ALTER TABLE cases ADD COLUMN merged_into TEXT;

-- Structured details of an event (reject reason, transfer target, score, extension days), JSON.
ALTER TABLE case_events ADD COLUMN data TEXT NOT NULL DEFAULT '';
