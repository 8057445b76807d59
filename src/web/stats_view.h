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
#include "web/charts.h"

namespace tawasul::web {

// The figures document of /api/v1/stats for `params`, or the field errors.
std::variant<nlohmann::json, std::vector<domain::FieldError>> Figures(
    const service::AppContext& ctx, const std::map<std::string, std::string>& params,
    domain::Instant now);

// Template data of one figures object (totals or a group): for each of received, answered,
// compliance, on_time, rating_mean, rating_share, rated, open, overdue: `<name>` (formatted, "—"
// when null) and `<name>_raw` (the JSON value as text, "" when null).
kainjow::mustache::data FigureCells(const nlohmann::json& f, domain::Language language);

// One chart series over [from, to] from a figures document grouped by "month" or "day": the
// value of `field` (a count or a rate) for every month or day of the period, oldest first.
// Counts of months without a group are 0; rates are missing.
std::vector<ChartPoint> SeriesOf(const nlohmann::json& doc, const std::string& group_by,
                                 const std::string& field, domain::LocalDate from,
                                 domain::LocalDate to, domain::Language language);

// "2026-01-01".."2026-12-04" parsed from a figures document's "from" and "to".
domain::LocalDate DocDate(const nlohmann::json& doc, const char* key);

// Local date arithmetic.
domain::LocalDate AddDays(domain::LocalDate d, int days);
domain::LocalDate FirstOfMonth(domain::LocalDate d, int months_back);

}  // namespace tawasul::web
