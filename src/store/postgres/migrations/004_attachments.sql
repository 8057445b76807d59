-- 004: attachments of a case, as SQLite's 008. The files live outside the database,
-- content-addressed by SHA-256; a row links a case to one file (sanitised name, sniffed media
-- type, size), written in the transaction that creates the case.
CREATE TABLE case_attachments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases(id),
  file_name   text NOT NULL,
  media_type  text NOT NULL,
  size        bigint NOT NULL,
  sha256      text NOT NULL,
  created_at  bigint NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id, id);
