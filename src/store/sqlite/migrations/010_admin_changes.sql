-- 010: the administration log (issue 4, /admin/changes): every change an administrator makes
-- outside case histories (catalogue, calendar, SLA targets, users, response templates), who made
-- it and when. Rows are only ever inserted. `detail` is JSON (the values after the change, or
-- what was added and removed); it never holds a password or its hash.
CREATE TABLE admin_changes (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  area     TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT NOT NULL,
  detail   TEXT NOT NULL
);
CREATE INDEX admin_changes_area ON admin_changes (area, id);
-- The attachment sweep asks whether any case refers to a stored file (by its hash).
CREATE INDEX case_attachments_sha ON case_attachments (sha256);
