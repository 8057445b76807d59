#pragma once
// The questionnaire engine (issue 18 item 3, docs/surveys.md): question kinds, the checks on a
// questionnaire's definition and on a response, conditional questions, windows and quotas.
// Pure: no I/O; the store keeps a definition as the JSON text QuestionnaireToJson writes.
//
// Invariants:
//  * A questionnaire that passes CheckQuestionnaire has unique question ids (lowercase ASCII,
//    digits, '_'), options for every choice question and rows for every matrix, and conditions
//    that refer only to an EARLIER choice, scale or NPS question, so a response is judged in one
//    pass and no condition can form a cycle.
//  * CleanResponse either returns the answers to store (answers to questions whose condition is
//    false are dropped, text is trimmed) or names the first question that is wrong; it never
//    returns both, so nothing half-checked is stored.
//  * Answers are keyed by question id; a matrix's answers by "<id>.<row value>". Every answer is
//    a list of strings (one element except for multiple choice).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tawasul::domain {

enum class QuestionKind { kSingle, kMultiple, kScale, kNps, kShortText, kLongText, kMatrix };

std::string_view ToString(QuestionKind kind);
std::optional<QuestionKind> ParseQuestionKind(std::string_view s);

inline constexpr std::size_t kShortTextMax = 200;  // characters (UTF-8 code points)
inline constexpr std::size_t kLongTextMax = 2000;  // characters
inline constexpr std::size_t kMaxQuestions = 50;   // per questionnaire
inline constexpr std::size_t kMaxOptions = 30;     // per choice question or matrix

struct SurveyOption {
  std::string value;  // what is stored: [a-z0-9_]{1,32}
  std::string label_ar;
  std::string label_en;
  bool operator==(const SurveyOption&) const = default;
};

// Show a question only when the answer to `question` includes one of `any_of`.
struct ShowIf {
  std::string question;
  std::vector<std::string> any_of;
  bool operator==(const ShowIf&) const = default;
};

struct Question {
  std::string id;
  QuestionKind kind = QuestionKind::kSingle;
  std::string text_ar;
  std::string text_en;
  bool required = false;
  std::vector<SurveyOption> options;  // single and multiple choice
  std::vector<SurveyOption> rows;     // matrix: each row is answered on the 1-5 scale
  std::optional<ShowIf> show_if;
  bool operator==(const Question&) const = default;
};

struct Questionnaire {
  std::string code;  // [a-z0-9_]{1,32}; "after_case" is the survey after each case
  int version = 1;   // set by the store: each save of a code is a new version
  std::string title_ar;
  std::string title_en;
  std::vector<Question> questions;
  std::int64_t opens_at = 0;   // Unix seconds; 0: no start
  std::int64_t closes_at = 0;  // Unix seconds; 0: no end
  std::int64_t quota = 0;      // responses accepted at most; 0: no quota
  bool operator==(const Questionnaire&) const = default;
};

using SurveyAnswers = std::map<std::string, std::vector<std::string>>;

// What is wrong, and where: `question` is the question's id ("" for the questionnaire itself),
// `field` the member at fault when checking a definition.
struct SurveyProblem {
  std::string question;
  std::string code;  // "required", "not_an_option", "out_of_range", "too_long", "unknown", ...
  std::string detail;
};

// Null when `q` is a valid definition; else the first problem.
std::optional<SurveyProblem> CheckQuestionnaire(const Questionnaire& q);

// JSON text of the definition (stable member order) and back. FromJson checks the format and
// then CheckQuestionnaire; `problem` receives the first fault.
std::string QuestionnaireToJson(const Questionnaire& q);
std::optional<Questionnaire> QuestionnaireFromJson(std::string_view json, SurveyProblem& problem);

// Whether `question` is shown given the answers so far (no condition: always).
bool QuestionShown(const Question& question, const SurveyAnswers& answers);

// The response to store, or (in `problem`) the first question that is wrong, in the
// questionnaire's order. Answers to unknown keys are refused (a form that does not match the
// questionnaire), answers to hidden questions dropped, empty answers treated as absent.
std::optional<SurveyAnswers> CleanResponse(const Questionnaire& q, const SurveyAnswers& answers,
                                           SurveyProblem& problem);

enum class SurveyAvailability { kOpen, kNotYetOpen, kClosed, kQuotaReached };
// Whether a response may be stored at `now` when `responses` are already stored.
SurveyAvailability Availability(const Questionnaire& q, std::int64_t now, std::int64_t responses);

// JSON of stored answers and back (an object of arrays of strings; nullopt when malformed).
std::string AnswersToJson(const SurveyAnswers& answers);
std::optional<SurveyAnswers> AnswersFromJson(std::string_view json);

}  // namespace tawasul::domain
