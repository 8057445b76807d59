-- compatible: yes
-- 018: the public read model of suggestion outcomes (issue 19, item 2; domain/suggestion_outcome.h).
-- The source of truth is the case's hash-chained "suggestion_outcome" events; this row is the
-- fold of those events (domain::OutcomeOf), rewritten in the same transaction as each event, so
-- that the public page /suggestions and its counts never read histories. One row per suggestion
-- that has an outcome; no personal data (the summary is the public text staff write for it).
CREATE TABLE suggestion_outcomes (
  case_id         bigint PRIMARY KEY REFERENCES cases(id),
  entity          TEXT NOT NULL,
  category        TEXT NOT NULL,
  submitted_at    bigint NOT NULL,
  stage           TEXT NOT NULL,
  progress        bigint NOT NULL,
  accepted_at     bigint,
  implemented_at  bigint,
  declined_at     bigint,
  summary         TEXT NOT NULL,
  updated_at      bigint NOT NULL
);
CREATE INDEX suggestion_outcomes_by_entity ON suggestion_outcomes (entity, stage, implemented_at);
CREATE INDEX suggestion_outcomes_implemented ON suggestion_outcomes (stage, implemented_at);
