-- 003: what the scheduler needs: one breach flag per clock (so a breach is recorded once), an
-- outbox for notifications, and partial indexes so a tick reads only what is due, never all cases.

ALTER TABLE cases ADD COLUMN first_response_breached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN resolution_breached INTEGER NOT NULL DEFAULT 0;

CREATE INDEX cases_resolution_due ON cases(due_at)
  WHERE resolution_breached = 0 AND status IN ('received', 'in_progress');
CREATE INDEX cases_first_response_due ON cases(first_response_due_at)
  WHERE first_response_breached = 0 AND first_response_at IS NULL
    AND status IN ('received', 'in_progress');
CREATE INDEX cases_answered_at ON cases(answered_at) WHERE status = 'answered';

-- Notifications to deliver (a later issue delivers them by email, SMS and webhooks).
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  created_at  INTEGER NOT NULL,
  kind        TEXT NOT NULL,            -- breach | escalation | ...
  recipient   TEXT NOT NULL,            -- "role:supervisor@MOW", "user:12", ...
  reference   TEXT NOT NULL,
  payload     TEXT NOT NULL DEFAULT '', -- JSON
  status      TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX outbox_pending ON outbox(id) WHERE status = 'pending';
