-- 016: the daily digest of an entity for its supervisors (issue 15, docs/notifications.md "The
-- daily digest"). One row per entity and local date, written in the same transaction as the
-- digest's outbox row (or alone, when there was nothing to tell): a repeated scheduler step, a
-- second node or a crash mid-step finds it and sends nothing twice that day.
CREATE TABLE staff_digests (
  entity      TEXT NOT NULL,
  local_date  TEXT NOT NULL,
  created_at  bigint NOT NULL,
  sent        integer NOT NULL,
  PRIMARY KEY (entity, local_date)
);
