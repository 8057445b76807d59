-- 008: the words of messages, edited by administrators (issue 15, /admin/messages). A row is one
-- version of the template for (kind, channel, language); the newest version is in force and the
-- built-in text (domain/message_templates.cpp) applies where there is none. Rows are only ever
-- inserted, so every version stays readable.
CREATE TABLE message_templates (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL,
  channel     text NOT NULL,
  language    text NOT NULL,
  version     bigint NOT NULL,
  subject     text NOT NULL DEFAULT '',
  body        text NOT NULL,
  created_at  bigint NOT NULL,
  created_by  text NOT NULL,
  UNIQUE (kind, channel, language, version)
);
