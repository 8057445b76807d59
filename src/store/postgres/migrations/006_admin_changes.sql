-- 006: the administration log, as SQLite's 010: every change an administrator makes outside case
-- histories (catalogue, calendar, SLA targets, users, response templates). Insert-only.
CREATE TABLE admin_changes (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at       bigint NOT NULL,
  actor    text NOT NULL,
  area     text NOT NULL,
  action   text NOT NULL,
  subject  text NOT NULL,
  detail   text NOT NULL
);
CREATE INDEX admin_changes_area ON admin_changes (area, id);
-- The attachment sweep asks whether any case refers to a stored file (by its hash).
CREATE INDEX case_attachments_sha ON case_attachments (sha256);
