// Route table of the JSON API.

#include "api/routes.h"

namespace tawasul::api {

Api::Api(const AppContext& ctx, ApiOptions options)
    : ctx_(ctx), failed_lookups_(options.failed_lookups_per_minute, options.failed_lookups_burst) {}

void Api::Register(http::Router& router) {
  using http::Method;
  auto bind = [this](void (Api::*fn)(const http::Request&, http::Reply)) {
    return [this, fn](const http::Request& req, http::Reply reply) {
      (this->*fn)(req, std::move(reply));
    };
  };
  router.Add(Method::kGet, "/healthz", bind(&Api::Healthz));
  router.Add(Method::kGet, "/readyz", bind(&Api::Readyz));
  router.Add(Method::kGet, "/metrics", bind(&Api::Metrics));
  router.Add(Method::kGet, "/api/v1/entities", bind(&Api::ListEntities));
  router.Add(Method::kGet, "/api/v1/categories", bind(&Api::ListCategories));
  router.Add(Method::kPost, "/api/v1/cases", bind(&Api::PostCase));
  router.Add(Method::kGet, "/api/v1/cases/{reference}", bind(&Api::GetCase));
}

}  // namespace tawasul::api
