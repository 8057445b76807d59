// The administration log (/admin/changes): every change administrators made outside case
// histories (catalogue, calendar, SLA targets, users, response templates;
// service::RecordAdminChange), newest first, 50 a page, filtered by area, actor (a staff email or
// "user:<id>") and a date range (local days of the default calendar, both inclusive). For
// administrators and auditors.
//
//   GET /admin/changes?area=&actor=&from=YYYY-MM-DD&to=YYYY-MM-DD&page=N

#include <map>

#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr int kPerPage = 50;
constexpr const char* kAreas[] = {"entity", "category", "calendar", "targets",
                                  "user",   "template", "webhook"};

// The date field `name` as the instant its local day starts (`next_day`: the day after), or an
// error for the field.
std::optional<domain::Instant> DayStart(const std::string& text, const domain::WorkingCalendar& cal,
                                        bool next_day) {
  auto d = domain::ParseDate(text);
  if (!d) return std::nullopt;
  auto day = std::chrono::sys_days(*d) + std::chrono::days(next_day ? 1 : 0);
  return cal.ToInstant(domain::LocalDate(day), 0);
}

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  const auto l = pc.language;
  auto sla = web.app.sla.Get();
  const auto& calendar = sla->calendar;

  store::AdminChangeQuery q;
  std::vector<PageFieldError> errors;
  std::string area = req.QueryParam("area");
  bool known_area = area.empty();
  for (const char* a : kAreas) known_area = known_area || area == a;
  if (!known_area) errors.push_back({"area", "adm_err_area"});
  q.area = area;
  std::string actor = req.QueryParam("actor");
  q.actor = actor;
  if (actor.find('@') != std::string::npos) {
    auto u = web.app.store.FindUserByEmail(actor);
    q.actor = u ? "user:" + std::to_string(u->id) : "user:none";
  }
  std::string from = req.QueryParam("from"), to = req.QueryParam("to");
  if (!from.empty() && !(q.from = DayStart(from, calendar, false)))
    errors.push_back({"from", "adm_err_date"});
  if (!to.empty() && !(q.to = DayStart(to, calendar, true)))
    errors.push_back({"to", "adm_err_date"});
  const int page = PageNumber(req);
  q.limit = kPerPage + 1;
  q.offset = (page - 1) * kPerPage;

  data d;
  list rows;
  bool more = false;
  if (errors.empty()) {
    auto changes = web.app.store.AdminChanges(q);
    more = changes.size() > static_cast<std::size_t>(kPerPage);
    if (more) changes.resize(kPerPage);
    std::map<std::string, std::string> names;  // actor -> email
    for (const auto& c : changes) {
      data row;
      row.set("id", std::to_string(c.id));
      row.set("at", FormatDateTime(c.at, l, calendar.Spec().time_zone));
      row.set("area", Text(l, "adm_changes_area_" + c.area));
      row.set("area_code", c.area);
      row.set("action", Text(l, "adm_changes_action_" + c.action));
      row.set("subject", c.subject);
      row.set("actor", ShownActor(web, c.actor, names));
      row.set("actor_code", c.actor);
      row.set("detail", Shorten(c.detail, 600));
      rows.push_back(row);
    }
  }
  d.set("none", rows.empty());
  d.set("changes", rows);
  SetFieldErrors(d, l, errors);
  list areas;
  {
    data any;
    any.set("value", "");
    any.set("label", Text(l, "adm_changes_all_areas"));
    any.set("selected", area.empty());
    areas.push_back(any);
    for (const char* a : kAreas) {
      data item;
      item.set("value", a);
      item.set("label", Text(l, std::string("adm_changes_area_") + a));
      item.set("selected", area == a);
      areas.push_back(item);
    }
  }
  d.set("areas", areas);
  d.set("v_actor", actor);
  d.set("v_from", from);
  d.set("v_to", to);
  std::string base = "/admin/changes?area=" + UrlEncode(area) + "&actor=" + UrlEncode(actor) +
                     "&from=" + UrlEncode(from) + "&to=" + UrlEncode(to) + "&page=";
  d.set("page", std::to_string(page));
  if (page > 1) d.set("prev_href", base + std::to_string(page - 1));
  if (more) d.set("next_href", base + std::to_string(page + 1));
  reply(RenderPage(pc, "admin_changes", d, "adm_changes_title", errors.empty() ? 200 : 422));
}

}  // namespace

void RegisterAdminChangePages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/admin/changes",
             [&web](const http::Request& req, http::Reply reply) { Show(web, req, reply); });
}

}  // namespace tawasul::web
