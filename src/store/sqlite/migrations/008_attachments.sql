-- 008: attachments of a case (docs/decisions.md 2026-12-04). The files themselves live outside
-- the database, content-addressed by their SHA-256 (serve --attachments-dir); a row links a case
-- to one file with the name the citizen gave it (sanitised), the sniffed media type and the size.
-- Rows are written in the transaction that creates the case, after the files are on disk.
CREATE TABLE case_attachments (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  file_name   TEXT NOT NULL,
  media_type  TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id, id);
