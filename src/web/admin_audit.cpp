// The audit log (/admin/audit): every event of every case's tamper-evident history (the rows
// `tawasul audit verify` checks), newest first, 50 a page, filtered by actor ("user:12",
// "citizen", "system"; or a staff email, turned into its "user:<id>"), kind, entity, reference
// (any written form) and a date range (local days of the default calendar, both inclusive).
// Internal events are included: the page is for administrators and auditors only.
//
//   GET /admin/audit?actor=&kind=&entity=&reference=&from=YYYY-MM-DD&to=YYYY-MM-DD&page=N

#include <map>

#include "domain/reference.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr int kPerPage = 50;

// The filters as typed (shown again in the form and carried by the page links) and the query
// they make; a reference or date that does not parse is a field error.
struct AuditFilters {
  std::string actor, reference, from, to;
  store::AuditQuery query;
  std::vector<PageFieldError> errors;
};

AuditFilters ReadFilters(const WebContext& web, const http::Request& req,
                         const domain::WorkingCalendar& calendar) {
  AuditFilters f;
  store::AuditQuery& q = f.query;
  f.actor = req.QueryParam("actor");
  q.actor = f.actor;
  if (f.actor.find('@') != std::string::npos) {
    auto u = web.app.store.FindUserByEmail(f.actor);
    q.actor = u ? "user:" + std::to_string(u->id) : "user:none";
  }
  q.kind = req.QueryParam("kind");
  q.entity = req.QueryParam("entity");
  f.reference = req.QueryParam("reference");
  if (!f.reference.empty()) {
    auto r = domain::ParseReference(f.reference);
    if (r)
      q.reference = domain::FormatReference(*r);
    else
      f.errors.push_back({"reference", "adm_err_reference"});
  }
  f.from = req.QueryParam("from");
  f.to = req.QueryParam("to");
  if (!f.from.empty()) {
    auto d = domain::ParseDate(f.from);
    if (d)
      q.from = calendar.ToInstant(*d, 0);
    else
      f.errors.push_back({"from", "adm_err_date"});
  }
  if (!f.to.empty()) {
    auto d = domain::ParseDate(f.to);
    if (d)
      q.to = calendar.ToInstant(domain::LocalDate(std::chrono::sys_days(*d) + std::chrono::days(1)),
                                0);
    else
      f.errors.push_back({"to", "adm_err_date"});
  }
  return f;
}

list AuditRows(const WebContext& web, domain::Language l, const domain::WorkingCalendar& calendar,
               const std::vector<store::AuditEntry>& entries) {
  list rows;
  std::map<std::string, std::string> names;  // actor -> shown name
  for (const auto& e : entries) {
    data row;
    row.set("id", std::to_string(e.id));
    row.set("at", FormatDateTime(e.at, l, calendar.Spec().time_zone));
    row.set("reference", e.reference);
    row.set("entity", EntityName(web.app, e.entity, l));
    row.set("kind", e.kind);
    row.set("internal", !e.is_public);
    row.set("actor", ShownActor(web, e.actor, names));
    row.set("actor_code", e.actor);
    row.set("body", Shorten(e.body, 300));
    rows.push_back(row);
  }
  return rows;
}

// The entity filter: "all entities", then each entity.
list EntityFilter(const WebContext& web, domain::Language l, const std::string& selected) {
  auto catalogue = web.app.catalogue.Get();
  list entities;
  data any;
  any.set("value", "");
  any.set("label", Text(l, "adm_all_entities"));
  any.set("selected", selected.empty());
  entities.push_back(any);
  for (const auto& e : catalogue->Entities()) {
    data item;
    item.set("value", e.code);
    item.set("label", Ar(l) ? e.name_ar : e.name_en);
    item.set("selected", e.code == selected);
    entities.push_back(item);
  }
  return entities;
}

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  const auto l = pc.language;
  auto sla = web.app.sla.Get();
  const auto& calendar = sla->calendar;

  AuditFilters f = ReadFilters(web, req, calendar);
  store::AuditQuery& q = f.query;
  const int page = PageNumber(req);
  q.limit = kPerPage + 1;
  q.offset = (page - 1) * kPerPage;

  data d;
  list rows;
  bool more = false;
  if (f.errors.empty()) {
    auto entries = web.app.store.AuditLog(q);
    more = entries.size() > static_cast<std::size_t>(kPerPage);
    if (more) entries.resize(kPerPage);
    rows = AuditRows(web, l, calendar, entries);
  }
  d.set("none", rows.empty());
  d.set("entries", rows);
  SetFieldErrors(d, l, f.errors);
  d.set("v_actor", f.actor);
  d.set("v_kind", q.kind);
  d.set("v_reference", f.reference);
  d.set("v_from", f.from);
  d.set("v_to", f.to);
  d.set("entities", EntityFilter(web, l, q.entity));
  std::string base = "/admin/audit?actor=" + UrlEncode(f.actor) + "&kind=" + UrlEncode(q.kind) +
                     "&entity=" + UrlEncode(q.entity) + "&reference=" + UrlEncode(f.reference) +
                     "&from=" + UrlEncode(f.from) + "&to=" + UrlEncode(f.to) + "&page=";
  d.set("page", std::to_string(page));
  if (page > 1) d.set("prev_href", base + std::to_string(page - 1));
  if (more) d.set("next_href", base + std::to_string(page + 1));
  reply(RenderPage(pc, "admin_audit", d, "adm_audit_title", f.errors.empty() ? 200 : 422));
}

}  // namespace

void RegisterAdminAuditPages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/admin/audit",
             [&web](const http::Request& req, http::Reply reply) { Show(web, req, reply); });
}

}  // namespace tawasul::web
