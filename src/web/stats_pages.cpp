// The public statistics page (/stats) and its open-data downloads (/stats.csv, /stats.json).
//
// Everything here is aggregate: the figures come from service::QueryFigures, the very function
// behind GET /api/v1/stats, so the page, the downloads and the API cannot disagree, and no case,
// name, email or subject is ever read. The page leads with compliance (DESIGN.md §3: it cannot
// be gamed by leaving late cases open), then the on-time rate, counts, satisfaction, and what is
// open and overdue now.
//
// The period is a GET form (from, to as dates, both inclusive, in the default calendar's zone;
// default: this calendar year to today) with preset links. A bad date or from > to shows the form
// again with the message beside the field (422), and no figures. `?entity=CODE` shows one
// entity: its figures by category and its trend. The table is a league table (stats_table.h):
// ranked by compliance, lowest first, sortable by any column through links that keep the period.
// Trends are per month, or per day when the period is two months or less; they are server-side SVG
// (web/charts.h).
//
// The CSV is UTF-8 with a byte-order mark (so spreadsheet programs read Arabic correctly), a
// header row, one row per group and a last "total" row; rates are fractions, missing values empty
// cells, and a text cell starting with = + - @ is prefixed with ' (no formula injection).

#include <map>
#include <string>

#include "domain/time.h"
#include "http/problem.h"
#include "service/suggestions.h"
#include "service/surveys.h"
#include "web/i18n.h"
#include "web/site.h"
#include "web/stats_table.h"
#include "web/stats_view.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using nlohmann::json;

// Two months or less: a trend per day.
constexpr int kDailyTrendMaxDays = 62;

std::map<std::string, std::string> QueryParams(const http::Request& req,
                                               std::initializer_list<const char*> names) {
  std::map<std::string, std::string> params;
  for (const char* name : names) {
    std::string v = req.QueryParam(name);
    if (!v.empty()) params[name] = std::move(v);
  }
  return params;
}

std::string PeriodHref(const std::string& path, domain::LocalDate from, domain::LocalDate to,
                       const std::string& entity, const std::string& group_by = "") {
  std::string href = path + "?from=" + domain::FormatDate(from) + "&to=" + domain::FormatDate(to);
  if (!entity.empty()) href += "&entity=" + UrlEncode(entity);
  if (!group_by.empty()) href += "&group_by=" + group_by;
  return href;
}

// The preset periods: this year, the last 12 months, last month.
// `suffix`: the table's order (&sort=...&dir=...), kept when the period changes.
list Presets(domain::LocalDate today, const std::string& entity, const std::string& suffix,
             domain::Language l) {
  using namespace std::chrono;
  list out;
  auto add = [&](const char* key, domain::LocalDate from, domain::LocalDate to) {
    data p;
    p.set("label", Text(l, key));
    p.set("href", PeriodHref("/stats", from, to, entity) + suffix);
    out.push_back(p);
  };
  add("st_preset_year", today.year() / January / 1, today);
  year_month_day year_ago = (today.year() - years(1)) / today.month() / today.day();
  if (!year_ago.ok()) year_ago = (today.year() - years(1)) / today.month() / last;
  add("st_preset_12_months", AddDays(year_ago, 1), today);
  domain::LocalDate last_month = FirstOfMonth(today, 1);
  add("st_preset_last_month", last_month, AddDays(FirstOfMonth(today, 0), -1));
  return out;
}

std::string Csv(std::string_view s) {
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

constexpr const char* kCsvColumns[] = {"received",
                                       "answered",
                                       "answered_on_time",
                                       "on_time_rate",
                                       "due",
                                       "due_met",
                                       "compliance_rate",
                                       "open",
                                       "overdue",
                                       "median_working_hours_to_first_response",
                                       "p90_working_hours_to_first_response",
                                       "median_working_hours_to_answer",
                                       "p90_working_hours_to_answer",
                                       "rated",
                                       "rating_mean",
                                       "rating_share_4_5",
                                       "transferred",
                                       "reopened"};

std::string CsvRow(const std::string& key, const std::string& ar, const std::string& en,
                   const json& f) {
  std::string row = Csv(key) + "," + Csv(ar) + "," + Csv(en);
  for (const char* c : kCsvColumns) {
    row += ",";
    auto it = f.find(c);
    if (it != f.end() && !it->is_null()) row += it->dump();
  }
  return row + "\r\n";
}

// The figures document as CSV (see the file comment).
std::string FiguresCsv(const json& doc) {  // doc: service::FiguresJson
  std::string out = "\xEF\xBB\xBF";        // byte-order mark
  out += "key,label_ar,label_en";
  for (const char* c : kCsvColumns) out += std::string(",") + c;
  out += "\r\n";
  for (const auto& g : doc["groups"]) {
    out += CsvRow(g.value("key", ""), g.value("label_ar", ""), g.value("label_en", ""), g);
  }
  out += CsvRow("total", "المجموع", "Total", doc["totals"]);
  return out;
}

void Download(const WebContext& web, const http::Request& req, http::Reply reply, bool csv) {
  auto params =
      QueryParams(req, {"from", "to", "entity", "type", "category", "channel", "group_by"});
  auto figures = Figures(web.app, params, domain::Now());
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&figures)) {
    std::vector<http::FieldError> fields;
    for (auto& e : *errors) fields.push_back({e.field, e.code, e.message});
    reply(http::Problem(400, "malformed", "", "Invalid figures query.", req.request_id, fields));
    return;
  }
  const json doc = service::FiguresJson(std::get<service::FiguresReport>(figures));
  http::Response r;
  std::string name = "tawasul-stats-" + doc.value("from", "") + "-" + doc.value("to", "");
  if (csv) {
    r.body = FiguresCsv(doc);
    r.Set("Content-Type", "text/csv; charset=utf-8");
    name += ".csv";
  } else {
    json full = doc;  // as GET /api/v1/stats: the figures and the suggestions' shares
    full["suggestions"] = service::SuggestionSharesJson(web.app, params["entity"], domain::Now());
    r.body = full.dump();
    r.Set("Content-Type", "application/json");
    name += ".json";
  }
  r.Set("Content-Disposition", "attachment; filename=\"" + name + "\"");
  r.Set("Cache-Control", "public, max-age=10");
  reply(std::move(r));
}

// The rows of the league table: every entity (or every category of the entity) of the catalogue,
// with zeros when it has no figures, then any other group of the result; stats_table.h orders them.
std::vector<TableRow> TableRows(const service::AppContext& ctx,
                                const service::FiguresReport& report, const std::string& entity,
                                domain::LocalDate from, domain::LocalDate to, domain::Language l) {
  auto catalogue = ctx.catalogue.Get();
  std::map<std::string, const service::FigureGroupLine*> groups;
  for (const auto& g : report.groups) groups[g.key] = &g;
  service::FigureLine empty;  // zeros, and nothing open or overdue
  empty.open = 0;
  empty.overdue = 0;
  std::vector<TableRow> rows;
  auto add = [&](const std::string& code, const std::string& name, const service::FigureLine& f) {
    TableRow row{code, name, "", f};
    if (entity.empty()) row.href = PeriodHref("/stats", from, to, code);
    rows.push_back(std::move(row));
  };
  if (entity.empty()) {
    for (const auto& e : catalogue->Entities()) {
      auto it = groups.find(e.code);
      add(e.code, Ar(l) ? e.name_ar : e.name_en, it == groups.end() ? empty : it->second->figures);
      if (it != groups.end()) groups.erase(it);
    }
  } else {
    for (const auto& c : catalogue->Categories()) {
      if (c.entity != entity) continue;
      auto it = groups.find(c.code);
      add(c.code, Ar(l) ? c.name_ar : c.name_en, it == groups.end() ? empty : it->second->figures);
      if (it != groups.end()) groups.erase(it);
    }
  }
  for (const auto& [key, g] : groups) {
    add(key, Ar(l) ? g->label_ar : g->label_en, g->figures);
  }
  return rows;
}

// The received and compliance charts of the period: per day for short periods, else per month.
void SetTrendCharts(data& d, const service::AppContext& ctx,
                    std::map<std::string, std::string> params, domain::Instant now,
                    domain::LocalDate from, domain::LocalDate to, domain::Language l) {
  const int days =
      static_cast<int>((std::chrono::sys_days(to) - std::chrono::sys_days(from)).count()) + 1;
  const std::string unit = days <= kDailyTrendMaxDays ? "day" : "month";
  params["group_by"] = unit;
  auto trend = Figures(ctx, params, now);
  if (const auto* t = std::get_if<service::FiguresReport>(&trend)) {
    ChartSpec received;
    received.kind = ChartSpec::Kind::kBar;
    received.id = "st-chart-received";
    received.title = Text(l, unit == "day" ? "st_chart_received_day" : "st_chart_received_month");
    received.description = Text(l, "st_chart_received_desc");
    received.x_caption = Text(l, unit == "day" ? "st_day" : "st_month");
    received.y_caption = Text(l, "st_received");
    received.language = l;
    received.points = SeriesOf(*t, FigureField::kReceived, from, to, l);
    ChartSpec compliance = received;
    compliance.kind = ChartSpec::Kind::kLine;
    compliance.id = "st-chart-compliance";
    compliance.title =
        Text(l, unit == "day" ? "st_chart_compliance_day" : "st_chart_compliance_month");
    compliance.description = Text(l, "st_chart_compliance_desc");
    compliance.y_caption = Text(l, "st_compliance");
    compliance.percent = true;
    compliance.points = SeriesOf(*t, FigureField::kComplianceRate, from, to, l);
    d.set("chart_received", RenderChart(received));
    d.set("chart_compliance", RenderChart(compliance));
  }
}

// Suggestions carried to the end (service/suggestions.h): shares of those received.
data SuggestionShares(const service::AppContext& ctx, const std::string& entity,
                      domain::Instant now, domain::Language l) {
  const auto shares =
      service::ShareOfSuggestions(service::MakeSuggestionsReport(ctx, entity, now, 0));
  data sg;
  auto share = [&](const char* key, const std::optional<double>& v) {
    sg.set(key, v ? FormatPercent(*v, l) : std::string("—"));
    sg.set(std::string(key) + "_raw", v ? std::to_string(*v) : std::string());
  };
  share("accepted", shares.accepted_share);
  share("implemented", shares.implemented_share);
  sg.set("href",
         "/suggestions" + (entity.empty() ? std::string() : "?entity=" + UrlEncode(entity)));
  return sg;
}

// The survey after each case (docs/surveys.md): mean satisfaction per entity, only for entities
// with enough responses (domain::kMinSurveyGroup).
void SetSurveyRows(data& d, const service::AppContext& ctx, const std::string& entity,
                   domain::Language l) {
  list rows;
  for (const auto& f : service::AfterCaseFigures(ctx)) {
    if (!f.category.empty() || !f.shown || f.satisfaction_answers == 0) continue;
    if (!entity.empty() && f.entity != entity) continue;
    data row;
    row.set("entity", EntityName(ctx, f.entity, l));
    row.set("code", f.entity);
    row.set("mean", FormatDecimal(f.mean_satisfaction, 1, l));
    row.set("responses", FormatCount(f.responses, l));
    rows.push_back(row);
  }
  d.set("has_survey", !rows.empty());
  d.set("survey_rows", rows);
}

void StatsPage(const WebContext& web, const http::Request& req, http::Reply reply) {
  const service::AppContext& ctx = web.app;
  auto catalogue = ctx.catalogue.Get();
  auto pc = MakeContext(ctx, req);
  const auto l = pc.language;
  const auto now = domain::Now();
  const auto today = ctx.sla.Get()->calendar.LocalDateOf(now);
  const std::string entity = req.QueryParam("entity");
  const auto* entity_row = entity.empty() ? nullptr : catalogue->FindEntity(entity);
  if (!entity.empty() && !entity_row) {
    reply(ErrorPage(pc, 404, "st_unknown_entity", "/stats"));
    return;
  }

  data d;
  const TableSort sort = ParseTableSort(req.QueryParam("sort"), req.QueryParam("dir"));
  d.set("sort", sort.column);
  d.set("sort_dir", std::string(sort.ascending ? "asc" : "desc"));  // "dir" is the layout's
  d.set("presets",
        Presets(today, entity, "&sort=" + sort.column + "&dir=" + (sort.ascending ? "asc" : "desc"),
                l));
  if (entity_row) {
    d.set("entity", entity);
    d.set("entity_name", Ar(l) ? entity_row->name_ar : entity_row->name_en);
  }
  auto params = QueryParams(req, {"from", "to", "entity"});
  params["group_by"] = entity.empty() ? "entity" : "category";
  auto figures = Figures(ctx, params, now);
  if (auto* errors = std::get_if<std::vector<domain::FieldError>>(&figures)) {
    d.set("v_from", req.QueryParam("from"));
    d.set("v_to", req.QueryParam("to"));
    list summary;
    for (const auto& e : *errors) {
      std::string message = Text(l, "st_err_" + e.code);
      if (message.empty()) message = ErrorText(l, e.code);
      d.set("err_" + e.field, message);
      data s;
      s.set("field", e.field);
      s.set("message", Text(l, "st_" + e.field) + ": " + message);
      summary.push_back(s);
    }
    d.set("errors", summary);
    reply(RenderPage(pc, "stats", d, "st_title", 422));
    return;
  }
  const auto& report = std::get<service::FiguresReport>(figures);
  const auto from = report.from;
  const auto to = report.to;
  d.set("v_from", domain::FormatDate(from));
  d.set("v_to", domain::FormatDate(to));
  d.set("period", Text(l, "st_period_from") + " " + DateLabel(from, l) + " " +
                      Text(l, "st_period_to") + " " + DateLabel(to, l));

  data totals = FigureCells(report.totals, l);
  d.set("totals", totals);
  // The league table, ranked or sorted as asked (stats_table.h); its links keep the period.
  auto rows = TableRows(ctx, report, entity, from, to, l);
  SortTableRows(rows, sort);
  d.set("rows", TableRowsData(rows, l));
  d.set("headers", TableHeaders(sort, PeriodHref("/stats", from, to, entity),
                                Text(l, entity.empty() ? "st_entity" : "st_category"), l));
  d.set("by_category", !entity.empty());

  SetTrendCharts(d, ctx, params, now, from, to, l);
  d.set("suggestions", SuggestionShares(ctx, entity, now, l));
  SetSurveyRows(d, ctx, entity, l);
  const std::string table_group = entity.empty() ? "entity" : "category";
  d.set("csv_href", PeriodHref("/stats.csv", from, to, entity, table_group));
  d.set("csv_month_href", PeriodHref("/stats.csv", from, to, entity, "month"));
  d.set("json_href", PeriodHref("/stats.json", from, to, entity, table_group));
  d.set("all_href", PeriodHref("/stats", from, to, ""));
  reply(RenderPage(pc, "stats", d, "st_title"));
}

}  // namespace

void RegisterStatsPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/stats",
             [&web](const http::Request& req, http::Reply reply) { StatsPage(web, req, reply); });
  router.Add(Method::kGet, "/stats.csv", [&web](const http::Request& req, http::Reply reply) {
    Download(web, req, reply, true);
  });
  router.Add(Method::kGet, "/stats.json", [&web](const http::Request& req, http::Reply reply) {
    Download(web, req, reply, false);
  });
}

}  // namespace tawasul::web
