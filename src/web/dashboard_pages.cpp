// The supervisor dashboard (/staff/dashboard): an entity's figures for its supervisor, any
// entity's (or the national ones) for a central administrator or an auditor.
//
// Scope: a supervisor always sees their own entity; an `?entity=` naming another is ignored (not
// an error: the page simply shows what they may see). An administrator or auditor picks any
// entity with `?entity=CODE` (default: national); an unknown code is 404. Agents get 403; nobody
// signed in is sent to /login (RequireStaff).
//
// Figures: this calendar year to date (the same service::QueryFigures as /api/v1/stats and /stats),
// open and overdue now, the workload per assignee (Store::Workload: open cases by assignee, the
// unassigned ones apart) and trends: received per day over the last 30 days, received and
// compliance per month over the last 12 months (web/charts.h).

#include "domain/time.h"
#include "web/i18n.h"
#include "web/site.h"
#include "web/stats_view.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using nlohmann::json;

// The figures report for [from, to] of `entity` grouped by `group_by`, or nullopt (never fails
// for a valid period).
std::optional<service::FiguresReport> Doc(const service::AppContext& ctx, domain::LocalDate from,
                                          domain::LocalDate to, const std::string& entity,
                                          const std::string& group_by, domain::Instant now) {
  std::map<std::string, std::string> params = {{"from", domain::FormatDate(from)},
                                               {"to", domain::FormatDate(to)}};
  if (!entity.empty()) params["entity"] = entity;
  if (!group_by.empty()) params["group_by"] = group_by;
  auto r = Figures(ctx, params, now);
  if (auto* report = std::get_if<service::FiguresReport>(&r)) return std::move(*report);
  return std::nullopt;
}

ChartSpec Chart(const char* id, ChartSpec::Kind kind, const std::string& title_key,
                const std::string& y_key, bool day, domain::Language l) {
  ChartSpec c;
  c.kind = kind;
  c.id = id;
  c.title = Text(l, title_key);
  c.description =
      Text(l, kind == ChartSpec::Kind::kBar ? "db_chart_bar_desc" : "db_chart_line_desc");
  c.x_caption = Text(l, day ? "st_day" : "st_month");
  c.y_caption = Text(l, y_key);
  c.percent = kind == ChartSpec::Kind::kLine;
  c.language = l;
  return c;
}

void Dashboard(const WebContext& web, const http::Request& req, http::Reply reply) {
  const service::AppContext& ctx = web.app;
  auto catalogue = ctx.catalogue.Get();
  auto pc = MakeContext(ctx, req);
  auto who = RequireStaff(web, req, pc, reply);
  if (!who) return;
  const auto role = who->actor.role;
  const bool central = role == domain::Role::kAdmin || role == domain::Role::kAuditor;
  if (role != domain::Role::kSupervisor && !central) {
    reply(ErrorPage(pc, 403, "db_forbidden", "/staff/"));
    return;
  }
  const auto l = pc.language;
  std::string entity = central ? req.QueryParam("entity") : who->actor.entity;
  if (!entity.empty() && !catalogue->FindEntity(entity)) {
    reply(ErrorPage(pc, 404, "st_unknown_entity", "/staff/dashboard"));
    return;
  }

  const auto now = domain::Now();
  const auto today = ctx.sla.Get()->calendar.LocalDateOf(now);
  data d;
  d.set("scope_name", entity.empty() ? Text(l, "db_national") : EntityName(ctx, entity, l));
  d.set("scope_code", entity);
  if (central) {
    list options;
    data national;
    national.set("code", "");
    national.set("name", Text(l, "db_national"));
    national.set("selected", entity.empty());
    options.push_back(national);
    for (const auto& e : catalogue->Entities()) {
      data o;
      o.set("code", e.code);
      o.set("name", Ar(l) ? e.name_ar : e.name_en);
      o.set("selected", e.code == entity);
      options.push_back(o);
    }
    d.set("entities", options);
    d.set("central", true);
  }

  const domain::LocalDate year_start = today.year() / std::chrono::January / 1;
  if (auto year = Doc(ctx, year_start, today, entity, "", now)) {
    data totals = FigureCells(year->totals, l);
    totals.set("period", DateLabel(year_start, l) + " – " + DateLabel(today, l));
    d.set("totals", totals);
  }

  // Workload: open cases by assignee; the unassigned row apart.
  list workload;
  std::int64_t unassigned = 0, unassigned_overdue = 0;
  for (const auto& w : ctx.store.Workload(entity, now)) {
    if (w.assignee_id == 0) {
      unassigned = w.open;
      unassigned_overdue = w.overdue;
      continue;
    }
    data row;
    row.set("id", std::to_string(w.assignee_id));
    row.set("name", w.name.empty() ? w.email : w.name);
    row.set("email", w.email);
    row.set("open", FormatCount(w.open, l));
    row.set("open_raw", std::to_string(w.open));
    row.set("overdue", FormatCount(w.overdue, l));
    row.set("overdue_raw", std::to_string(w.overdue));
    workload.push_back(row);
  }
  d.set("workload", workload);
  d.set("unassigned", FormatCount(unassigned, l));
  d.set("unassigned_raw", std::to_string(unassigned));
  d.set("unassigned_overdue", FormatCount(unassigned_overdue, l));
  d.set("unassigned_overdue_raw", std::to_string(unassigned_overdue));

  // Trends.
  const auto day_from = AddDays(today, -29);
  if (auto daily = Doc(ctx, day_from, today, entity, "day", now)) {
    auto c =
        Chart("db-chart-daily", ChartSpec::Kind::kBar, "db_chart_daily", "st_received", true, l);
    c.points = SeriesOf(*daily, FigureField::kReceived, day_from, today, l);
    d.set("chart_daily", RenderChart(c));
    auto a = Chart("db-chart-answered-daily", ChartSpec::Kind::kBar, "db_chart_answered_daily",
                   "st_answered", true, l);
    a.points = SeriesOf(*daily, FigureField::kAnswered, day_from, today, l);
    d.set("chart_answered_daily", RenderChart(a));
  }
  const auto month_from = FirstOfMonth(today, 11);
  if (auto monthly = Doc(ctx, month_from, today, entity, "month", now)) {
    auto c = Chart("db-chart-monthly", ChartSpec::Kind::kBar, "db_chart_monthly", "st_received",
                   false, l);
    c.points = SeriesOf(*monthly, FigureField::kReceived, month_from, today, l);
    d.set("chart_monthly", RenderChart(c));
    auto k = Chart("db-chart-compliance", ChartSpec::Kind::kLine, "db_chart_compliance",
                   "st_compliance", false, l);
    k.points = SeriesOf(*monthly, FigureField::kComplianceRate, month_from, today, l);
    d.set("chart_compliance", RenderChart(k));
  }
  reply(RenderPage(pc, "dashboard", d, "db_title"));
}

}  // namespace

void RegisterDashboardPages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/staff/dashboard",
             [&web](const http::Request& req, http::Reply reply) { Dashboard(web, req, reply); });
}

}  // namespace tawasul::web
