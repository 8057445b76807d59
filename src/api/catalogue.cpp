// GET /api/v1/entities and GET /api/v1/categories (docs/API.md "Catalogue"): public, cacheable.

#include "api/handler_util.h"
#include "http/problem.h"
#include "service/json_io.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

namespace {

void ListEntities(const ApiContext& api, const http::Request&, http::Reply reply) {
  json items = json::array();
  auto catalogue = api.app.catalogue.Get();
  for (const auto& e : catalogue->Entities()) {
    items.push_back({{"code", e.code}, {"name_ar", e.name_ar}, {"name_en", e.name_en}});
  }
  auto r = JsonResponse(200, {{"items", std::move(items)}});
  r.Set("Cache-Control", "public, max-age=300");
  reply(std::move(r));
}

void ListCategories(const ApiContext& api, const http::Request& req, http::Reply reply) {
  std::string entity = req.QueryParam("entity");
  std::string type = req.QueryParam("type");
  std::optional<domain::CaseType> want_type;
  if (!type.empty()) {
    want_type = domain::ParseCaseType(type);
    if (!want_type) {
      reply(http::Problem(400, "malformed", "", "Unknown type in the query.", req.request_id,
                          {{"type", "invalid_value",
                            "type must be complaint, suggestion, inquiry or compliment"}}));
      return;
    }
  }
  json items = json::array();
  auto catalogue = api.app.catalogue.Get();
  for (const auto& c : catalogue->Categories()) {
    if (!entity.empty() && c.entity != entity) continue;
    if (want_type && !c.Allows(*want_type)) continue;
    json types = json::array();
    for (auto t : c.types) types.push_back(domain::ToString(t));
    items.push_back({{"code", c.code},
                     {"entity", c.entity},
                     {"name_ar", c.name_ar},
                     {"name_en", c.name_en},
                     {"guidance_ar", c.guidance_ar},
                     {"guidance_en", c.guidance_en},
                     {"types", std::move(types)}});
  }
  auto r = JsonResponse(200, {{"items", std::move(items)}});
  r.Set("Cache-Control", "public, max-age=300");
  reply(std::move(r));
}

}  // namespace

void RegisterCatalogueRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/api/v1/entities", api, ListEntities);
  AddRoute(router, Method::kGet, "/api/v1/categories", api, ListCategories);
}

}  // namespace tawasul::api
