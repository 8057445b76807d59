// Shared figures-to-page helpers; see stats_view.h.

#include "web/stats_view.h"

#include "domain/figures.h"
#include "domain/time.h"
#include "service/figures_view.h"
#include "web/i18n.h"

namespace tawasul::web {

using nlohmann::json;

std::variant<service::FiguresReport, std::vector<domain::FieldError>> Figures(
    const service::AppContext& ctx, const std::map<std::string, std::string>& params,
    domain::Instant now) {
  return service::QueryFigures(ctx, params, now);
}

namespace {

template <class T>
void Set(kainjow::mustache::data& d, const std::string& name, const std::optional<T>& v,
         const std::string& formatted) {
  d.set(name, v ? formatted : std::string("—"));
  d.set(name + "_raw", v ? json(*v).dump() : std::string());
}

}  // namespace

kainjow::mustache::data FigureCells(const service::FigureLine& f, domain::Language l) {
  kainjow::mustache::data d;
  auto count = [&](const char* name, std::optional<std::int64_t> v) {
    Set(d, name, v, v ? FormatCount(*v, l) : "");
  };
  count("received", f.received);
  count("answered", f.answered);
  count("rated", f.rated);
  count("open", f.open);
  count("overdue", f.overdue);
  auto rate = [&](const char* name, const std::optional<double>& v) {
    Set(d, name, v, v ? FormatPercent(*v, l) : "");
  };
  rate("compliance", f.compliance_rate);
  rate("on_time", f.on_time_rate);
  rate("rating_share", f.rating_share_4_5);
  Set(d, "rating_mean", f.rating_mean, f.rating_mean ? FormatDecimal(*f.rating_mean, 1, l) : "");
  return d;
}

domain::LocalDate AddDays(domain::LocalDate d, int days) {
  return domain::LocalDate(std::chrono::sys_days(d) + std::chrono::days(days));
}

domain::LocalDate FirstOfMonth(domain::LocalDate d, int months_back) {
  auto ym = d.year() / d.month() - std::chrono::months(months_back);
  return ym / std::chrono::day(1);
}

std::vector<ChartPoint> SeriesOf(const service::FiguresReport& report, FigureField field,
                                 domain::LocalDate from, domain::LocalDate to,
                                 domain::Language language) {
  const std::string& group_by = report.group_by;
  std::map<std::string, const service::FigureLine*> by_key;
  for (const auto& g : report.groups) by_key[g.key] = &g.figures;
  auto value = [field](const service::FigureLine& f) -> std::optional<double> {
    switch (field) {
      case FigureField::kReceived:
        return static_cast<double>(f.received);
      case FigureField::kAnswered:
        return static_cast<double>(f.answered);
      case FigureField::kComplianceRate:
        return f.compliance_rate;
    }
    return std::nullopt;
  };
  const bool rate = field == FigureField::kComplianceRate;
  auto point = [&](const std::string& key, std::string label) {
    ChartPoint p;
    p.label = std::move(label);
    auto it = by_key.find(key);
    if (it != by_key.end()) {
      if (auto v = value(*it->second)) p.value = *v;
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
