-- 005: each case keeps the inputs of its clocks (domain/case_clock.h) so that due times can be
-- recomputed when a holiday or a target changes; SLA targets per (entity, type, category) as
-- data; the scheduler's 75% warning and its escalation to central administration.

ALTER TABLE cases ADD COLUMN clock TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN warn_at INTEGER;
ALTER TABLE cases ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;

-- An empty key field matches anything; the most specific rule wins (domain/sla.h).
CREATE TABLE sla_targets (
  entity                 TEXT NOT NULL DEFAULT '',
  type                   TEXT NOT NULL DEFAULT '',
  category               TEXT NOT NULL DEFAULT '',
  first_response_unit    TEXT NOT NULL,
  first_response_amount  INTEGER NOT NULL,
  resolution_unit        TEXT NOT NULL,
  resolution_amount      INTEGER NOT NULL,
  PRIMARY KEY (entity, type, category)
);

-- Scheduler look-ups (each a partial index, so a tick reads only what is due).
CREATE INDEX cases_warning_due ON cases(warn_at)
  WHERE warned = 0 AND warn_at IS NOT NULL AND status IN ('received', 'in_progress');
CREATE INDEX cases_escalation_due ON cases(due_at)
  WHERE resolution_breached = 1 AND escalated = 0 AND status IN ('received', 'in_progress');
-- (Open cases for a recomputation are found by a scan: it is a rare administrative act, and an
-- index would cost every submission.)
