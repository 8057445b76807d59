// Administration of the SLA rules over HTTP (central administrators; auditors may read):
//   GET  /api/v1/admin/targets              the stored rules and the built-in defaults
//   PUT  /api/v1/admin/targets              {"items": [rule, ...]} replaces the stored rules
//   GET  /api/v1/admin/calendar             the default calendar (zone, week, holidays, periods)
//   PUT  /api/v1/admin/calendar/holidays    {"items": [holiday, ...]} replaces the holidays
// A change is validated as a whole (422 naming items[i].field), stored, put in force for every
// later request, and then the due times of open cases are recomputed and the recomputation is
// recorded on each case that moved (recompute.h); the response says how many.
// A rule: {"entity": "", "type": "", "category": "", "first_response": {"unit": "working_days",
// "amount": 2}, "resolution": {...}} (empty key fields match anything). A holiday: {"start_date",
// "end_date", "kind", "status", "name_ar", "name_en", "note"}.

#include "api/handler_util.h"
#include "domain/holidays.h"
#include "http/problem.h"
#include "service/admin_log.h"
#include "service/json_io.h"
#include "service/recompute.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

namespace {

std::string Str(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<domain::Target> ParseTarget(const json& j, const std::string& field,
                                          std::vector<http::FieldError>& errors) {
  if (!j.is_object()) {
    errors.push_back({field, "required", field + " must be an object {unit, amount}"});
    return std::nullopt;
  }
  auto unit = domain::ParseTargetUnit(Str(j, "unit"));
  auto amount = j.find("amount");
  if (!unit)
    errors.push_back(
        {field + ".unit", "invalid_value", "unit must be working_days or working_minutes"});
  if (amount == j.end() || !amount->is_number_integer()) {
    errors.push_back({field + ".amount", "invalid_value", "amount must be an integer"});
    return std::nullopt;
  }
  if (!unit) return std::nullopt;
  domain::Target t{*unit, amount->get<std::int64_t>()};
  if (!domain::IsValidTarget(t)) {
    errors.push_back({field + ".amount", "out_of_range", "amount is outside the allowed range"});
    return std::nullopt;
  }
  return t;
}

void GetTargets(const ApiContext& api, const http::Request& req, http::Reply reply) {
  if (!RequireRole(api, req, reply, false)) return;
  auto sla = api.app.sla.Get();
  json items = json::array();
  for (const auto& r : sla->targets.Rules()) items.push_back(RuleJson(r));
  json defaults = json::array();
  for (const auto& r : domain::DefaultTargetRules()) defaults.push_back(RuleJson(r));
  reply(JsonResponse(200, {{"items", items}, {"defaults", defaults}}));
}

void PutTargets(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireRole(api, req, reply, true);
  if (!who) return;
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  std::vector<http::FieldError> errors;
  auto items = body->find("items");
  if (items == body->end() || !items->is_array()) {
    return reply(http::Problem(422, "validation", "", "items must be an array of rules",
                               req.request_id, {{"items", "required", "items must be an array"}}));
  }
  std::vector<domain::TargetRule> rules;
  auto catalogue = api.app.catalogue.Get();
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& it = (*items)[i];
    std::string f = "items[" + std::to_string(i) + "]";
    if (!it.is_object()) {
      errors.push_back({f, "invalid_value", "a rule must be an object"});
      continue;
    }
    domain::TargetRule r;
    r.entity = Str(it, "entity");
    r.type = Str(it, "type");
    r.category = Str(it, "category");
    if (!r.entity.empty() && !catalogue->FindEntity(r.entity))
      errors.push_back({f + ".entity", "unknown_entity", "no entity has this code"});
    if (!r.category.empty() && !catalogue->FindCategory(r.category))
      errors.push_back({f + ".category", "unknown_category", "no category has this code"});
    auto fr = ParseTarget(it.value("first_response", json()), f + ".first_response", errors);
    auto res = ParseTarget(it.value("resolution", json()), f + ".resolution", errors);
    if (fr) r.first_response = *fr;
    if (res) r.resolution = *res;
    rules.push_back(std::move(r));
  }
  std::optional<domain::TargetTable> table;
  if (errors.empty()) {
    std::string error;
    table = domain::TargetTable::Create(rules, &error);
    if (!table) errors.push_back({"items", "invalid_rule", error});
  }
  if (!errors.empty()) {
    return reply(http::Problem(422, "validation", "", "The rules are invalid; nothing changed.",
                               req.request_id, errors));
  }
  json out_items = json::array();
  for (const auto& r : rules) out_items.push_back(RuleJson(r));
  ReplaceTargets(
      api.app, rules, std::move(*table), who->actor, [reply, out_items](RecomputeResult r) {
        reply(JsonResponse(
            200,
            {{"items", out_items},
             {"recomputed", {{"open", r.open}, {"changed", r.changed}, {"failed", r.failed}}}}));
      });
}

void GetCalendar(const ApiContext& api, const http::Request& req, http::Reply reply) {
  if (!RequireRole(api, req, reply, false)) return;
  auto sla = api.app.sla.Get();
  const auto& spec = sla->calendar.Spec();
  static const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                "thursday", "friday", "saturday"};
  json week = json::object();
  for (std::size_t d = 0; d < 7; ++d) {
    week[kDays[d]] = spec.week[d]
                         ? json{{"open", domain::FormatMinuteOfDay(spec.week[d]->open_minute)},
                                {"close", domain::FormatMinuteOfDay(spec.week[d]->close_minute)}}
                         : json(nullptr);
  }
  json holidays = json::array();
  for (const auto& h : spec.holidays) holidays.push_back(HolidayJson(h));
  json periods = json::array();
  for (const auto& p : spec.special_periods) {
    periods.push_back({{"start_date", domain::FormatDate(p.start)},
                       {"end_date", domain::FormatDate(p.end)},
                       {"open", domain::FormatMinuteOfDay(p.frame.open_minute)},
                       {"close", domain::FormatMinuteOfDay(p.frame.close_minute)},
                       {"name_en", p.name_en},
                       {"name_ar", p.name_ar}});
  }
  reply(JsonResponse(200, {{"code", "default"},
                           {"time_zone", spec.time_zone},
                           {"week", week},
                           {"holidays", holidays},
                           {"special_periods", periods}}));
}

void PutHolidays(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = RequireRole(api, req, reply, true);
  if (!who) return;
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  auto items = body->find("items");
  if (items == body->end() || !items->is_array()) {
    return reply(http::Problem(422, "validation", "", "items must be an array of holidays",
                               req.request_id, {{"items", "required", "items must be an array"}}));
  }
  std::vector<http::FieldError> errors;
  std::vector<domain::Holiday> holidays;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& it = (*items)[i];
    std::string f = "items[" + std::to_string(i) + "]";
    if (!it.is_object()) {
      errors.push_back({f, "invalid_value", "a holiday must be an object"});
      continue;
    }
    // The one set of holiday rules (domain/holidays.h), as on the pages and in imports.
    auto parsed = domain::ParseHoliday({Str(it, "start_date"), Str(it, "end_date"), Str(it, "kind"),
                                        Str(it, "status"), Str(it, "name_ar"), Str(it, "name_en"),
                                        Str(it, "note")});
    if (auto* bad = std::get_if<std::vector<domain::HolidayError>>(&parsed)) {
      for (auto& e : *bad) errors.push_back({f + "." + e.field, e.code, e.message});
      continue;
    }
    holidays.push_back(std::get<domain::Holiday>(std::move(parsed)));
    if (domain::EarlierDuplicate(holidays, holidays.size() - 1)) {
      auto e = domain::DuplicateHolidayError();
      errors.push_back({f + "." + e.field, e.code, e.message});
    }
  }
  if (!errors.empty()) {
    return reply(http::Problem(422, "validation", "", "The holidays are invalid; nothing changed.",
                               req.request_id, errors));
  }
  json out = json::array();
  for (const auto& h : holidays) out.push_back(HolidayJson(h));
  ReplaceHolidays(api.app, std::move(holidays), who->actor, [reply, out](RecomputeResult r) {
    reply(JsonResponse(
        200, {{"holidays", out},
              {"recomputed", {{"open", r.open}, {"changed", r.changed}, {"failed", r.failed}}}}));
  });
}

}  // namespace

void RegisterSlaAdminRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/api/v1/admin/targets", api, GetTargets);
  AddRoute(router, Method::kPut, "/api/v1/admin/targets", api, PutTargets);
  AddRoute(router, Method::kGet, "/api/v1/admin/calendar", api, GetCalendar);
  AddRoute(router, Method::kPut, "/api/v1/admin/calendar/holidays", api, PutHolidays);
}

}  // namespace tawasul::api
