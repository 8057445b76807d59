// The figures report and its JSON document; see figures_view.h.

#include "service/figures_view.h"

#include <cmath>
#include <tuple>

namespace tawasul::service {

using nlohmann::json;

namespace {

std::optional<double> Ratio(std::int64_t num, std::int64_t den, double scale) {
  if (den <= 0) return std::nullopt;
  return std::round(static_cast<double>(num) / static_cast<double>(den) * scale) / scale;
}

FigureLine LineOf(const domain::FigureCounters& f) {
  FigureLine l;
  l.received = f.received;
  l.answered = f.answered;
  l.answered_on_time = f.answered_on_time;
  l.on_time_rate = Ratio(f.answered_on_time, f.answered, 1e4);
  l.due = f.due;
  l.due_met = f.due_met;
  l.compliance_rate = Ratio(f.due_met, f.due, 1e4);
  l.median_working_hours_to_first_response = f.first_response.QuantileHours(0.5);
  l.p90_working_hours_to_first_response = f.first_response.QuantileHours(0.9);
  l.median_working_hours_to_answer = f.answer.QuantileHours(0.5);
  l.p90_working_hours_to_answer = f.answer.QuantileHours(0.9);
  l.rated = f.rated;
  l.rating_mean = Ratio(f.rating_sum, f.rated, 1e2);
  l.rating_share_4_5 = Ratio(f.rating_4_5, f.rated, 1e4);
  l.transferred = f.transferred;
  l.reopened = f.reopened;
  return l;
}

template <class T>
json OrNull(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// The keys and their order are the published document's (docs/api.md "Figures").
json LineJson(const FigureLine& l) {
  return {
      {"received", l.received},
      {"answered", l.answered},
      {"answered_on_time", l.answered_on_time},
      {"on_time_rate", OrNull(l.on_time_rate)},
      {"due", l.due},
      {"due_met", l.due_met},
      {"compliance_rate", OrNull(l.compliance_rate)},
      {"median_working_hours_to_first_response", OrNull(l.median_working_hours_to_first_response)},
      {"p90_working_hours_to_first_response", OrNull(l.p90_working_hours_to_first_response)},
      {"median_working_hours_to_answer", OrNull(l.median_working_hours_to_answer)},
      {"p90_working_hours_to_answer", OrNull(l.p90_working_hours_to_answer)},
      {"rated", l.rated},
      {"rating_mean", OrNull(l.rating_mean)},
      {"rating_share_4_5", OrNull(l.rating_share_4_5)},
      {"transferred", l.transferred},
      {"reopened", l.reopened},
      {"open", OrNull(l.open)},
      {"overdue", OrNull(l.overdue)}};
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

FiguresReport MakeFiguresReport(const store::FigureQuery& query, const store::FigureResult& result,
                                const domain::Catalogue& catalogue) {
  FiguresReport report;
  report.from = domain::DateOfDay(query.from_day);
  report.to = domain::DateOfDay(query.to_day);
  report.group_by = query.group_by;
  report.totals = LineOf(result.totals);
  report.totals.open = result.open;
  report.totals.overdue = result.overdue;
  const bool time_groups = query.group_by == "month" || query.group_by == "day";
  for (const auto& g : result.groups) {
    FigureGroupLine line;
    line.key = g.key;
    std::tie(line.label_ar, line.label_en) = LabelOf(query.group_by, g.key, catalogue);
    line.figures = LineOf(g.counters);
    // "As of now" figures belong to entities, types, categories and channels, not to past days.
    if (!time_groups) {
      line.figures.open = g.open;
      line.figures.overdue = g.overdue;
    }
    report.groups.push_back(std::move(line));
  }
  return report;
}

json FiguresJson(const FiguresReport& report) {
  json groups = json::array();
  for (const auto& g : report.groups) {
    json item = {{"key", g.key}, {"label_ar", g.label_ar}, {"label_en", g.label_en}};
    item.update(LineJson(g.figures));
    groups.push_back(std::move(item));
  }
  return {{"from", domain::FormatDate(report.from)},
          {"to", domain::FormatDate(report.to)},
          {"totals", LineJson(report.totals)},
          {"groups", std::move(groups)}};
}

std::variant<FiguresReport, std::vector<domain::FieldError>> QueryFigures(
    const AppContext& ctx, const std::map<std::string, std::string>& params, domain::Instant now) {
  auto sla = ctx.sla.Get();
  auto catalogue = ctx.catalogue.Get();
  auto parsed = ParseFigureQuery(params, *catalogue, sla->calendar.LocalDateOf(now));
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&parsed)) return *errors;
  const auto& query = std::get<store::FigureQuery>(parsed);
  auto result = ctx.store.Figures(query, now, sla->calendar);
  return MakeFiguresReport(query, result, *catalogue);
}

}  // namespace tawasul::service
