#pragma once
// The satisfaction surveys' use cases (issue 18 item 3, docs/surveys.md), shared by the survey
// pages, the track page's button, the administration pages and the demo data.
//
// Invariants:
//  * The questionnaire of the survey after each case is the latest stored version of
//    "after_case", else the built-in one (domain::DefaultAfterCaseQuestionnaire).
//  * A response is checked completely (domain::CleanResponse) before the store is asked to keep
//    it; the store then burns the link in the same transaction, so a refused answer stores
//    nothing and the link stays usable.
//  * Figures reach a page or a CSV only through domain::SurveyFiguresOf, which suppresses groups
//    under domain::kMinSurveyGroup responses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/survey.h"
#include "domain/survey_results.h"
#include "service/context.h"
#include "store/survey_store.h"

namespace tawasul::service {

domain::Questionnaire AfterCaseQuestionnaire(const AppContext& ctx);

// What a survey link opens.
struct SurveyLinkState {
  enum class Kind { kOpen, kUnknown, kAlreadyAnswered, kExpired, kClosed } kind = Kind::kUnknown;
  domain::Questionnaire questionnaire;
};
SurveyLinkState OpenSurveyLink(const AppContext& ctx, std::string_view token, std::int64_t now);

// The outcome of answering through a link: stored, or refused with the first problem
// (`problem.question` names the question) or the link's state.
struct SurveyAnswerResult {
  bool stored = false;
  std::optional<domain::SurveyProblem> problem;
  SurveyLinkState::Kind link = SurveyLinkState::Kind::kOpen;
};
SurveyAnswerResult AnswerSurvey(const AppContext& ctx, std::string_view token,
                                const domain::SurveyAnswers& answers, std::int64_t now);

// A new link for the closed case `case_id` while its survey is unanswered and unexpired (the
// track page's button); nullopt otherwise.
std::optional<std::string> RenewSurveyLink(const AppContext& ctx, std::int64_t case_id,
                                           std::int64_t now);

// The figures of the survey after each case (small groups suppressed), and as CSV.
std::vector<domain::SurveyFigures> AfterCaseFigures(const AppContext& ctx);
std::string SurveyFiguresCsv(const std::vector<domain::SurveyFigures>& figures);

// Questionnaires as JSON Lines (one definition a line, latest versions), and the import: every
// line is checked first and nothing is saved unless all are valid. Returns the problems, each
// prefixed "line N: ".
std::string ExportQuestionnaires(const AppContext& ctx);
std::vector<std::string> ImportQuestionnaires(const AppContext& ctx, std::string_view jsonl);

// `count` anonymous demo responses to the survey after each case over `entities` (code, its
// categories), months of `year`, deterministic for `seed` (the demo data, src/app/demo.cpp).
struct DemoEntity {
  std::string code;
  std::vector<std::string> categories;
};
void AddDemoSurveyResponses(store::Store& store, const std::vector<DemoEntity>& entities, int count,
                            int year, std::uint32_t seed);

}  // namespace tawasul::service
