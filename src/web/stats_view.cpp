// Shared figures-to-page helpers; see stats_view.h.

#include "web/stats_view.h"

#include "domain/figures.h"
#include "domain/time.h"
#include "service/figures_view.h"
#include "web/i18n.h"

namespace tawasul::web {

using nlohmann::json;

std::variant<json, std::vector<domain::FieldError>> Figures(
    const service::AppContext& ctx, const std::map<std::string, std::string>& params,
    domain::Instant now) {
  return service::QueryFigures(ctx, params, now);
}

namespace {

void Set(kainjow::mustache::data& d, const std::string& name, const json& v,
         const std::string& formatted) {
  d.set(name, v.is_null() ? std::string("—") : formatted);
  d.set(name + "_raw", v.is_null() ? std::string() : v.dump());
}

}  // namespace

kainjow::mustache::data FigureCells(const json& f, domain::Language l) {
  kainjow::mustache::data d;
  for (const char* count : {"received", "answered", "rated", "open", "overdue"}) {
    json v = f.value(count, json(nullptr));
    Set(d, count, v, v.is_number() ? FormatCount(v.get<std::int64_t>(), l) : "");
  }
  auto rate = [&](const char* name, const char* key) {
    json v = f.value(key, json(nullptr));
    Set(d, name, v, v.is_number() ? FormatPercent(v.get<double>(), l) : "");
  };
  rate("compliance", "compliance_rate");
  rate("on_time", "on_time_rate");
  rate("rating_share", "rating_share_4_5");
  json mean = f.value("rating_mean", json(nullptr));
  Set(d, "rating_mean", mean, mean.is_number() ? FormatDecimal(mean.get<double>(), 1, l) : "");
  return d;
}

domain::LocalDate AddDays(domain::LocalDate d, int days) {
  return domain::LocalDate(std::chrono::sys_days(d) + std::chrono::days(days));
}

domain::LocalDate FirstOfMonth(domain::LocalDate d, int months_back) {
  auto ym = d.year() / d.month() - std::chrono::months(months_back);
  return ym / std::chrono::day(1);
}

domain::LocalDate DocDate(const json& doc, const char* key) {
  auto d = domain::ParseDate(doc.value(key, std::string()));
  return d ? *d : domain::LocalDate(std::chrono::year(1970) / 1 / 1);
}

std::vector<ChartPoint> SeriesOf(const json& doc, const std::string& group_by,
                                 const std::string& field, domain::LocalDate from,
                                 domain::LocalDate to, domain::Language language) {
  std::map<std::string, const json*> by_key;
  if (doc.contains("groups")) {
    for (const auto& g : doc["groups"]) by_key[g.value("key", std::string())] = &g;
  }
  const bool rate =
      field.ends_with("_rate") || field == "rating_mean" || field == "rating_share_4_5";
  auto point = [&](const std::string& key, std::string label) {
    ChartPoint p;
    p.label = std::move(label);
    auto it = by_key.find(key);
    if (it != by_key.end()) {
      const json& v = it->second->value(field, json(nullptr));
      if (v.is_number()) p.value = v.get<double>();
    } else if (!rate) {
      p.value = 0;
    }
    return p;
  };
  std::vector<ChartPoint> out;
  if (group_by == "day") {
    for (auto d = from; std::chrono::sys_days(d) <= std::chrono::sys_days(to) && out.size() < 4000;
         d = AddDays(d, 1)) {
      out.push_back(point(domain::FormatDate(d), DayLabel(d, language)));
    }
  } else {
    auto last = to.year() / to.month();
    for (auto ym = from.year() / from.month(); ym <= last && out.size() < 4000;
         ym += std::chrono::months(1)) {
      domain::LocalDate first = ym / std::chrono::day(1);
      std::string key = domain::FormatDate(first).substr(0, 7);
      out.push_back(point(key, MonthLabel(first, language)));
    }
  }
  return out;
}

}  // namespace tawasul::web
