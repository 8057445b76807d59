// Entities and categories (/admin/entities, /admin/categories): the catalogue in force, with
// both languages' names and guidance, the types each category takes and the entity it routes
// to, and the forms that add and change them.
//
//   GET  /admin/entities              list            GET/POST /admin/entities/new      add
//   GET  /admin/entities/{code}       form            POST     /admin/entities/{code}   change
//   GET  /admin/categories?entity=    list            GET/POST /admin/categories/new    add
//   GET  /admin/categories/{code}     form            POST     /admin/categories/{code} change
//
// Invariants: codes are permanent (cases, figures, targets and models refer to them), so a code
// is chosen once and never edited, and nothing is deleted. A change is saved for the one entry
// (Store::SaveCatalogue upserts what it is given, so two administrators changing different
// entries never undo each other), then the whole catalogue is read back and put in force
// (service::CatalogueInForce); other nodes reload it when the configuration version moves. A
// category's new entity applies to cases submitted afterwards: cases already filed stay where
// they are (moving them is a transfer, with its own history).

#include "domain/intake.h"
#include "service/admin_log.h"
#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr const char* kTypes[] = {"complaint", "suggestion", "inquiry", "compliment"};

// The message key of a domain::CatalogueFieldError.
std::vector<PageFieldError> PageErrors(const std::vector<domain::CatalogueFieldError>& errors) {
  std::vector<PageFieldError> out;
  for (const auto& e : errors) {
    std::string key = e.reason == "required"   ? "adm_err_required"
                      : e.reason == "too_long" ? "adm_err_too_long_text"
                      : e.reason == "taken"    ? "adm_err_code_taken"
                      : e.reason == "unknown"  ? "adm_err_entity"
                      : e.field == "code"      ? "adm_err_code_format"
                                               : "adm_err_required";
    if (e.field == "types") key = "adm_err_types";
    out.push_back({e.field, key});
  }
  return out;
}

// Reads the catalogue back from the store and puts it in force on this node.
void Reload(const WebContext& web) {
  web.app.catalogue.Set(std::make_shared<const domain::Catalogue>(web.app.store.LoadCatalogue()));
}

std::string Result(const http::Request& req, domain::Language l) {
  std::string done = req.QueryParam("done");
  if (done == "created" || done == "updated") return Text(l, "adm_cat_done_" + done);
  return {};
}

void Entities(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  auto catalogue = web.app.catalogue.Get();
  list rows;
  for (const auto& e : catalogue->Entities()) {
    data row;
    row.set("code", e.code);
    row.set("name_ar", e.name_ar);
    row.set("name_en", e.name_en);
    int n = 0;
    for (const auto& c : catalogue->Categories()) n += c.entity == e.code;
    row.set("categories", std::to_string(n));
    rows.push_back(row);
  }
  data d;
  d.set("entities", rows);
  d.set("can_write", CanWrite(*who));
  if (auto r = Result(req, pc.language); !r.empty()) d.set("result", r);
  reply(RenderPage(pc, "admin_entities", d, "adm_area_entities"));
}

void Categories(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, false);
  if (!who) return;
  auto catalogue = web.app.catalogue.Get();
  std::string entity = req.QueryParam("entity");
  list rows;
  for (const auto& c : catalogue->Categories()) {
    if (!entity.empty() && c.entity != entity) continue;
    data row;
    row.set("code", c.code);
    row.set("entity", EntityName(web.app, c.entity, pc.language));
    row.set("entity_code", c.entity);
    row.set("name_ar", c.name_ar);
    row.set("name_en", c.name_en);
    row.set("guidance_ar", c.guidance_ar);
    row.set("guidance_en", c.guidance_en);
    std::string types;
    for (auto t : c.types) {
      if (!types.empty()) types += Ar(pc.language) ? "، " : ", ";
      types += TypeText(pc.language, t);
    }
    row.set("types", types);
    rows.push_back(row);
  }
  data d;
  d.set("categories", rows);
  d.set("can_write", CanWrite(*who));
  d.set("new_href", entity.empty() ? std::string("/admin/categories/new")
                                   : "/admin/categories/new?entity=" + UrlEncode(entity));
  if (auto r = Result(req, pc.language); !r.empty()) d.set("result", r);
  reply(RenderPage(pc, "admin_categories", d, "adm_area_categories"));
}

// ---- entity form ----

http::Response EntityForm(PageContext& pc, const domain::Entity& e, bool is_new,
                          const std::vector<PageFieldError>& errors, bool can_write, int status) {
  data d;
  d.set("is_new", is_new);
  d.set("action", is_new ? std::string("/admin/entities/new") : "/admin/entities/" + e.code);
  pc.path = is_new ? std::string("/admin/entities/new") : "/admin/entities/" + e.code;
  d.set("v_code", e.code);
  d.set("v_name_ar", e.name_ar);
  d.set("v_name_en", e.name_en);
  d.set("can_write", can_write);
  SetFieldErrors(d, pc.language, errors);
  return RenderPage(pc, "admin_entity_form", d, is_new ? "adm_ent_new_title" : "adm_ent_edit_title",
                    status);
}

void EntityEdit(const WebContext& web, const http::Request& req, http::Reply reply, bool is_new) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, is_new);
  if (!who) return;
  domain::Entity e;
  if (!is_new) {
    auto catalogue = web.app.catalogue.Get();
    const auto* found = catalogue->FindEntity(req.PathParam("code"));
    if (!found) return reply(ErrorPage(pc, 404, "adm_ent_unknown", "/admin/entities"));
    e = *found;
  }
  reply(EntityForm(pc, e, is_new, {}, CanWrite(*who), 200));
}

void EntitySave(const WebContext& web, const http::Request& req, http::Reply reply, bool is_new) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/entities")) return;
  auto catalogue = web.app.catalogue.Get();
  domain::Entity e;
  if (is_new) {
    e.code = domain::TrimText(FormValue(form, "code"));
  } else {
    const auto* found = catalogue->FindEntity(req.PathParam("code"));
    if (!found) return reply(ErrorPage(pc, 404, "adm_ent_unknown", "/admin/entities"));
    e.code = found->code;
  }
  e.name_ar = domain::TrimText(FormValue(form, "name_ar"));
  e.name_en = domain::TrimText(FormValue(form, "name_en"));
  auto errors = domain::CheckEntity(e, is_new, *catalogue);
  if (!errors.empty()) return reply(EntityForm(pc, e, is_new, PageErrors(errors), true, 422));
  web.app.store.SaveCatalogue(domain::Catalogue({e}, {}, {}));
  Reload(web);
  service::RecordAdminChange(web.app, who->actor, "entity", is_new ? "add" : "change", e.code,
                             {{"name_ar", e.name_ar}, {"name_en", e.name_en}});
  reply(Redirect(std::string("/admin/entities?done=") + (is_new ? "created" : "updated") +
                 "#entity-" + e.code));
}

// ---- category form ----

http::Response CategoryForm(const WebContext& web, PageContext& pc, const domain::Category& c,
                            bool is_new, const std::vector<PageFieldError>& errors, bool can_write,
                            int status) {
  const auto l = pc.language;
  data d;
  d.set("is_new", is_new);
  d.set("action", is_new ? std::string("/admin/categories/new") : "/admin/categories/" + c.code);
  pc.path = is_new ? std::string("/admin/categories/new") : "/admin/categories/" + c.code;
  d.set("v_code", c.code);
  d.set("v_name_ar", c.name_ar);
  d.set("v_name_en", c.name_en);
  d.set("v_guidance_ar", c.guidance_ar);
  d.set("v_guidance_en", c.guidance_en);
  list entities;
  for (const auto& e : web.app.catalogue.Get()->Entities()) {
    data o;
    o.set("value", e.code);
    o.set("label", (Ar(l) ? e.name_ar : e.name_en) + " (" + e.code + ")");
    o.set("selected", e.code == c.entity);
    entities.push_back(o);
  }
  d.set("entities", entities);
  list types;
  for (const char* t : kTypes) {
    data o;
    o.set("value", t);
    o.set("label", Text(l, std::string("type_") + t));
    o.set("checked", c.Allows(*domain::ParseCaseType(t)));
    types.push_back(o);
  }
  d.set("types", types);
  d.set("can_write", can_write);
  SetFieldErrors(d, l, errors);
  return RenderPage(pc, "admin_category_form", d,
                    is_new ? "adm_catg_new_title" : "adm_catg_edit_title", status);
}

void CategoryEdit(const WebContext& web, const http::Request& req, http::Reply reply, bool is_new) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, is_new);
  if (!who) return;
  domain::Category c;
  if (is_new) {
    c.entity = req.QueryParam("entity");
    c.types = {domain::CaseType::kComplaint, domain::CaseType::kSuggestion,
               domain::CaseType::kInquiry, domain::CaseType::kCompliment};
  } else {
    auto catalogue = web.app.catalogue.Get();
    const auto* found = catalogue->FindCategory(req.PathParam("code"));
    if (!found) return reply(ErrorPage(pc, 404, "adm_catg_unknown", "/admin/categories"));
    c = *found;
  }
  reply(CategoryForm(web, pc, c, is_new, {}, CanWrite(*who), 200));
}

void CategorySave(const WebContext& web, const http::Request& req, http::Reply reply, bool is_new) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireAdmin(web, req, pc, reply, true);
  if (!who) return;
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/admin/categories")) return;
  auto catalogue = web.app.catalogue.Get();
  domain::Category c;
  if (is_new) {
    c.code = domain::TrimText(FormValue(form, "code"));
  } else {
    const auto* found = catalogue->FindCategory(req.PathParam("code"));
    if (!found) return reply(ErrorPage(pc, 404, "adm_catg_unknown", "/admin/categories"));
    c.code = found->code;
  }
  c.entity = FormValue(form, "entity");
  c.name_ar = domain::TrimText(FormValue(form, "name_ar"));
  c.name_en = domain::TrimText(FormValue(form, "name_en"));
  c.guidance_ar = domain::TrimText(FormValue(form, "guidance_ar"));
  c.guidance_en = domain::TrimText(FormValue(form, "guidance_en"));
  // Several checkboxes share the name "types": each checked one is a separate pair.
  for (const auto& [key, value] : form) {
    if (key != "types") continue;
    auto t = domain::ParseCaseType(value);
    if (t && !c.Allows(*t)) c.types.push_back(*t);
  }
  auto errors = domain::CheckCategory(c, is_new, *catalogue);
  if (!errors.empty())
    return reply(CategoryForm(web, pc, c, is_new, PageErrors(errors), true, 422));
  web.app.store.SaveCatalogue(domain::Catalogue({}, {c}, {}));
  Reload(web);
  nlohmann::json types = nlohmann::json::array();
  for (auto t : c.types) types.push_back(domain::ToString(t));
  service::RecordAdminChange(web.app, who->actor, "category", is_new ? "add" : "change", c.code,
                             {{"entity", c.entity},
                              {"name_ar", c.name_ar},
                              {"name_en", c.name_en},
                              {"guidance_ar", c.guidance_ar},
                              {"guidance_en", c.guidance_en},
                              {"types", types}});
  reply(Redirect("/admin/categories?entity=" + UrlEncode(c.entity) +
                 "&done=" + (is_new ? "created" : "updated") + "#category-" + c.code));
}

}  // namespace

void RegisterAdminCataloguePages(http::Router& router, const WebContext& web) {
  using http::Method;
  using http::Reply;
  using http::Request;
  router.Add(Method::kGet, "/admin/entities",
             [&web](const Request& req, Reply reply) { Entities(web, req, reply); });
  router.Add(Method::kGet, "/admin/entities/new",
             [&web](const Request& req, Reply reply) { EntityEdit(web, req, reply, true); });
  router.Add(Method::kPost, "/admin/entities/new",
             [&web](const Request& req, Reply reply) { EntitySave(web, req, reply, true); });
  router.Add(Method::kGet, "/admin/entities/{code}",
             [&web](const Request& req, Reply reply) { EntityEdit(web, req, reply, false); });
  router.Add(Method::kPost, "/admin/entities/{code}",
             [&web](const Request& req, Reply reply) { EntitySave(web, req, reply, false); });
  router.Add(Method::kGet, "/admin/categories",
             [&web](const Request& req, Reply reply) { Categories(web, req, reply); });
  router.Add(Method::kGet, "/admin/categories/new",
             [&web](const Request& req, Reply reply) { CategoryEdit(web, req, reply, true); });
  router.Add(Method::kPost, "/admin/categories/new",
             [&web](const Request& req, Reply reply) { CategorySave(web, req, reply, true); });
  router.Add(Method::kGet, "/admin/categories/{code}",
             [&web](const Request& req, Reply reply) { CategoryEdit(web, req, reply, false); });
  router.Add(Method::kPost, "/admin/categories/{code}",
             [&web](const Request& req, Reply reply) { CategorySave(web, req, reply, false); });
}

}  // namespace tawasul::web
