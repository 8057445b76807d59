// Response templates per entity (/admin/templates): ready-made replies in Arabic and English
// that the entity's staff pick on the case page (Store::ListResponseTemplates).
//
//   GET  /admin/templates[?entity=CODE]      the list (all entities, or one)
//   GET  /admin/templates/new                the form for a new template
//   POST /admin/templates/new                create
//   GET  /admin/templates/{id}               the edit form (and the delete button)
//   POST /admin/templates/{id}               update
//   POST /admin/templates/{id}/delete        delete
// (GET /api/v1/templates, the JSON list staff read, is in api/templates.cpp.)
//
// Validation: the entity must exist; both titles 1..200 characters; both bodies 1..5000. A form
// with errors is shown again with the values typed and a message under each field (422), and
// nothing is stored.

#include <nlohmann/json.hpp>

#include "domain/intake.h"
#include "domain/time.h"
#include "http/problem.h"
#include "service/admin_log.h"
#include "service/json_io.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

std::size_t Chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void List(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto catalogue = web.app.catalogue.Get();
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  std::string entity = req.QueryParam("entity");
  if (!entity.empty() && !catalogue->FindEntity(entity)) entity.clear();
  list rows;
  for (const auto& t : web.app.store.ListResponseTemplates(entity)) {
    data row;
    row.set("id", std::to_string(t.id));
    row.set("entity", EntityName(web.app, t.entity, pc.language));
    row.set("entity_code", t.entity);
    row.set("title", Ar(pc.language) ? t.title_ar : t.title_en);
    row.set("other_title", Ar(pc.language) ? t.title_en : t.title_ar);
    rows.push_back(row);
  }
  data d;
  d.set("none", rows.empty());
  d.set("templates", rows);
  d.set("entities", AdminEntityOptions(web, pc.language, entity, "adm_all_entities"));
  d.set("can_write", CanWrite(*who));
  std::string done = req.QueryParam("done");
  if (done == "created" || done == "updated" || done == "deleted")
    d.set("result", Text(pc.language, "adm_tpl_done_" + done));
  reply(RenderPage(pc, "admin_templates", d, "adm_templates_title"));
}

// The edit form: `t` as stored (or typed), errors by field.
http::Response FormPage(const WebContext& web, PageContext pc, const store::ResponseTemplate& t,
                        const std::vector<PageFieldError>& errors, bool can_write, int status) {
  data d;
  bool is_new = t.id == 0;
  d.set("is_new", is_new);
  d.set("id", std::to_string(t.id));
  d.set("action",
        is_new ? std::string("/admin/templates/new") : "/admin/templates/" + std::to_string(t.id));
  pc.path = is_new ? "/admin/templates/new" : "/admin/templates/" + std::to_string(t.id);
  d.set("entities", AdminEntityOptions(web, pc.language, t.entity, nullptr));
  d.set("v_title_ar", t.title_ar);
  d.set("v_title_en", t.title_en);
  d.set("v_body_ar", t.body_ar);
  d.set("v_body_en", t.body_en);
  d.set("can_write", can_write);
  SetFieldErrors(d, pc.language, errors);
  return RenderPage(pc, "admin_template_form", d,
                    is_new ? "adm_tpl_new_title" : "adm_tpl_edit_title", status);
}

std::optional<std::int64_t> PathId(const http::Request& req) {
  std::string_view s = req.PathParam("id");
  if (s.empty() || s.size() > 15) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

void New(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  store::ResponseTemplate t;
  t.entity = req.QueryParam("entity");
  reply(FormPage(web, pc, t, {}, true, 200));
}

void Edit(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  auto id = PathId(req);
  auto t = id ? web.app.store.FindResponseTemplate(*id) : std::nullopt;
  if (!t) {
    reply(ErrorPage(pc, 404, "adm_tpl_unknown", "/admin/templates"));
    return;
  }
  reply(FormPage(web, pc, *t, {}, CanWrite(*who), 200));
}

void Save(const WebContext& web, const http::Request& req, http::Reply reply, bool is_new) {
  auto catalogue = web.app.catalogue.Get();
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/templates")) return;
  store::ResponseTemplate t;
  if (!is_new) {
    auto id = PathId(req);
    if (!id || !web.app.store.FindResponseTemplate(*id)) {
      reply(ErrorPage(pc, 404, "adm_tpl_unknown", "/admin/templates"));
      return;
    }
    t.id = *id;
  }
  t.entity = FormValue(form, "entity");
  t.title_ar = domain::TrimText(FormValue(form, "title_ar"));
  t.title_en = domain::TrimText(FormValue(form, "title_en"));
  t.body_ar = domain::TrimText(FormValue(form, "body_ar"));
  t.body_en = domain::TrimText(FormValue(form, "body_en"));
  std::vector<PageFieldError> errors;
  if (!catalogue->FindEntity(t.entity)) errors.push_back({"entity", "adm_err_entity"});
  for (auto [field, value, max] :
       {std::tuple<const char*, const std::string*, std::size_t>{"title_ar", &t.title_ar, 200},
        {"title_en", &t.title_en, 200},
        {"body_ar", &t.body_ar, 5000},
        {"body_en", &t.body_en, 5000}}) {
    if (value->empty())
      errors.push_back({field, "adm_err_required"});
    else if (Chars(*value) > max)
      errors.push_back({field, "adm_err_too_long_text"});
  }
  if (!errors.empty()) {
    reply(FormPage(web, pc, t, errors, true, 422));
    return;
  }
  std::int64_t id = web.app.store.SaveResponseTemplate(t, domain::Now());
  if (id == 0) {
    reply(ErrorPage(pc, 404, "adm_tpl_unknown", "/admin/templates"));
    return;
  }
  service::RecordAdminChange(web.app, who->actor, "template", is_new ? "add" : "change",
                             std::to_string(id),
                             {{"entity", t.entity},
                              {"title_ar", t.title_ar},
                              {"title_en", t.title_en},
                              {"body_ar", t.body_ar},
                              {"body_en", t.body_en}});
  reply(Redirect("/admin/templates?entity=" + UrlEncode(t.entity) +
                 "&done=" + (is_new ? "created" : "updated") + "#template-" + std::to_string(id)));
}

void Delete(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/templates")) return;
  auto id = PathId(req);
  if (!id || !web.app.store.DeleteResponseTemplate(*id)) {
    reply(ErrorPage(pc, 404, "adm_tpl_unknown", "/admin/templates"));
    return;
  }
  service::RecordAdminChange(web.app, who->actor, "template", "delete", std::to_string(*id),
                             nlohmann::json::object());
  reply(Redirect("/admin/templates?done=deleted"));
}

}  // namespace

void RegisterAdminTemplatePages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/admin/templates",
             [&web](const http::Request& req, http::Reply reply) { List(web, req, reply); });
  router.Add(Method::kGet, "/admin/templates/new",
             [&web](const http::Request& req, http::Reply reply) { New(web, req, reply); });
  router.Add(Method::kPost, "/admin/templates/new",
             [&web](const http::Request& req, http::Reply reply) { Save(web, req, reply, true); });
  router.Add(Method::kGet, "/admin/templates/{id}",
             [&web](const http::Request& req, http::Reply reply) { Edit(web, req, reply); });
  router.Add(Method::kPost, "/admin/templates/{id}",
             [&web](const http::Request& req, http::Reply reply) { Save(web, req, reply, false); });
  router.Add(Method::kPost, "/admin/templates/{id}/delete",
             [&web](const http::Request& req, http::Reply reply) { Delete(web, req, reply); });
}

}  // namespace tawasul::web
