-- compatible: yes
-- 030: Idempotency-Key of POST /api/v1/cases (issue 23 item 1; store/idempotency_store.h).

-- One row per key (its keyed hash), inserted in the transaction of the case it created; the
-- request body's hash (a different body under the same key is refused) and the 201 body sealed
-- under a key derived from the Idempotency-Key (domain/idempotency.h). Deleted after 24 hours by
-- the scheduler (created_at index).
CREATE TABLE idempotency_keys (
  key_hash   bytea PRIMARY KEY,
  body_hash  bytea NOT NULL,
  case_id    bigint NOT NULL,
  response   bytea NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
