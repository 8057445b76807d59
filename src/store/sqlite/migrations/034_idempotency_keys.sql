-- compatible: yes
-- 034: Idempotency-Key of POST /api/v1/cases (issue 23 item 1; store/idempotency_store.h).

-- One row per key (its keyed hash), inserted in the transaction of the case it created; the
-- request body's hash (a different body under the same key is refused) and the 201 body sealed
-- under a key derived from the Idempotency-Key (domain/idempotency.h). Deleted after 24 hours by
-- the scheduler (created_at index).
CREATE TABLE idempotency_keys (
  key_hash   BLOB PRIMARY KEY,
  body_hash  BLOB NOT NULL,
  case_id    INTEGER NOT NULL,
  response   BLOB NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
