#pragma once
// What the statistics page and the supervisor dashboard share: figures from the one query path
// of /api/v1/stats (service::QueryFigures), turned into template data (numbers formatted in the
// page's language, raw values in data-value attributes) and into chart series with every day or
// month of the period present (months or days without facts count zero, rates are missing).

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "domain/intake.h"
#include "service/context.h"
#include "service/figures_view.h"
#include "web/charts.h"

namespace tawasul::web {

// The figures of /api/v1/stats for `params` (service::QueryFigures), or the field errors.
std::variant<service::FiguresReport, std::vector<domain::FieldError>> Figures(
    const service::AppContext& ctx, const std::map<std::string, std::string>& params,
    domain::Instant now);

// Template data of one line of figures (totals or a group): for each of received, answered,
// compliance, on_time, rating_mean, rating_share, rated, open, overdue: `<name>` (formatted, "—"
// when missing) and `<name>_raw` (the value as in the JSON document, "" when missing).
kainjow::mustache::data FigureCells(const service::FigureLine& f, domain::Language language);

// What a chart shows of each line.
enum class FigureField { kReceived, kAnswered, kComplianceRate };

// One chart series over [from, to] from a report grouped by "month" or "day" (its group_by):
// `field` for every month or day of the period, oldest first. Counts of months or days without
// a group are 0; rates are missing.
std::vector<ChartPoint> SeriesOf(const service::FiguresReport& report, FigureField field,
                                 domain::LocalDate from, domain::LocalDate to,
                                 domain::Language language);

// Local date arithmetic.
domain::LocalDate AddDays(domain::LocalDate d, int days);
domain::LocalDate FirstOfMonth(domain::LocalDate d, int months_back);

}  // namespace tawasul::web
