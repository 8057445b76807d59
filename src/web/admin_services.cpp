// The e-services catalogue's administration (/admin/services, docs/web.md "E-services"):
//
//   GET  /admin/services          every service (active or not) with its "useful" share
//   GET  /admin/services/{code}   the form: texts in both languages, sets, the link, active
//   POST /admin/services/{code}   save (central administrators; auditors read only)
//
// Invariants: codes are permanent (cases refer to them): a service is added by
// `tawasul services import`, never renamed here, and withdrawn by clearing "active" (nothing is
// deleted). A save goes through service::SaveEService, the one validator shared with the
// import, which also puts the catalogue in force again, so the public pages change at once.

#include <algorithm>

#include "domain/intake.h"
#include "service/admin_log.h"
#include "service/eservices.h"
#include "store/eservice_store.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr const char* kTextFields[] = {
    "name_ar",     "name_en", "url",     "description_ar", "description_en", "audience_ar",
    "audience_en", "fees_ar", "fees_en", "time_ar",        "time_en",        "keywords"};

// A text field by its form name, of a mutable or a const row.
template <class S>
auto TextOf(S& s, std::string_view f) -> decltype(&s.keywords) {
  if (f == "name_ar") return &s.name_ar;
  if (f == "name_en") return &s.name_en;
  if (f == "url") return &s.url;
  if (f == "description_ar") return &s.description_ar;
  if (f == "description_en") return &s.description_en;
  if (f == "audience_ar") return &s.audience_ar;
  if (f == "audience_en") return &s.audience_en;
  if (f == "fees_ar") return &s.fees_ar;
  if (f == "fees_en") return &s.fees_en;
  if (f == "time_ar") return &s.time_ar;
  if (f == "time_en") return &s.time_en;
  return &s.keywords;
}

std::string ErrorKey(const domain::CatalogueFieldError& e) {
  if (e.reason == "required") return "adm_err_required";
  if (e.reason == "too_long") return "adm_err_too_long_text";
  if (e.reason == "unknown") return e.field == "entity" ? "adm_err_entity" : "adm_err_unknown_code";
  return "adm_err_format";
}

void List(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  const auto l = pc.language;
  auto totals = web.app.store.EServices().UsefulTotals();
  list rows;
  for (const auto& s : web.app.store.EServices().LoadEServices()) {
    data row;
    row.set("code", s.code);
    row.set("name", Ar(l) ? s.name_ar : s.name_en);
    row.set("entity", EntityName(web.app, s.entity, l));
    row.set("active", Text(l, s.active ? "cz_yes" : "cz_no"));
    const auto it = totals.find(s.code);
    const domain::UsefulCounts counts = it == totals.end() ? domain::UsefulCounts{} : it->second;
    const int pct = counts.Percent();
    row.set("useful", pct < 0 ? std::string("—") : FormatPercent(pct / 100.0, l));
    row.set("votes", FormatCount(counts.yes + counts.no, l));
    rows.push_back(row);
  }
  data d;
  d.set("services", rows);
  d.set("can_write", CanWrite(*who));
  if (req.QueryParam("done") == "updated") d.set("result", Text(l, "adm_cat_done_updated"));
  reply(RenderPage(pc, "admin_services", d, "adm_area_services"));
}

http::Response EditForm(const WebContext& web, PageContext& pc, const domain::EService& s,
                        const std::vector<domain::CatalogueFieldError>& errors, bool can_write,
                        int status) {
  const auto l = pc.language;
  data d;
  d.set("code", s.code);
  pc.path = "/admin/services/" + s.code;
  for (const char* f : kTextFields) {
    d.set(std::string("v_") + f, *TextOf(s, f));
  }
  d.set("v_categories", domain::JoinCodes(s.categories));
  d.set("v_active", s.active);
  d.set("entities", AdminEntityOptions(web, l, s.entity, nullptr));
  auto boxes = [&](const std::vector<domain::NamedCode>& all, const std::vector<std::string>& on) {
    list out;
    for (const auto& c : all) {
      data o;
      o.set("value", std::string(c.code));
      o.set("label", std::string(domain::NameIn(c, l)));
      o.set("checked", std::find(on.begin(), on.end(), c.code) != on.end());
      out.push_back(o);
    }
    return out;
  };
  d.set("channels", boxes(domain::ServiceChannels(), s.channels));
  d.set("events", boxes(domain::LifeEvents(), s.life_events));
  std::vector<PageFieldError> page_errors;
  list summary;
  for (const auto& e : errors) {
    page_errors.push_back({e.field, ErrorKey(e)});
    data item;
    item.set("field", e.field);
    item.set("message", Text(l, ErrorKey(e)) + " (" + e.field + ")");
    summary.push_back(item);
  }
  SetFieldErrors(d, l, page_errors);
  d.set("errors", summary);
  d.set("can_write", can_write);
  return RenderPage(pc, "admin_service_form", d, "adm_svc_edit_title", status);
}

void Edit(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  for (const auto& s : web.app.store.EServices().LoadEServices()) {
    if (s.code == req.PathParam("code"))
      return reply(EditForm(web, pc, s, {}, CanWrite(*who), 200));
  }
  reply(ErrorPage(pc, 404, "adm_svc_unknown", "/admin/services"));
}

void Save(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/services")) return;
  std::optional<domain::EService> found;
  for (auto& s : web.app.store.EServices().LoadEServices()) {
    if (s.code == req.PathParam("code")) found = std::move(s);
  }
  if (!found) return reply(ErrorPage(pc, 404, "adm_svc_unknown", "/admin/services"));
  domain::EService s;
  s.code = found->code;
  s.entity = FormValue(form, "entity");
  for (const char* f : kTextFields) *TextOf(s, f) = domain::TrimText(FormValue(form, f));
  s.categories = domain::SplitCodes(FormValue(form, "categories"));
  // Several checkboxes share a name: each checked one is a separate pair.
  for (const auto& [key, value] : form) {
    if (key == "channels") s.channels.push_back(value);
    if (key == "life_events") s.life_events.push_back(value);
  }
  s.active = FormValue(form, "active") == "on";
  auto errors = service::SaveEService(web.app, s);
  if (!errors.empty()) return reply(EditForm(web, pc, s, errors, true, 422));
  service::RecordAdminChange(web.app, who->actor, "service", "change", s.code,
                             service::EServiceToJson(s));
  reply(Redirect("/admin/services?done=updated#service-" + s.code));
}

}  // namespace

void RegisterAdminServicePages(http::Router& router, const WebContext& web) {
  using http::Method;
  using http::Reply;
  using http::Request;
  router.Add(Method::kGet, "/admin/services",
             [&web](const Request& req, Reply reply) { List(web, req, reply); });
  router.Add(Method::kGet, "/admin/services/{code}",
             [&web](const Request& req, Reply reply) { Edit(web, req, reply); });
  router.Add(Method::kPost, "/admin/services/{code}",
             [&web](const Request& req, Reply reply) { Save(web, req, reply); });
}

}  // namespace tawasul::web
