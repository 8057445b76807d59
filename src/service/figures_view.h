#pragma once
// The figures of GET /api/v1/stats and `tawasul stats` (docs/API.md "Figures"): parsing the
// query, and the JSON document, shared so that the HTTP API and the command line cannot differ.

#include <map>
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

// The response document: {"from", "to", "totals": {...}, "groups": [...]}.
nlohmann::json FiguresJson(const store::FigureQuery& query, const store::FigureResult& result,
                           const domain::Catalogue& catalogue);

// Parses `params` (as ParseFigureQuery, `today` being the default calendar's local date of
// `now`) and answers them from the store's aggregates: the /api/v1/stats document, or the field
// errors. The one path from a query to figures for the JSON API, the command line's peers and
// the web pages (/stats, /stats.csv, /stats.json, /staff/dashboard), so they cannot differ.
std::variant<nlohmann::json, std::vector<domain::FieldError>> QueryFigures(
    const AppContext& ctx, const std::map<std::string, std::string>& params, domain::Instant now);

}  // namespace tawasul::service
