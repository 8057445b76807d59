// GET /api/v1/services and GET /api/v1/services/{code} (docs/api.md "E-services"): the public
// e-services catalogue, read from the index in force (service::EServiceCache). Filters
// entity, life_event and q (the same Arabic-aware search as the /services page); pages of
// `per_page` (1–100, default 50) numbered from 1, with the total.

#include "api/handler_util.h"
#include "http/problem.h"
#include "service/eservices.h"
#include "service/json_io.h"
#include "store/eservice_store.h"

namespace tawasul::api {

using nlohmann::json;

namespace {

std::optional<int> IntInRange(const std::string& s, int def, int lo, int hi) {
  if (s.empty()) return def;
  if (s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int v = std::stoi(s);
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::shared_ptr<const domain::ServiceIndex> Index(const ApiContext& api) {
  if (!api.app.eservices) return std::make_shared<const domain::ServiceIndex>();
  return api.app.eservices->Get();
}

json ServiceJson(const domain::EService& s, const domain::UsefulCounts* useful) {
  json j = service::EServiceToJson(s);
  j.erase("active");  // the public API lists active services only
  if (useful) {
    j["useful"] = {{"yes", useful->yes}, {"no", useful->no}};
  }
  return j;
}

void ListServices(const ApiContext& api, const http::Request& req, http::Reply reply) {
  service::EServiceFilter filter{req.QueryParam("entity"), req.QueryParam("life_event"),
                                 req.QueryParam("q")};
  std::vector<http::FieldError> errors;
  auto catalogue = api.app.catalogue.Get();
  if (!filter.entity.empty() && !catalogue->FindEntity(filter.entity)) {
    errors.push_back({"entity", "unknown", "no entity has this code"});
  }
  if (!filter.life_event.empty() &&
      !domain::FindNamedCode(domain::LifeEvents(), filter.life_event)) {
    errors.push_back({"life_event", "unknown", "no life event has this code"});
  }
  if (filter.query.size() > 200) errors.push_back({"q", "too_long", "q is at most 200 bytes"});
  auto page = IntInRange(req.QueryParam("page"), 1, 1, 100000);
  auto per_page = IntInRange(req.QueryParam("per_page"), 50, 1, 100);
  if (!page) errors.push_back({"page", "invalid_value", "page must be 1..100000"});
  if (!per_page) errors.push_back({"per_page", "invalid_value", "per_page must be 1..100"});
  if (!errors.empty()) {
    return reply(
        http::Problem(400, "malformed", "", "Invalid service filters.", req.request_id, errors));
  }
  auto index = Index(api);
  auto found = service::FilterEServices(*index, filter);
  json items = json::array();
  const std::size_t first =
      static_cast<std::size_t>(*page - 1) * static_cast<std::size_t>(*per_page);
  for (std::size_t i = first; i < found.size() && i < first + *per_page; ++i) {
    items.push_back(ServiceJson(*found[i], nullptr));
  }
  auto r = service::JsonResponse(200, {{"total", found.size()},
                                       {"page", *page},
                                       {"per_page", *per_page},
                                       {"items", std::move(items)}});
  r.Set("Cache-Control", "public, max-age=60");
  reply(std::move(r));
}

void GetService(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto index = Index(api);
  const auto* s = index->Find(req.PathParam("code"));
  if (!s) return reply(http::Problem(404, "not-found", "", "No such service.", req.request_id));
  auto totals = api.app.store.EServices().UsefulTotals();
  auto it = totals.find(s->code);
  const domain::UsefulCounts none;
  auto r = service::JsonResponse(200, ServiceJson(*s, it == totals.end() ? &none : &it->second));
  r.Set("Cache-Control", "public, max-age=60");
  reply(std::move(r));
}

}  // namespace

void RegisterServicesRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/api/v1/services", api, ListServices);
  AddRoute(router, Method::kGet, "/api/v1/services/{code}", api, GetService);
}

}  // namespace tawasul::api
