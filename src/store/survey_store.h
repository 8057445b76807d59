#pragma once
// The satisfaction surveys' store operations (issue 18 item 3, docs/surveys.md), an interface of
// its own beside `Store` (reached through Store::Surveys()).
//
// Invariants:
//  * A survey link's token is never stored, only domain::SurveyTokenHash of it. The token row of
//    a closed case (written by the store in the same transaction as the closing, see
//    common/case_ops.h) names the case, so the track page can offer the survey while unused; the
//    response row names no case, token, person or time finer than the month.
//  * AnswerSurvey stores the response and burns the token in ONE transaction, after checking,
//    inside it, that the token is unused and unexpired and that the questionnaire's quota is not
//    reached: two answers through one link store exactly one response.
//  * Every saved questionnaire is a new version; responses record the version they answered.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/survey.h"
#include "domain/survey_results.h"

namespace tawasul::store {

struct SurveyTokenRow {
  std::string entity;
  std::string category;
  std::string month;
  std::int64_t expires_at = 0;
  bool used = false;
};

enum class SurveyAnswerOutcome { kStored, kUnknownLink, kAlreadyAnswered, kExpired, kQuotaReached };

class SurveyStore {
 public:
  virtual ~SurveyStore() = default;
  // The latest version of every questionnaire, and of one (nullopt when never saved).
  virtual std::vector<domain::Questionnaire> LatestQuestionnaires() = 0;
  virtual std::optional<domain::Questionnaire> LatestQuestionnaire(const std::string& code) = 0;
  // Saves `q` (already checked) as the next version of its code; returns that version.
  virtual int SaveQuestionnaire(const domain::Questionnaire& q) = 0;
  // The token row for a link's hash.
  virtual std::optional<SurveyTokenRow> FindSurveyToken(const std::string& token_hash) = 0;
  // See the invariant. `answers` are already cleaned (domain::CleanResponse) against `q`.
  virtual SurveyAnswerOutcome AnswerSurvey(const std::string& token_hash,
                                           const domain::Questionnaire& q,
                                           const domain::SurveyAnswers& answers,
                                           std::int64_t now) = 0;
  // Whether case `case_id` has an unused, unexpired survey link at `now`.
  virtual bool SurveyPending(std::int64_t case_id, std::int64_t now) = 0;
  // Replaces the case's unused link by `token_hash` (the track page's button: the old link, in
  // the closing message, stops working). False when there is no unused, unexpired link.
  virtual bool RenewSurveyToken(std::int64_t case_id, const std::string& token_hash,
                                std::int64_t now) = 0;
  // Every stored response to questionnaire `code`, as the figures read them.
  virtual std::vector<domain::SurveyResponseRow> SurveyResponses(const std::string& code) = 0;
  // Stores `rows` as responses to (code, version) with no token (the demo data), in one
  // transaction.
  virtual void AddSurveyResponses(const std::string& code, int version,
                                  const std::vector<domain::SurveyResponseRow>& rows) = 0;
};

}  // namespace tawasul::store
