#pragma once
// SQLite statements of the satisfaction surveys (store/common/sql_store_survey.h); a base of
// `Sql` (queries.h). The same names, in the same parameter order, as postgres/queries_survey.h.

namespace tawasul::store::sqlite {

struct q_survey {
  static constexpr const char kLatestQuestionnaires[] =
      "SELECT q.definition, q.version FROM survey_questionnaires q WHERE q.version = "
      "(SELECT max(version) FROM survey_questionnaires WHERE code = q.code) ORDER BY q.code";
  static constexpr const char kLatestQuestionnaire[] =
      "SELECT definition, version FROM survey_questionnaires WHERE code = ?1 "
      "ORDER BY version DESC LIMIT 1";
  static constexpr const char kNextQuestionnaireVersion[] =
      "SELECT coalesce(max(version), 0) + 1 FROM survey_questionnaires WHERE code = ?1";
  static constexpr const char kInsertQuestionnaire[] =
      "INSERT INTO survey_questionnaires(code, version, definition) VALUES (?1, ?2, ?3)";
  // A case closed (again): its link is replaced, used or not (a new closing, a new survey).
  static constexpr const char kUpsertSurveyToken[] =
      "INSERT INTO survey_tokens(token_hash, case_id, entity, category, month, expires_at, used) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0) ON CONFLICT(case_id) DO UPDATE SET "
      "token_hash = excluded.token_hash, entity = excluded.entity, category = excluded.category, "
      "month = excluded.month, expires_at = excluded.expires_at, used = 0";
  static constexpr const char kFindSurveyToken[] =
      "SELECT entity, category, month, expires_at, used FROM survey_tokens WHERE token_hash = ?1";
  static constexpr const char kFindSurveyTokenForUpdate[] =
      "SELECT entity, category, month, expires_at, used FROM survey_tokens WHERE token_hash = ?1";
  static constexpr const char kBurnSurveyToken[] =
      "UPDATE survey_tokens SET used = 1 WHERE token_hash = ?1 AND used = 0";
  static constexpr const char kSurveyPending[] =
      "SELECT 1 FROM survey_tokens WHERE case_id = ?1 AND used = 0 AND expires_at > ?2";
  static constexpr const char kRenewSurveyToken[] =
      "UPDATE survey_tokens SET token_hash = ?2 WHERE case_id = ?1 AND used = 0 AND expires_at > "
      "?3";
  static constexpr const char kCountSurveyResponses[] =
      "SELECT count(*) FROM survey_responses WHERE questionnaire = ?1";
  static constexpr const char kInsertSurveyResponse[] =
      "INSERT INTO survey_responses(id, questionnaire, version, entity, category, month, answers) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  static constexpr const char kSurveyResponses[] =
      "SELECT entity, category, month, answers FROM survey_responses WHERE questionnaire = ?1";
};

}  // namespace tawasul::store::sqlite
