#pragma once
// The figures of GET /api/v1/stats, `tawasul stats` and the statistics pages (docs/api.md
// "Figures"): parsing the query, the typed report (what the pages read, so a renamed field is a
// compile error, never a blank cell), and the JSON document made from it (what the API and the
// command line print), shared so that none of them can differ.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "domain/intake.h"
#include "service/context.h"
#include "store/store.h"

namespace tawasul::service {

// Longest period one query may cover (bounds its cost): ten years.
inline constexpr int kMaxFigureDays = 3660;

// Parses from, to (local dates, inclusive; defaults: 1 January of `today`'s year .. today),
// entity, type, category, channel and group_by. Unknown codes and bad dates are errors naming
// the parameter.
std::variant<store::FigureQuery, std::vector<domain::FieldError>> ParseFigureQuery(
    const std::map<std::string, std::string>& params, const domain::Catalogue& catalogue,
    domain::LocalDate today);

// One line of published figures (the totals, or one group): the counters, and the rates and
// working-hour quantiles computed from them once. A rate with no denominator (nothing answered,
// nothing due, nothing rated) is missing, never 0 or 1. Rates are rounded to 4 decimals, the
// rating mean to 2.
struct FigureLine {
  std::int64_t received = 0;
  std::int64_t answered = 0;
  std::int64_t answered_on_time = 0;
  std::optional<double> on_time_rate;
  std::int64_t due = 0;
  std::int64_t due_met = 0;
  std::optional<double> compliance_rate;
  std::optional<double> median_working_hours_to_first_response;
  std::optional<double> p90_working_hours_to_first_response;
  std::optional<double> median_working_hours_to_answer;
  std::optional<double> p90_working_hours_to_answer;
  std::int64_t rated = 0;
  std::optional<double> rating_mean;
  std::optional<double> rating_share_4_5;
  std::int64_t transferred = 0;
  std::int64_t reopened = 0;
  // "As of now" figures: missing for the groups of a period (a month or a day).
  std::optional<std::int64_t> open;
  std::optional<std::int64_t> overdue;
};

struct FigureGroupLine {
  std::string key;  // entity, category, type or channel code; "YYYY-MM" or "YYYY-MM-DD"
  std::string label_ar, label_en;
  FigureLine figures;
};

struct FiguresReport {
  domain::LocalDate from, to;  // inclusive local dates
  std::string group_by;
  FigureLine totals;
  std::vector<FigureGroupLine> groups;
};

// The report of `result`, the figures the store found for `query`.
FiguresReport MakeFiguresReport(const store::FigureQuery& query, const store::FigureResult& result,
                                const domain::Catalogue& catalogue);

// The response document: {"from", "to", "totals": {...}, "groups": [...]}.
nlohmann::json FiguresJson(const FiguresReport& report);

// Parses `params` (as ParseFigureQuery, `today` being the default calendar's local date of
// `now`) and answers them from the store's aggregates: the report, or the field errors. The one
// path from a query to figures for the JSON API and the web pages (/stats, /stats.csv,
// /stats.json, /staff/dashboard), so they cannot differ.
std::variant<FiguresReport, std::vector<domain::FieldError>> QueryFigures(
    const AppContext& ctx, const std::map<std::string, std::string>& params, domain::Instant now);

}  // namespace tawasul::service
