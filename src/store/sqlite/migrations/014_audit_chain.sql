-- 014: trust in the record (issue 20, docs/audit.md). The per-field salts of a case's submission
-- digest (domain/submission_digest.h): kept beside the case, not in the chain, so that erasing a
-- personal field can remove its salt with it. Signed checkpoints: append-only like case_events;
-- their leaves (a case's reference, number of events and head hash at the cut-off) let `audit
-- verify --checkpoint` name the first case that differs; the leaves are protected by the signed
-- root, so they are not append-only and old checkpoints' leaves are pruned (docs/audit.md).
CREATE TABLE case_submission_salts (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  salts   TEXT NOT NULL
);
CREATE TABLE audit_checkpoints (
  id           INTEGER PRIMARY KEY,
  created_at   INTEGER NOT NULL,
  cases        INTEGER NOT NULL,
  event_cutoff INTEGER NOT NULL,
  root         TEXT NOT NULL,
  public_key   TEXT NOT NULL,
  text         TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TABLE audit_checkpoint_leaves (
  checkpoint_id INTEGER NOT NULL,
  reference     TEXT NOT NULL,
  events        INTEGER NOT NULL,
  head          BLOB NOT NULL,
  PRIMARY KEY (checkpoint_id, reference)
) WITHOUT ROWID;
