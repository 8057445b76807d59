-- 015: the reminder to rate an answer before its window closes (issue 15, docs/notifications.md
-- "Who is told what"). One row per answer cycle that was reminded, keyed by the answer it was for
-- (the case's answered_at): written in the same transaction as its outbox row, so a second node or
-- a repeated scheduler step finds it and sends nothing twice; a case answered again has a new
-- answered_at and is reminded again. A row is written even when the citizen cannot be reached,
-- so such a case is not looked at again.
CREATE TABLE rate_reminders (
  case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  answered_at INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (case_id, answered_at)
);
-- Delivery reports from the SMS gateway name a message by the gateway's id for it
-- (docs/notifications.md "Delivery reports").
CREATE INDEX outbox_provider ON outbox(provider_id) WHERE provider_id <> '';
