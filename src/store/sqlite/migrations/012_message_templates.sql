-- 012: the words of messages, edited by administrators (issue 15, /admin/messages). A row is one
-- version of the template for (kind, channel, language); the newest version is in force and the
-- built-in text (domain/message_templates.cpp) applies where there is none. Rows are only ever
-- inserted, so every version stays readable.
CREATE TABLE message_templates (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  channel     TEXT NOT NULL,
  language    TEXT NOT NULL,
  version     INTEGER NOT NULL,
  subject     TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  UNIQUE (kind, channel, language, version)
);
