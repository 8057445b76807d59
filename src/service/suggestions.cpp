// Recording suggestion outcomes and the public report (suggestions.h).

#include "service/suggestions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "domain/calendar.h"
#include "http/problem.h"
#include "service/case_actions.h"
#include "service/case_service.h"
#include "service/figures_view.h"

namespace tawasul::service {

using nlohmann::json;

std::vector<http::FieldError> ParseOutcomeJson(const json& body, domain::OutcomeRequest& request) {
  std::vector<http::FieldError> errors;
  auto text = [&errors](const json& obj, const char* key,
                        const std::string& path) -> std::optional<std::string> {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      errors.push_back({path, "invalid_type", path + " must be a string"});
      return std::nullopt;
    }
    return it->get<std::string>();
  };
  for (auto it = body.begin(); it != body.end(); ++it) {
    static const std::set<std::string> kAllowed = {"stage", "progress", "milestone", "reason",
                                                   "summary"};
    if (!kAllowed.count(it.key())) {
      errors.push_back({it.key(), "unknown_field", "unknown field " + it.key()});
    }
  }
  request.stage = text(body, "stage", "stage");
  request.reason = text(body, "reason", "reason");
  request.summary = text(body, "summary", "summary");
  if (auto it = body.find("progress"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) {
      errors.push_back({"progress", "invalid_type", "progress must be an integer 0..100"});
    } else {
      // Clamped into int's range; the domain refuses anything outside 0..100.
      const auto v = it->get<std::int64_t>();
      request.progress = static_cast<int>(std::clamp<std::int64_t>(v, -1, 101));
    }
  }
  if (auto it = body.find("milestone"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) {
      errors.push_back({"milestone", "invalid_type", "milestone must be an object"});
    } else {
      for (auto m = it->begin(); m != it->end(); ++m) {
        if (m.key() != "date" && m.key() != "text") {
          errors.push_back({"milestone." + m.key(), "unknown_field", "unknown field"});
        }
      }
      request.milestone_date = text(*it, "date", "milestone.date");
      request.milestone_text = text(*it, "text", "milestone.text");
      if (!request.milestone_date && !request.milestone_text) request.milestone_date = "";
    }
  }
  return errors;
}

void RecordSuggestionOutcome(const AppContext& ctx, const std::string& reference,
                             const domain::Actor& actor, const domain::OutcomeRequest& request,
                             std::function<void(OutcomeResult)> done) {
  auto decision = std::make_shared<domain::OutcomeDecision>();
  const auto now = domain::Now();
  ctx.store.Suggestions().ChangeSuggestion(
      reference,
      [actor, request, now, decision](const domain::CaseRecord& current,
                                      const std::vector<domain::CaseEvent>& history) {
        *decision = domain::DecideOutcome(current, domain::OutcomeOf(history), actor, request, now);
        return decision->change;
      },
      CompleteChange(ctx, "suggestion outcome", decision, std::move(done)));
}

http::Response OutcomeProblem(const OutcomeResult& o, const std::string& rid) {
  if (auto failed = ChangeFailureProblem(o.found, o.stored, o.overloaded, rid)) return *failed;
  const auto& d = o.decision;
  switch (d.outcome) {
    case domain::Outcome::kNotFound:
      return http::Problem(404, "not-found", "", "No such case.", rid);
    case domain::Outcome::kForbidden:
      return http::Problem(403, "forbidden", "", "Your role may not record outcomes.", rid);
    case domain::Outcome::kConflict:
      return http::Problem(409, d.code, "",
                           "The suggestion's outcome does not allow this (" + d.code + ").", rid,
                           {{d.field, d.code, "not allowed now: " + d.code}});
    case domain::Outcome::kInvalid:
      return http::Problem(422, "validation", "Invalid request", "Check the field named.", rid,
                           {{d.field, d.code, "invalid " + d.field + ": " + d.code}});
    case domain::Outcome::kOk:
      break;
  }
  return http::Problem(500, "internal", "", "", rid);
}

json OutcomeJson(const AppContext& ctx, const domain::SuggestionOutcome& o) {
  auto time = [&ctx](const std::optional<domain::Instant>& t) {
    return t ? json(FormatTime(ctx, *t)) : json(nullptr);
  };
  json milestones = json::array();
  for (const auto& m : o.milestones) {
    milestones.push_back({{"date", domain::FormatDate(m.date)}, {"text", m.text}});
  }
  return {{"stage", o.stage ? json(std::string(domain::ToString(*o.stage))) : json(nullptr)},
          {"progress", o.progress},
          {"milestones", std::move(milestones)},
          {"reason", o.reason.empty() ? json(nullptr) : json(o.reason)},
          {"summary", o.summary.empty() ? json(nullptr) : json(o.summary)},
          {"updated_at", time(o.updated_at)},
          {"accepted_at", time(o.accepted_at)},
          {"implemented_at", time(o.implemented_at)},
          {"declined_at", time(o.declined_at)}};
}

SuggestionsReport MakeSuggestionsReport(const AppContext& ctx, const std::string& entity,
                                        domain::Instant now, int limit) {
  SuggestionsReport report;
  report.entity = entity;
  const domain::LocalDate today = ctx.sla.Get()->calendar.LocalDateOf(now);
  const domain::LocalDate from{std::chrono::sys_days(today) -
                               std::chrono::days(kMaxFigureDays - 1)};
  std::map<std::string, std::string> params = {{"type", "suggestion"},
                                               {"from", domain::FormatDate(from)},
                                               {"to", domain::FormatDate(today)}};
  if (!entity.empty()) params["entity"] = entity;
  auto figures = QueryFigures(ctx, params, now);
  if (auto* f = std::get_if<FiguresReport>(&figures)) report.received = f->totals.received;
  auto& suggestions = ctx.store.Suggestions();
  report.counts = suggestions.CountSuggestions(entity);
  if (limit > 0) report.implemented = suggestions.ImplementedSuggestions(entity, limit, 0);
  return report;
}

SuggestionShares ShareOfSuggestions(const SuggestionsReport& report) {
  SuggestionShares s;
  s.received = report.received;
  if (report.received > 0) {
    auto share = [&](std::int64_t n) {
      return std::round(10000.0 * static_cast<double>(n) / static_cast<double>(report.received)) /
             10000.0;
    };
    s.accepted_share = share(report.counts.accepted);
    s.implemented_share = share(report.counts.implemented);
  }
  return s;
}

json SuggestionSharesJson(const AppContext& ctx, const std::string& entity, domain::Instant now) {
  const auto shares = ShareOfSuggestions(MakeSuggestionsReport(ctx, entity, now, 0));
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return {{"received", shares.received},
          {"accepted_share", opt(shares.accepted_share)},
          {"implemented_share", opt(shares.implemented_share)}};
}

json SuggestionsJson(const AppContext& ctx, const SuggestionsReport& report) {
  auto catalogue = ctx.catalogue.Get();
  auto entity_json = [&](const std::string& code) {
    const domain::Entity* e = catalogue->FindEntity(code);
    return json{
        {"code", code}, {"name_ar", e ? e->name_ar : code}, {"name_en", e ? e->name_en : code}};
  };
  auto category_json = [&](const std::string& code) -> json {
    if (code.empty()) return nullptr;
    const domain::Category* c = catalogue->FindCategory(code);
    return {{"code", code}, {"name_ar", c ? c->name_ar : code}, {"name_en", c ? c->name_en : code}};
  };
  json items = json::array();
  for (const auto& s : report.implemented) {
    items.push_back(
        {{"entity", entity_json(s.entity)},
         {"category", category_json(s.category)},
         {"suggested_on", domain::FormatDate(ctx.sla.Get()->calendar.LocalDateOf(s.submitted_at))},
         {"implemented_on",
          domain::FormatDate(ctx.sla.Get()->calendar.LocalDateOf(s.implemented_at))},
         {"summary", s.summary}});
  }
  const auto& n = report.counts;
  const auto shares = ShareOfSuggestions(report);
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return {
      {"entity", report.entity.empty() ? json(nullptr) : entity_json(report.entity)},
      {"counts",
       {{"received", report.received},
        {"accepted", n.accepted},
        {"implemented", n.implemented},
        {"declined", n.declined}}},
      {"accepted_share", opt(shares.accepted_share)},
      {"implemented_share", opt(shares.implemented_share)},
      {"median_days_to_implementation",
       n.median_seconds ? json(std::round(static_cast<double>(*n.median_seconds) / 8640.0) / 10.0)
                        : json(nullptr)},
      {"implemented", std::move(items)}};
}

}  // namespace tawasul::service
