-- 010: trust in the record (issue 20, docs/audit.md). The per-field salts of a case's submission
-- digest (domain/submission_digest.h): kept beside the case, not in the chain, so that erasing a
-- personal field can remove its salt with it. Signed checkpoints: append-only like case_events;
-- their leaves (a case's reference, number of events and head hash at the cut-off) let `audit
-- verify --checkpoint` name the first case that differs; the leaves are protected by the signed
-- root, so they are not append-only and old checkpoints' leaves are pruned (docs/audit.md).
CREATE TABLE case_submission_salts (
  case_id bigint PRIMARY KEY REFERENCES cases(id),
  salts   text NOT NULL
);
CREATE TABLE audit_checkpoints (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at   bigint NOT NULL,
  cases        bigint NOT NULL,
  event_cutoff bigint NOT NULL,
  root         text NOT NULL,
  public_key   text NOT NULL,
  text         text NOT NULL
);
CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoints is append-only';
END $$;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
CREATE TABLE audit_checkpoint_leaves (
  checkpoint_id bigint NOT NULL,
  reference     text NOT NULL,
  events        bigint NOT NULL,
  head          bytea NOT NULL,
  PRIMARY KEY (checkpoint_id, reference)
);
