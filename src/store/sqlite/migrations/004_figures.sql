-- 004: the figures of DESIGN.md §3 as aggregates maintained in the same transaction as the
-- events (see src/domain/figures.h).


-- level 0: period = local day (days since 1970-01-01); level 1: period = yyyymm;
-- level 2: period = 0, the cases open now (only `open` is used);
-- levels 3 and 4: the day and month rows rolled up by entity (category, type and channel '*'),
-- so national and per-entity figures read a few hundred rows, not one per key.
-- fr_hist / answer_hist: working-minute histograms (domain::Histogram::Encode), merged by the
-- SQL function hist_merge registered on the writer connection.
CREATE TABLE figures (
  level            INTEGER NOT NULL,
  period           INTEGER NOT NULL,
  entity           TEXT NOT NULL,
  category         TEXT NOT NULL,
  type             TEXT NOT NULL,
  channel          TEXT NOT NULL,
  received         INTEGER NOT NULL DEFAULT 0,
  answered         INTEGER NOT NULL DEFAULT 0,
  answered_on_time INTEGER NOT NULL DEFAULT 0,
  due              INTEGER NOT NULL DEFAULT 0,
  due_met          INTEGER NOT NULL DEFAULT 0,
  rated            INTEGER NOT NULL DEFAULT 0,
  rating_sum       INTEGER NOT NULL DEFAULT 0,
  rating_4_5       INTEGER NOT NULL DEFAULT 0,
  transferred      INTEGER NOT NULL DEFAULT 0,
  reopened         INTEGER NOT NULL DEFAULT 0,
  open             INTEGER NOT NULL DEFAULT 0,
  fr_hist          BLOB NOT NULL DEFAULT x'',
  answer_hist      BLOB NOT NULL DEFAULT x'',
  PRIMARY KEY (level, period, entity, category, type, channel)
) WITHOUT ROWID;

-- "Overdue now": open cases whose clock runs, by due time, covering the figures' filters.
CREATE INDEX cases_overdue ON cases(due_at, entity, type, category, channel)
  WHERE status IN ('received', 'in_progress');
