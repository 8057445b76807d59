#pragma once
// The league table of /stats: one row per entity (or per category of one entity), every figure
// in one table, ranked and sortable by any column without JavaScript.
//
// Invariants:
// - Every entity (category) of the catalogue has a row, with zeros when it has no figures, named
//   in the page's language (never by code); any other group of the report follows.
// - The default order is the ranking stated on the page: compliance rate, lowest first (the
//   figure that cannot be gamed by leaving late cases open; docs/decisions.md 2026-12-07).
// - A missing value (a rate with nothing due, a time with nothing answered) sorts last in either
//   direction; ties are broken by name, so the order is total and stable across reloads.
// - Column headers are links (?sort=COLUMN&dir=asc|desc) keeping the period and the entity; the
//   sorted column carries aria-sort. A header not sorted yet links to its "worst first"
//   direction; the sorted one links to the other direction.

#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "domain/language.h"
#include "service/figures_view.h"

namespace tawasul::web {

// The order asked by ?sort=&dir= (an unknown column or direction falls back to the default).
struct TableSort {
  std::string column;  // one of kTableColumns' keys
  bool ascending = true;
};

// Parses the sort and dir query parameters.
TableSort ParseTableSort(const std::string& sort, const std::string& dir);

struct TableRow {
  std::string code;
  std::string name;
  std::string href;  // the entity's own page, or empty
  service::FigureLine figures;
};

// Orders `rows` in place.
void SortTableRows(std::vector<TableRow>& rows, const TableSort& sort);

// The header cells: for each column key, label, href (period_href + sort and dir) and aria_sort
// ("ascending", "descending" or empty). `first_label` is the first column's (entity or category).
kainjow::mustache::list TableHeaders(const TableSort& sort, const std::string& period_href,
                                     const std::string& first_label, domain::Language language);

// The rows as template data: FigureCells plus code, name and href.
kainjow::mustache::list TableRowsData(const std::vector<TableRow>& rows, domain::Language language);

}  // namespace tawasul::web
