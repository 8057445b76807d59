// Entities and categories (/admin/entities, /admin/categories): the catalogue in force, with
// both languages' names and guidance, the types each category takes and the entity it routes
// to. Read-only for now: the catalogue is loaded once at start and shared by reference
// (AppContext::catalogue), so editing it needs a snapshot like SlaRules first (docs/decisions.md).

#include "web/admin_pages.h"
#include "web/i18n.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

void Entities(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (!RequireAdmin(web, req, pc, reply, false)) return;
  list rows;
  for (const auto& e : web.app.catalogue.Entities()) {
    data row;
    row.set("code", e.code);
    row.set("name_ar", e.name_ar);
    row.set("name_en", e.name_en);
    int n = 0;
    for (const auto& c : web.app.catalogue.Categories()) n += c.entity == e.code;
    row.set("categories", std::to_string(n));
    rows.push_back(row);
  }
  data d;
  d.set("entities", rows);
  reply(RenderPage(pc, "admin_entities", d, "adm_area_entities"));
}

void Categories(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (!RequireAdmin(web, req, pc, reply, false)) return;
  std::string entity = req.QueryParam("entity");
  list rows;
  for (const auto& c : web.app.catalogue.Categories()) {
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
  reply(RenderPage(pc, "admin_categories", d, "adm_area_categories"));
}

}  // namespace

void RegisterAdminCataloguePages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/admin/entities",
             [&web](const http::Request& req, http::Reply reply) { Entities(web, req, reply); });
  router.Add(http::Method::kGet, "/admin/categories",
             [&web](const http::Request& req, http::Reply reply) { Categories(web, req, reply); });
}

}  // namespace tawasul::web
