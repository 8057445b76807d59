-- 017: API keys for integrators (issue 17 item 3; domain/api_key.h, store/api_key_store.h).
-- Only the SHA-256 of the key is kept; `prefix` (not secret) finds the row. Rows are never
-- deleted: revoked_at records the end of a key's access.
-- compatible: yes
CREATE TABLE api_keys (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL,
  prefix        text NOT NULL UNIQUE,
  hash          text NOT NULL,
  scopes        text NOT NULL,
  created_at    bigint NOT NULL,
  created_by    text NOT NULL,
  expires_at    bigint,
  last_used_at  bigint,
  revoked_at    bigint
);
