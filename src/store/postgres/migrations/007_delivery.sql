-- 007: the outbox becomes a delivery queue (issue 15, docs/notifications.md). Each row is one
-- message to one recipient on one channel; the delivery worker claims due rows (status queued or
-- retrying with next_attempt_at <= now, or sending with an expired lease), sends them and records
-- the outcome. `recipient` names whom, never the address itself for a citizen ("case": the
-- contact on the case, read when sending, so a corrected or erased contact is honoured);
-- `masked` is the address as staff may see it. `secret` holds an access code that must reach a
-- caller (cases taken by phone) and is cleared once the message is final.
-- Statuses: queued | sending | sent | delivered | retrying | failed (permanent) | dead (gave up).
ALTER TABLE outbox ADD COLUMN channel text NOT NULL DEFAULT 'email';
ALTER TABLE outbox ADD COLUMN language text NOT NULL DEFAULT 'ar';
ALTER TABLE outbox ADD COLUMN masked text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN essential integer NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at bigint NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN updated_at bigint NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN sent_at bigint;
ALTER TABLE outbox ADD COLUMN last_error text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN provider_id text NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN secret text;
UPDATE outbox SET status = 'queued', next_attempt_at = created_at, updated_at = created_at
  WHERE status = 'pending';
UPDATE outbox SET status = 'sending', next_attempt_at = created_at, updated_at = created_at
  WHERE status = 'claimed';
DROP INDEX outbox_pending;
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status IN ('queued', 'retrying', 'sending');
CREATE INDEX outbox_reference ON outbox(reference, id);
CREATE INDEX outbox_status ON outbox(status, id);
-- The citizen's choice of channel (domain::NotifyChoice): '' automatic, 'email', 'sms', 'none'.
ALTER TABLE cases ADD COLUMN notify text NOT NULL DEFAULT '';
