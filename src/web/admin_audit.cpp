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

void Show(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto catalogue = web.app.catalogue.Get();
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  const auto l = pc.language;
  auto sla = web.app.sla.Get();
  const auto& calendar = sla->calendar;

  store::AuditQuery q;
  std::vector<PageFieldError> errors;
  std::string actor = req.QueryParam("actor");
  q.actor = actor;
  if (actor.find('@') != std::string::npos) {
    auto u = web.app.store.FindUserByEmail(actor);
    q.actor = u ? "user:" + std::to_string(u->id) : "user:none";
  }
  q.kind = req.QueryParam("kind");
  q.entity = req.QueryParam("entity");
  std::string reference = req.QueryParam("reference");
  if (!reference.empty()) {
    auto r = domain::ParseReference(reference);
    if (r)
      q.reference = domain::FormatReference(*r);
    else
      errors.push_back({"reference", "adm_err_reference"});
  }
  std::string from = req.QueryParam("from"), to = req.QueryParam("to");
  if (!from.empty()) {
    auto d = domain::ParseDate(from);
    if (d)
      q.from = calendar.ToInstant(*d, 0);
    else
      errors.push_back({"from", "adm_err_date"});
  }
  if (!to.empty()) {
    auto d = domain::ParseDate(to);
    if (d)
      q.to = calendar.ToInstant(domain::LocalDate(std::chrono::sys_days(*d) + std::chrono::days(1)),
                                0);
    else
      errors.push_back({"to", "adm_err_date"});
  }
  const int page = PageNumber(req);
  q.limit = kPerPage + 1;
  q.offset = (page - 1) * kPerPage;

  data d;
  list rows;
  bool more = false;
  if (errors.empty()) {
    auto entries = web.app.store.AuditLog(q);
    more = entries.size() > static_cast<std::size_t>(kPerPage);
    if (more) entries.resize(kPerPage);
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
  }
  d.set("none", rows.empty());
  d.set("entries", rows);
  SetFieldErrors(d, l, errors);
  d.set("v_actor", actor);
  d.set("v_kind", q.kind);
  d.set("v_reference", reference);
  d.set("v_from", from);
  d.set("v_to", to);
  list entities;
  {
    data any;
    any.set("value", "");
    any.set("label", Text(l, "adm_all_entities"));
    any.set("selected", q.entity.empty());
    entities.push_back(any);
    for (const auto& e : catalogue->Entities()) {
      data item;
      item.set("value", e.code);
      item.set("label", Ar(l) ? e.name_ar : e.name_en);
      item.set("selected", e.code == q.entity);
      entities.push_back(item);
    }
  }
  d.set("entities", entities);
  std::string base = "/admin/audit?actor=" + UrlEncode(actor) + "&kind=" + UrlEncode(q.kind) +
                     "&entity=" + UrlEncode(q.entity) + "&reference=" + UrlEncode(reference) +
                     "&from=" + UrlEncode(from) + "&to=" + UrlEncode(to) + "&page=";
  d.set("page", std::to_string(page));
  if (page > 1) d.set("prev_href", base + std::to_string(page - 1));
  if (more) d.set("next_href", base + std::to_string(page + 1));
  reply(RenderPage(pc, "admin_audit", d, "adm_audit_title", errors.empty() ? 200 : 422));
}

}  // namespace

void RegisterAdminAuditPages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/admin/audit",
             [&web](const http::Request& req, http::Reply reply) { Show(web, req, reply); });
}

}  // namespace tawasul::web
