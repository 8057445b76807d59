-- compatible: yes
-- 032: satisfaction surveys (issue 18 item 3, docs/surveys.md). New tables only, so older binaries
-- keep working. survey_questionnaires keeps every version of each definition (JSON text,
-- domain/survey.h). survey_tokens holds one row per closed case: the HASH of its single-use link
-- (never the link), the case's entity, category and month, and whether it was used; it is what
-- the track page asks "is the survey still open for this case?". survey_responses holds the
-- answers with NO case, reference, token, person or time finer than the month; its key is random
-- and the table has no rowid (WITHOUT ROWID), so not even the storage order follows the order of
-- answering.
CREATE TABLE survey_questionnaires (
  code        TEXT NOT NULL,
  version     INTEGER NOT NULL,
  definition  TEXT NOT NULL,
  PRIMARY KEY (code, version)
);
CREATE TABLE survey_tokens (
  token_hash  TEXT PRIMARY KEY,
  case_id     INTEGER NOT NULL UNIQUE,
  entity      TEXT NOT NULL,
  category    TEXT NOT NULL,
  month       TEXT NOT NULL,
  expires_at  INTEGER NOT NULL,
  used        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE survey_responses (
  id             TEXT PRIMARY KEY,
  questionnaire  TEXT NOT NULL,
  version        INTEGER NOT NULL,
  entity         TEXT NOT NULL,
  category       TEXT NOT NULL,
  month          TEXT NOT NULL,
  answers        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_responses_by_questionnaire ON survey_responses(questionnaire, entity);
