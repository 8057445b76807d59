// The satisfaction surveys' use cases (surveys.h).

#include "service/surveys.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <sstream>

namespace tawasul::service {

namespace {

using Kind = SurveyLinkState::Kind;

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

domain::Questionnaire AfterCaseQuestionnaire(const AppContext& ctx) {
  auto stored = ctx.store.Surveys().LatestQuestionnaire(std::string(domain::kAfterCaseSurvey));
  return stored ? *stored : domain::DefaultAfterCaseQuestionnaire();
}

SurveyLinkState OpenSurveyLink(const AppContext& ctx, std::string_view token, std::int64_t now) {
  SurveyLinkState s;
  if (!domain::WellFormedSurveyToken(token)) return s;
  auto row = ctx.store.Surveys().FindSurveyToken(domain::SurveyTokenHash(token));
  if (!row) return s;
  if (row->used) {
    s.kind = Kind::kAlreadyAnswered;
    return s;
  }
  if (row->expires_at <= now) {
    s.kind = Kind::kExpired;
    return s;
  }
  s.questionnaire = AfterCaseQuestionnaire(ctx);
  // The quota is checked again, exactly, in the transaction that stores a response; here only
  // the window, so a closed survey is said at once.
  s.kind = domain::Availability(s.questionnaire, now, 0) == domain::SurveyAvailability::kOpen
               ? Kind::kOpen
               : Kind::kClosed;
  return s;
}

SurveyAnswerResult AnswerSurvey(const AppContext& ctx, std::string_view token,
                                const domain::SurveyAnswers& answers, std::int64_t now) {
  SurveyAnswerResult r;
  auto link = OpenSurveyLink(ctx, token, now);
  r.link = link.kind;
  if (link.kind != Kind::kOpen) return r;
  domain::SurveyProblem problem;
  auto clean = domain::CleanResponse(link.questionnaire, answers, problem);
  if (!clean) {
    r.problem = problem;
    return r;
  }
  switch (ctx.store.Surveys().AnswerSurvey(domain::SurveyTokenHash(token), link.questionnaire,
                                           *clean, now)) {
    case store::SurveyAnswerOutcome::kStored:
      r.stored = true;
      break;
    case store::SurveyAnswerOutcome::kUnknownLink:
      r.link = Kind::kUnknown;
      break;
    case store::SurveyAnswerOutcome::kAlreadyAnswered:
      r.link = Kind::kAlreadyAnswered;
      break;
    case store::SurveyAnswerOutcome::kExpired:
      r.link = Kind::kExpired;
      break;
    case store::SurveyAnswerOutcome::kQuotaReached:
      r.link = Kind::kClosed;
      break;
  }
  return r;
}

std::optional<std::string> RenewSurveyLink(const AppContext& ctx, std::int64_t case_id,
                                           std::int64_t now) {
  std::string token = domain::NewSurveyToken();
  if (!ctx.store.Surveys().RenewSurveyToken(case_id, domain::SurveyTokenHash(token), now)) {
    return std::nullopt;
  }
  return token;
}

std::vector<domain::SurveyFigures> AfterCaseFigures(const AppContext& ctx) {
  return domain::SurveyFiguresOf(
      ctx.store.Surveys().SurveyResponses(std::string(domain::kAfterCaseSurvey)));
}

std::string SurveyFiguresCsv(const std::vector<domain::SurveyFigures>& figures) {
  std::ostringstream out;
  out << "entity,category,responses,shown,mean_satisfaction,nps,on_time_share\r\n";
  for (const auto& f : figures) {
    // Codes are [A-Za-z0-9_-]: no quoting needed. Suppressed groups: the count only.
    out << f.entity << ',' << f.category << ',' << f.responses << ',' << (f.shown ? 1 : 0) << ',';
    if (f.shown) {
      out << (f.satisfaction_answers > 0 ? Fixed(f.mean_satisfaction, 2) : "") << ','
          << (f.nps_answers > 0 ? Fixed(f.nps, 1) : "") << ','
          << (f.on_time_answers > 0 ? Fixed(f.on_time_share, 3) : "");
    } else {
      out << ",,";
    }
    out << "\r\n";
  }
  return out.str();
}

std::string ExportQuestionnaires(const AppContext& ctx) {
  std::string out;
  auto all = ctx.store.Surveys().LatestQuestionnaires();
  bool has_after_case = false;
  for (const auto& q : all) has_after_case = has_after_case || q.code == domain::kAfterCaseSurvey;
  if (!has_after_case) all.insert(all.begin(), domain::DefaultAfterCaseQuestionnaire());
  for (const auto& q : all) out += domain::QuestionnaireToJson(q) + "\n";
  return out;
}

std::vector<std::string> ImportQuestionnaires(const AppContext& ctx, std::string_view jsonl) {
  std::vector<std::string> problems;
  std::vector<domain::Questionnaire> parsed;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start <= jsonl.size()) {
    auto end = jsonl.find('\n', start);
    if (end == std::string_view::npos) end = jsonl.size();
    std::string_view line = jsonl.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    domain::SurveyProblem p;
    auto q = domain::QuestionnaireFromJson(line, p);
    if (!q) {
      problems.push_back("line " + std::to_string(line_no) + ": " +
                         (p.question.empty() ? "" : p.question + ": ") + p.code +
                         (p.detail.empty() || p.code == "json" ? "" : " (" + p.detail + ")"));
      continue;
    }
    parsed.push_back(std::move(*q));
  }
  if (parsed.empty() && problems.empty()) problems.push_back("line 1: no questionnaire");
  if (!problems.empty()) return problems;
  for (const auto& q : parsed) ctx.store.Surveys().SaveQuestionnaire(q);
  return problems;
}

void AddDemoSurveyResponses(store::Store& store, const std::vector<DemoEntity>& entities, int count,
                            int year, std::uint32_t seed) {
  if (entities.empty() || count <= 0) return;
  std::mt19937 rng(seed);
  std::vector<domain::SurveyResponseRow> rows;
  rows.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const auto& e = entities[rng() % entities.size()];
    domain::SurveyResponseRow r;
    r.entity = e.code;
    r.category = e.categories.empty() ? "" : e.categories[rng() % e.categories.size()];
    char month[8];
    std::snprintf(month, sizeof month, "%04d-%02d", year, static_cast<int>(1 + rng() % 12));
    r.month = month;
    // Each entity leans its own way (seeded by its code), so the demo's figures differ.
    const int lean = static_cast<int>(std::hash<std::string>{}(e.code) % 3);
    const int sat = std::clamp(2 + lean + static_cast<int>(rng() % 3) - 1, 1, 5);
    r.answers["satisfaction"] = {std::to_string(sat)};
    r.answers["on_time"] = {rng() % 4 < static_cast<unsigned>(1 + lean) ? "yes" : "no"};
    if (rng() % 5 != 0) {
      r.answers["nps"] = {
          std::to_string(std::clamp(sat * 2 + static_cast<int>(rng() % 3) - 1, 0, 10))};
    }
    rows.push_back(std::move(r));
  }
  store.Surveys().AddSurveyResponses(std::string(domain::kAfterCaseSurvey), 1, rows);
}

}  // namespace tawasul::service
