-- compatible: yes
-- 028: satisfaction surveys (issue 18 item 3, docs/surveys.md). New tables only, so older binaries
-- keep working. survey_questionnaires keeps every version of each definition (JSON text,
-- domain/survey.h). survey_tokens holds one row per closed case: the HASH of its single-use link
-- (never the link), the case's entity, category and month, and whether it was used; it is what
-- the track page asks "is the survey still open for this case?". survey_responses holds the
-- answers with NO case, reference, token, person or time finer than the month; its key is random
-- (PostgreSQL keeps rows in heap order: see docs/surveys.md "What is left" for what that reveals).
CREATE TABLE survey_questionnaires (
  code        text NOT NULL,
  version     bigint NOT NULL,
  definition  text NOT NULL,
  PRIMARY KEY (code, version)
);
CREATE TABLE survey_tokens (
  token_hash  text PRIMARY KEY,
  case_id     bigint NOT NULL UNIQUE,
  entity      text NOT NULL,
  category    text NOT NULL,
  month       text NOT NULL,
  expires_at  bigint NOT NULL,
  used        bigint NOT NULL DEFAULT 0
);
CREATE TABLE survey_responses (
  id             text PRIMARY KEY,
  questionnaire  text NOT NULL,
  version        bigint NOT NULL,
  entity         text NOT NULL,
  category       text NOT NULL,
  month          text NOT NULL,
  answers        text NOT NULL
);
CREATE INDEX survey_responses_by_questionnaire ON survey_responses(questionnaire, entity);
