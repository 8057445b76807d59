// The questionnaire engine (survey.h). Definitions are checked once when saved, so a response is
// judged against a definition known to be sound; the response check walks the questions in order
// so a condition always sees the (already cleaned) answer it depends on.

#include "domain/survey.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

namespace tawasul::domain {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 7> kKindNames = {"single",     "multiple",  "scale", "nps",
                                                        "short_text", "long_text", "matrix"};

bool ValidId(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

std::size_t CodePoints(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

std::string Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

// An integer in [lo, hi] written in plain ASCII digits, or nullopt.
std::optional<int> IntIn(std::string_view s, int lo, int hi) {
  if (s.empty() || s.size() > 2) return std::nullopt;
  int v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

bool HasOption(const std::vector<SurveyOption>& options, std::string_view v) {
  return std::any_of(options.begin(), options.end(),
                     [&](const SurveyOption& o) { return o.value == v; });
}

SurveyProblem Problem(std::string question, std::string code, std::string detail = "") {
  return {std::move(question), std::move(code), std::move(detail)};
}

std::optional<SurveyProblem> CheckOptions(const Question& q, const std::vector<SurveyOption>& list,
                                          const char* what) {
  if (list.empty() || list.size() > kMaxOptions) return Problem(q.id, "options", what);
  std::set<std::string> seen;
  for (const auto& o : list) {
    if (!ValidId(o.value) || !seen.insert(o.value).second)
      return Problem(q.id, "option_value", o.value);
    if (o.label_ar.empty() || o.label_en.empty()) return Problem(q.id, "option_label", o.value);
  }
  return std::nullopt;
}

// Whether `value` is a possible answer of `q` (used to check a condition's values).
bool PossibleAnswer(const Question& q, std::string_view value) {
  switch (q.kind) {
    case QuestionKind::kSingle:
    case QuestionKind::kMultiple:
      return HasOption(q.options, value);
    case QuestionKind::kScale:
      return IntIn(value, 1, 5).has_value();
    case QuestionKind::kNps:
      return IntIn(value, 0, 10).has_value();
    default:
      return false;
  }
}

json OptionsJson(const std::vector<SurveyOption>& list) {
  json a = json::array();
  for (const auto& o : list)
    a.push_back({{"value", o.value}, {"ar", o.label_ar}, {"en", o.label_en}});
  return a;
}

std::vector<SurveyOption> OptionsFrom(const json& a) {
  std::vector<SurveyOption> out;
  for (const auto& o : a) {
    out.push_back({o.at("value").get<std::string>(), o.value("ar", ""), o.value("en", "")});
  }
  return out;
}

// The problem with one shown question's answer `a` (already trimmed, empties removed), or null.
std::optional<SurveyProblem> CheckAnswer(const Question& q, const std::vector<std::string>& a) {
  switch (q.kind) {
    case QuestionKind::kSingle:
      if (a.size() != 1) return Problem(q.id, "one_answer");
      if (!HasOption(q.options, a[0])) return Problem(q.id, "not_an_option");
      return std::nullopt;
    case QuestionKind::kMultiple: {
      std::set<std::string> seen;
      for (const auto& v : a) {
        if (!HasOption(q.options, v)) return Problem(q.id, "not_an_option");
        if (!seen.insert(v).second) return Problem(q.id, "duplicate");
      }
      return std::nullopt;
    }
    case QuestionKind::kScale:
    case QuestionKind::kNps:
      if (a.size() != 1) return Problem(q.id, "one_answer");
      if (!PossibleAnswer(q, a[0])) return Problem(q.id, "out_of_range");
      return std::nullopt;
    case QuestionKind::kShortText:
      if (a.size() != 1) return Problem(q.id, "one_answer");
      if (a[0].find('\n') != std::string::npos) return Problem(q.id, "one_line");
      if (CodePoints(a[0]) > kShortTextMax) return Problem(q.id, "too_long");
      return std::nullopt;
    case QuestionKind::kLongText:
      if (a.size() != 1) return Problem(q.id, "one_answer");
      if (CodePoints(a[0]) > kLongTextMax) return Problem(q.id, "too_long");
      return std::nullopt;
    case QuestionKind::kMatrix:
      return std::nullopt;  // checked per row by the caller
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(QuestionKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<QuestionKind> ParseQuestionKind(std::string_view s) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == s) return static_cast<QuestionKind>(i);
  }
  return std::nullopt;
}

std::optional<SurveyProblem> CheckQuestionnaire(const Questionnaire& q) {
  if (!ValidId(q.code)) return Problem("", "code", q.code);
  if (q.version < 1) return Problem("", "version");
  if (q.title_ar.empty() || q.title_en.empty()) return Problem("", "title");
  if (q.questions.empty() || q.questions.size() > kMaxQuestions) return Problem("", "questions");
  if (q.opens_at < 0 || q.closes_at < 0 || q.quota < 0) return Problem("", "window");
  if (q.opens_at != 0 && q.closes_at != 0 && q.closes_at <= q.opens_at) {
    return Problem("", "window", "closes_at must be after opens_at");
  }
  std::map<std::string, const Question*> earlier;
  for (const auto& qu : q.questions) {
    if (!ValidId(qu.id) || earlier.count(qu.id) != 0) return Problem(qu.id, "id");
    if (qu.text_ar.empty() || qu.text_en.empty()) return Problem(qu.id, "text");
    if (qu.kind == QuestionKind::kSingle || qu.kind == QuestionKind::kMultiple) {
      if (auto p = CheckOptions(qu, qu.options, "options")) return p;
    } else if (!qu.options.empty()) {
      return Problem(qu.id, "options", "only choice questions have options");
    }
    if (qu.kind == QuestionKind::kMatrix) {
      if (auto p = CheckOptions(qu, qu.rows, "rows")) return p;
    } else if (!qu.rows.empty()) {
      return Problem(qu.id, "rows", "only a matrix has rows");
    }
    if (qu.show_if) {
      auto it = earlier.find(qu.show_if->question);
      if (it == earlier.end()) return Problem(qu.id, "show_if", "must name an earlier question");
      if (qu.show_if->any_of.empty()) return Problem(qu.id, "show_if", "no value");
      for (const auto& v : qu.show_if->any_of) {
        if (!PossibleAnswer(*it->second, v)) return Problem(qu.id, "show_if", v);
      }
    }
    earlier[qu.id] = &qu;
  }
  return std::nullopt;
}

std::string QuestionnaireToJson(const Questionnaire& q) {
  json qs = json::array();
  for (const auto& qu : q.questions) {
    json j = {{"id", qu.id},
              {"kind", ToString(qu.kind)},
              {"ar", qu.text_ar},
              {"en", qu.text_en},
              {"required", qu.required}};
    if (!qu.options.empty()) j["options"] = OptionsJson(qu.options);
    if (!qu.rows.empty()) j["rows"] = OptionsJson(qu.rows);
    if (qu.show_if)
      j["show_if"] = {{"question", qu.show_if->question}, {"any_of", qu.show_if->any_of}};
    qs.push_back(std::move(j));
  }
  json j = {{"code", q.code},         {"version", q.version},      {"title_ar", q.title_ar},
            {"title_en", q.title_en}, {"opens_at", q.opens_at},    {"closes_at", q.closes_at},
            {"quota", q.quota},       {"questions", std::move(qs)}};
  return j.dump();
}

std::optional<Questionnaire> QuestionnaireFromJson(std::string_view text, SurveyProblem& problem) {
  Questionnaire q;
  try {
    json j = json::parse(text);
    q.code = j.at("code").get<std::string>();
    q.version = j.value("version", 1);
    q.title_ar = j.at("title_ar").get<std::string>();
    q.title_en = j.at("title_en").get<std::string>();
    q.opens_at = j.value("opens_at", std::int64_t{0});
    q.closes_at = j.value("closes_at", std::int64_t{0});
    q.quota = j.value("quota", std::int64_t{0});
    for (const auto& jq : j.at("questions")) {
      Question qu;
      qu.id = jq.at("id").get<std::string>();
      auto kind = ParseQuestionKind(jq.at("kind").get<std::string>());
      if (!kind) {
        problem = Problem(qu.id, "kind", jq.at("kind").get<std::string>());
        return std::nullopt;
      }
      qu.kind = *kind;
      qu.text_ar = jq.at("ar").get<std::string>();
      qu.text_en = jq.at("en").get<std::string>();
      qu.required = jq.value("required", false);
      if (jq.contains("options")) qu.options = OptionsFrom(jq.at("options"));
      if (jq.contains("rows")) qu.rows = OptionsFrom(jq.at("rows"));
      if (jq.contains("show_if")) {
        const auto& s = jq.at("show_if");
        qu.show_if = ShowIf{s.at("question").get<std::string>(),
                            s.at("any_of").get<std::vector<std::string>>()};
      }
      q.questions.push_back(std::move(qu));
    }
  } catch (const json::exception& e) {
    problem = Problem("", "json", e.what());
    return std::nullopt;
  }
  if (auto p = CheckQuestionnaire(q)) {
    problem = *p;
    return std::nullopt;
  }
  return q;
}

bool QuestionShown(const Question& question, const SurveyAnswers& answers) {
  if (!question.show_if) return true;
  auto it = answers.find(question.show_if->question);
  if (it == answers.end()) return false;
  const auto& want = question.show_if->any_of;
  return std::any_of(it->second.begin(), it->second.end(), [&](const std::string& v) {
    return std::find(want.begin(), want.end(), v) != want.end();
  });
}

std::optional<SurveyAnswers> CleanResponse(const Questionnaire& q, const SurveyAnswers& answers,
                                           SurveyProblem& problem) {
  // Every key must belong to the questionnaire: a question id, or "<matrix id>.<row>".
  std::set<std::string> known;
  for (const auto& qu : q.questions) {
    if (qu.kind == QuestionKind::kMatrix) {
      for (const auto& r : qu.rows) known.insert(qu.id + "." + r.value);
    } else {
      known.insert(qu.id);
    }
  }
  for (const auto& [key, _] : answers) {
    if (known.count(key) == 0) {
      problem = Problem(key, "unknown");
      return std::nullopt;
    }
  }
  auto given = [&answers](const std::string& key) {
    std::vector<std::string> out;
    auto it = answers.find(key);
    if (it == answers.end()) return out;
    for (const auto& v : it->second) {
      auto t = Trim(v);
      if (!t.empty()) out.push_back(std::move(t));
    }
    return out;
  };
  SurveyAnswers out;
  for (const auto& qu : q.questions) {
    if (!QuestionShown(qu, out)) continue;  // conditions see only cleaned, shown answers
    if (qu.kind == QuestionKind::kMatrix) {
      for (const auto& r : qu.rows) {
        auto a = given(qu.id + "." + r.value);
        if (a.empty()) {
          if (!qu.required) continue;
          problem = Problem(qu.id, "required", r.value);
          return std::nullopt;
        }
        if (a.size() != 1 || !IntIn(a[0], 1, 5)) {
          problem = Problem(qu.id, "out_of_range", r.value);
          return std::nullopt;
        }
        out[qu.id + "." + r.value] = std::move(a);
      }
      continue;
    }
    auto a = given(qu.id);
    if (a.empty()) {
      if (!qu.required) continue;
      problem = Problem(qu.id, "required");
      return std::nullopt;
    }
    if (auto p = CheckAnswer(qu, a)) {
      problem = *p;
      return std::nullopt;
    }
    out[qu.id] = std::move(a);
  }
  return out;
}

SurveyAvailability Availability(const Questionnaire& q, std::int64_t now, std::int64_t responses) {
  if (q.opens_at != 0 && now < q.opens_at) return SurveyAvailability::kNotYetOpen;
  if (q.closes_at != 0 && now >= q.closes_at) return SurveyAvailability::kClosed;
  if (q.quota != 0 && responses >= q.quota) return SurveyAvailability::kQuotaReached;
  return SurveyAvailability::kOpen;
}

std::string AnswersToJson(const SurveyAnswers& answers) { return json(answers).dump(); }

std::optional<SurveyAnswers> AnswersFromJson(std::string_view text) {
  try {
    return json::parse(text).get<SurveyAnswers>();
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace tawasul::domain
