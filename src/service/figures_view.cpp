// Figures as JSON; see figures_view.h. Rates are rounded to 4 decimals, means to 2; a rate with
// no denominator (nothing answered, nothing due, nothing rated) is null, never 0 or 1.

#include "service/figures_view.h"

#include <cmath>

namespace tawasul::service {

using nlohmann::json;

namespace {

json Ratio(std::int64_t num, std::int64_t den, double scale) {
  if (den <= 0) return nullptr;
  return std::round(static_cast<double>(num) / static_cast<double>(den) * scale) / scale;
}

json Hours(const std::optional<double>& h) { return h ? json(*h) : json(nullptr); }

json Counters(const domain::FigureCounters& f) {
  return {{"received", f.received},
          {"answered", f.answered},
          {"answered_on_time", f.answered_on_time},
          {"on_time_rate", Ratio(f.answered_on_time, f.answered, 1e4)},
          {"due", f.due},
          {"due_met", f.due_met},
          {"compliance_rate", Ratio(f.due_met, f.due, 1e4)},
          {"median_working_hours_to_first_response", Hours(f.first_response.QuantileHours(0.5))},
          {"p90_working_hours_to_first_response", Hours(f.first_response.QuantileHours(0.9))},
          {"median_working_hours_to_answer", Hours(f.answer.QuantileHours(0.5))},
          {"p90_working_hours_to_answer", Hours(f.answer.QuantileHours(0.9))},
          {"rated", f.rated},
          {"rating_mean", Ratio(f.rating_sum, f.rated, 1e2)},
          {"rating_share_4_5", Ratio(f.rating_4_5, f.rated, 1e4)},
          {"transferred", f.transferred},
          {"reopened", f.reopened}};
}

struct Label {
  const char* code;
  const char* ar;
  const char* en;
};
constexpr Label kTypeLabels[] = {{"complaint", "شكوى", "Complaint"},
                                 {"suggestion", "اقتراح", "Suggestion"},
                                 {"inquiry", "استفسار", "Inquiry"},
                                 {"compliment", "إشادة", "Compliment"}};
constexpr Label kChannelLabels[] = {{"web", "الموقع الإلكتروني", "Website"},
                                    {"app", "التطبيق", "Mobile app"},
                                    {"phone", "الهاتف", "Phone"},
                                    {"counter", "مكتب الخدمة", "Service counter"},
                                    {"email", "البريد الإلكتروني", "Email"},
                                    {"api", "واجهة برمجية", "API"},
                                    {"open311", "Open311", "Open311"}};

std::pair<std::string, std::string> LabelOf(const std::string& group_by, const std::string& key,
                                            const domain::Catalogue& catalogue) {
  if (group_by == "entity") {
    if (const auto* e = catalogue.FindEntity(key)) return {e->name_ar, e->name_en};
  } else if (group_by == "category") {
    if (key.empty()) return {"غير مصنّف", "Uncategorised"};
    if (const auto* c = catalogue.FindCategory(key)) return {c->name_ar, c->name_en};
  } else if (group_by == "type") {
    for (const auto& l : kTypeLabels) {
      if (key == l.code) return {l.ar, l.en};
    }
  } else if (group_by == "channel") {
    for (const auto& l : kChannelLabels) {
      if (key == l.code) return {l.ar, l.en};
    }
  }
  return {key, key};
}

}  // namespace

std::variant<store::FigureQuery, std::vector<domain::FieldError>> ParseFigureQuery(
    const std::map<std::string, std::string>& params, const domain::Catalogue& catalogue,
    domain::LocalDate today) {
  std::vector<domain::FieldError> errors;
  store::FigureQuery q;
  auto get = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  auto date = [&](const char* name, domain::LocalDate fallback) -> domain::LocalDate {
    std::string v = get(name);
    if (v.empty()) return fallback;
    auto d = domain::ParseDate(v);
    if (!d || d->year() < std::chrono::year(1970) || d->year() > std::chrono::year(9999)) {
      errors.push_back({name, "invalid_date", std::string(name) + " must be a date YYYY-MM-DD"});
      return fallback;
    }
    return *d;
  };
  auto to = date("to", today);
  auto from = date("from", to.year() / std::chrono::January / 1);
  q.from_day = domain::DayNumber(from);
  q.to_day = domain::DayNumber(to);
  if (errors.empty() && q.from_day > q.to_day) {
    errors.push_back({"from", "after_to", "from must not be after to"});
  } else if (errors.empty() && q.to_day - q.from_day >= kMaxFigureDays) {
    errors.push_back({"from", "period_too_long", "the period may cover at most ten years"});
  }
  q.entity = get("entity");
  if (!q.entity.empty() && !catalogue.FindEntity(q.entity)) {
    errors.push_back({"entity", "unknown_entity", "no entity has this code"});
  }
  q.category = get("category");
  if (!q.category.empty() && !catalogue.FindCategory(q.category)) {
    errors.push_back({"category", "unknown_category", "no category has this code"});
  }
  q.type = get("type");
  if (!q.type.empty() && !domain::ParseCaseType(q.type)) {
    errors.push_back(
        {"type", "invalid_value", "type must be complaint, suggestion, inquiry or compliment"});
  }
  q.channel = get("channel");
  if (!q.channel.empty() && !domain::ParseChannel(q.channel)) {
    errors.push_back({"channel", "invalid_value", "unknown channel"});
  }
  q.group_by = get("group_by");
  static const char* kGroups[] = {"", "entity", "type", "category", "channel", "month", "day"};
  bool known = false;
  for (const char* g : kGroups) known = known || q.group_by == g;
  if (!known) {
    errors.push_back({"group_by", "invalid_value",
                      "group_by must be entity, type, category, channel, month or day"});
  }
  if (!errors.empty()) return errors;
  return q;
}

json FiguresJson(const store::FigureQuery& query, const store::FigureResult& result,
                 const domain::Catalogue& catalogue) {
  json totals = Counters(result.totals);
  totals["open"] = result.open;
  totals["overdue"] = result.overdue;
  bool time_groups = query.group_by == "month" || query.group_by == "day";
  json groups = json::array();
  for (const auto& g : result.groups) {
    json item = {{"key", g.key}};
    auto [ar, en] = LabelOf(query.group_by, g.key, catalogue);
    item["label_ar"] = ar;
    item["label_en"] = en;
    item.update(Counters(g.counters));
    // "As of now" figures belong to entities, types, categories and channels, not to past days.
    item["open"] = time_groups ? json(nullptr) : json(g.open);
    item["overdue"] = time_groups ? json(nullptr) : json(g.overdue);
    groups.push_back(std::move(item));
  }
  return {{"from", domain::FormatDate(domain::DateOfDay(query.from_day))},
          {"to", domain::FormatDate(domain::DateOfDay(query.to_day))},
          {"totals", std::move(totals)},
          {"groups", std::move(groups)}};
}

std::variant<json, std::vector<domain::FieldError>> QueryFigures(
    const AppContext& ctx, const std::map<std::string, std::string>& params, domain::Instant now) {
  auto sla = ctx.sla.Get();
  auto catalogue = ctx.catalogue.Get();
  auto parsed = ParseFigureQuery(params, *catalogue, sla->calendar.LocalDateOf(now));
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&parsed)) return *errors;
  const auto& query = std::get<store::FigureQuery>(parsed);
  auto result = ctx.store.Figures(query, now, sla->calendar);
  return FiguresJson(query, result, *catalogue);
}

}  // namespace tawasul::service
