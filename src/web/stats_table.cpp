// The league table of /stats; see stats_table.h.

#include "web/stats_table.h"

#include <algorithm>
#include <optional>

#include "web/i18n.h"
#include "web/stats_view.h"

namespace tawasul::web {

namespace {

// A column: its key in ?sort=, its label's string key, and its "worst first" direction (low
// rates and satisfaction, long times, many overdue or open cases first).
struct Column {
  const char* key;
  const char* label;
  bool worst_ascending;
};

constexpr Column kColumns[] = {
    {"name", "", true},
    {"compliance", "st_compliance", true},
    {"on_time", "st_on_time", true},
    {"median_answer", "st_median_answer", false},
    {"p90_answer", "st_p90_answer", false},
    {"median_first_response", "st_median_first_response", false},
    {"received", "st_received", false},
    {"answered", "st_answered", false},
    {"open", "st_open", false},
    {"overdue", "st_overdue", false},
    {"rating_mean", "st_rating_mean", true},
    {"rating_share", "st_rating_share_col", true},
};

constexpr const char* kDefaultColumn = "compliance";

const Column* FindColumn(const std::string& key) {
  for (const auto& c : kColumns) {
    if (key == c.key) return &c;
  }
  return nullptr;
}

template <class T>
std::optional<double> AsDouble(const std::optional<T>& v) {
  if (!v) return std::nullopt;
  return static_cast<double>(*v);
}

// The value a numeric column sorts on (missing: nullopt).
std::optional<double> ValueOf(const std::string& column, const service::FigureLine& f) {
  if (column == "compliance") return f.compliance_rate;
  if (column == "on_time") return f.on_time_rate;
  if (column == "median_answer") return f.median_working_hours_to_answer;
  if (column == "p90_answer") return f.p90_working_hours_to_answer;
  if (column == "median_first_response") return f.median_working_hours_to_first_response;
  if (column == "received") return static_cast<double>(f.received);
  if (column == "answered") return static_cast<double>(f.answered);
  if (column == "open") return AsDouble(f.open);
  if (column == "overdue") return AsDouble(f.overdue);
  if (column == "rating_mean") return f.rating_mean;
  if (column == "rating_share") return f.rating_share_4_5;
  return std::nullopt;
}

std::string Hours(const std::optional<double>& v, domain::Language l) {
  return v ? FormatDecimal(*v, 1, l) : std::string("—");
}

std::string Raw(const std::optional<double>& v) {
  return v ? nlohmann::json(*v).dump() : std::string();
}

}  // namespace

TableSort ParseTableSort(const std::string& sort, const std::string& dir) {
  TableSort s;
  const Column* c = FindColumn(sort);
  if (!c) c = FindColumn(kDefaultColumn);
  s.column = c->key;
  if (dir == "asc") {
    s.ascending = true;
  } else if (dir == "desc") {
    s.ascending = false;
  } else {
    s.ascending = c->worst_ascending;
  }
  return s;
}

void SortTableRows(std::vector<TableRow>& rows, const TableSort& sort) {
  std::stable_sort(rows.begin(), rows.end(), [&](const TableRow& a, const TableRow& b) {
    if (sort.column == "name") {
      return sort.ascending ? a.name < b.name : b.name < a.name;
    }
    auto va = ValueOf(sort.column, a.figures);
    auto vb = ValueOf(sort.column, b.figures);
    if (va.has_value() != vb.has_value()) return va.has_value();  // missing last
    if (va && *va != *vb) return sort.ascending ? *va < *vb : *va > *vb;
    return a.name < b.name;
  });
}

kainjow::mustache::list TableHeaders(const TableSort& sort, const std::string& period_href,
                                     const std::string& first_label, domain::Language l) {
  kainjow::mustache::list out;
  for (const auto& c : kColumns) {
    kainjow::mustache::data h;
    const bool sorted = sort.column == c.key;
    const bool next_ascending = sorted ? !sort.ascending : c.worst_ascending;
    h.set("key", std::string(c.key));
    h.set("label", c.label[0] ? Text(l, c.label) : first_label);
    h.set("href", period_href + "&sort=" + c.key + "&dir=" + (next_ascending ? "asc" : "desc"));
    h.set("first", c.key == std::string("name"));
    if (sorted) {
      h.set("aria_sort", std::string(sort.ascending ? "ascending" : "descending"));
      h.set("arrow", std::string(sort.ascending ? "▲" : "▼"));
    }
    out.push_back(h);
  }
  return out;
}

kainjow::mustache::list TableRowsData(const std::vector<TableRow>& rows, domain::Language l) {
  kainjow::mustache::list out;
  for (const auto& r : rows) {
    kainjow::mustache::data row = FigureCells(r.figures, l);
    row.set("code", r.code);
    row.set("name", r.name);
    if (!r.href.empty()) row.set("href", r.href);
    row.set("median_answer", Hours(r.figures.median_working_hours_to_answer, l));
    row.set("median_answer_raw", Raw(r.figures.median_working_hours_to_answer));
    row.set("p90_answer", Hours(r.figures.p90_working_hours_to_answer, l));
    row.set("p90_answer_raw", Raw(r.figures.p90_working_hours_to_answer));
    row.set("median_first_response", Hours(r.figures.median_working_hours_to_first_response, l));
    row.set("median_first_response_raw", Raw(r.figures.median_working_hours_to_first_response));
    out.push_back(row);
  }
  return out;
}

}  // namespace tawasul::web
