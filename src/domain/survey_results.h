#pragma once
// The survey after each case (issue 18 item 3, docs/surveys.md): its default questionnaire, its
// single-use link, and the figures drawn from its anonymous responses.
//
// Invariants:
//  * A link's token is 32 random bytes (hex); only SurveyTokenHash(token) is stored, so the
//    database alone cannot open a survey.
//  * A response carries no case, reference, person or time finer than the month; figures are
//    computed from those responses only.
//  * A group (an entity, or an entity and category) of fewer than kMinSurveyGroup responses is
//    never shown with its figures (`shown` false and every figure zero), so nobody can read an
//    individual's answer off a group of one or two.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/survey.h"

namespace tawasul::domain {

inline constexpr std::string_view kAfterCaseSurvey = "after_case";
inline constexpr std::int64_t kMinSurveyGroup = 5;
// How long a survey link stays valid after the case closes: 60 days.
inline constexpr std::int64_t kSurveyLinkSeconds = 60LL * 24 * 60 * 60;

// The built-in questionnaire of the survey after each case (version 1): satisfaction 1-5,
// answered on time (yes/no), NPS 0-10, what to improve (only for a satisfaction of 1 or 2) and a
// comment. The figures read the ids "satisfaction", "on_time" and "nps"; an edited version that
// keeps them keeps its figures.
Questionnaire DefaultAfterCaseQuestionnaire();

// A fresh token (64 lowercase hex characters) and the hash stored for it (hex of BLAKE2b-256,
// unkeyed: the token is 256 random bits, so a key would add nothing).
std::string NewSurveyToken();
std::string SurveyTokenHash(std::string_view token);
// Whether `token` has the form NewSurveyToken gives (checked before any look-up).
bool WellFormedSurveyToken(std::string_view token);

// One stored response as the figures see it.
struct SurveyResponseRow {
  std::string entity;
  std::string category;
  std::string month;  // "YYYY-MM"
  SurveyAnswers answers;
};

struct SurveyFigures {
  std::string entity;
  std::string category;  // "" for the entity as a whole
  std::int64_t responses = 0;
  bool shown = false;            // responses >= kMinSurveyGroup
  double mean_satisfaction = 0;  // 1-5 over the responses that answered it
  double nps = 0;                // % promoters (9-10) - % detractors (0-6), -100..100
  double on_time_share = 0;      // 0..1 of those who answered "on_time"
  std::int64_t satisfaction_answers = 0;
  std::int64_t nps_answers = 0;
  std::int64_t on_time_answers = 0;
};

// Figures per entity (category "") followed by per (entity, category), each sorted; small groups
// suppressed as the invariant says.
std::vector<SurveyFigures> SurveyFiguresOf(const std::vector<SurveyResponseRow>& rows);

// "YYYY-MM" of Unix seconds (UTC).
std::string SurveyMonth(std::int64_t unix_seconds);

}  // namespace tawasul::domain
