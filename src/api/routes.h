#pragma once
// Registers the JSON API and operations endpoints (docs/API.md) on a router.

#include <memory>

#include "api/context.h"
#include "http/rate_limit.h"
#include "http/router.h"

namespace tawasul::api {

struct ApiOptions {
  double failed_lookups_per_minute = 30;  // per client address; guards access codes
  double failed_lookups_burst = 30;
};

// Owns the API's state (rate limiters); must outlive the server that routes to it.
class Api {
 public:
  Api(const AppContext& ctx, ApiOptions options);
  void Register(http::Router& router);

  // Handlers, one file each (cases.cpp, catalogue.cpp, ops.cpp).
  void PostCase(const http::Request& req, http::Reply reply);
  void GetCase(const http::Request& req, http::Reply reply);
  void ListEntities(const http::Request& req, http::Reply reply);
  void ListCategories(const http::Request& req, http::Reply reply);
  void Healthz(const http::Request& req, http::Reply reply);
  void Readyz(const http::Request& req, http::Reply reply);
  void Metrics(const http::Request& req, http::Reply reply);

  http::RateLimiter& LookupLimiter() { return failed_lookups_; }

 private:
  const AppContext& ctx_;
  http::RateLimiter failed_lookups_;
};

}  // namespace tawasul::api
