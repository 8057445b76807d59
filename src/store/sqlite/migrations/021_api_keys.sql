-- 021: API keys for integrators (issue 17 item 3; domain/api_key.h, store/api_key_store.h).
-- Only the SHA-256 of the key is kept; `prefix` (not secret) finds the row. Rows are never
-- deleted: revoked_at records the end of a key's access.
-- compatible: yes
CREATE TABLE api_keys (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  prefix        TEXT NOT NULL UNIQUE,
  hash          TEXT NOT NULL,
  scopes        TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  created_by    TEXT NOT NULL,
  expires_at    INTEGER,
  last_used_at  INTEGER,
  revoked_at    INTEGER
);
