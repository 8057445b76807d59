#pragma once
// Registers the JSON API and operations endpoints (docs/API.md) on a router.

#include <memory>

#include "domain/lifecycle.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "service/auth.h"
#include "service/citizen_lookup.h"
#include "service/context.h"

namespace tawasul::api {

struct ApiOptions {
  double failed_lookups_per_minute = 30;  // per client address; guards access codes
  double failed_lookups_burst = 30;
  service::AuthOptions auth;
};

// Owns the API's state (rate limiters); must outlive the server that routes to it.
class Api {
 public:
  Api(const service::AppContext& ctx, ApiOptions options);
  void Register(http::Router& router);

  // Handlers, one file each (cases.cpp, catalogue.cpp, ops.cpp).
  void PostCase(const http::Request& req, http::Reply reply);
  void GetCase(const http::Request& req, http::Reply reply);
  // GET /api/v1/cases/{reference}/attachments/{id} (attachments area; cases.cpp).
  void GetAttachment(const http::Request& req, http::Reply reply);
  void ListEntities(const http::Request& req, http::Reply reply);
  void ListCategories(const http::Request& req, http::Reply reply);
  void Healthz(const http::Request& req, http::Reply reply);
  void Readyz(const http::Request& req, http::Reply reply);
  void Metrics(const http::Request& req, http::Reply reply);
  void Inbox(const http::Request& req, http::Reply reply);
  void Stats(const http::Request& req, http::Reply reply);
  void Search(const http::Request& req, http::Reply reply);          // search.cpp
  void SimilarCases(const http::Request& req, http::Reply reply);    // search.cpp
  void SuggestRouting(const http::Request& req, http::Reply reply);  // routing.cpp
  // SLA administration (sla_admin.cpp).
  void GetTargets(const http::Request& req, http::Reply reply);
  void PutTargets(const http::Request& req, http::Reply reply);
  void GetCalendar(const http::Request& req, http::Reply reply);
  void PutHolidays(const http::Request& req, http::Reply reply);
  // Webhooks (webhooks_admin.cpp).
  void ListWebhooks(const http::Request& req, http::Reply reply);
  void PostWebhook(const http::Request& req, http::Reply reply);
  void PostAction(const http::Request& req, http::Reply reply);
  void StaffCase(const http::Request& req, const service::Principal& who, http::Reply reply);
  void CitizenAction(const http::Request& req, http::Reply reply, domain::ActionKind kind);

  service::Auth& Authenticator() { return auth_; }

  // The caller when a central administrator (or, for reads, an auditor); otherwise replies
  // 401/403 and returns nullopt.
  std::optional<service::Principal> RequireRole(const http::Request& req, const http::Reply& reply,
                                                bool write);

  http::RateLimiter& LookupLimiter() { return failed_lookups_; }

  // 429 with Retry-After for an address that failed too many look-ups.
  static http::Response LookupLimited(const service::LookupOutcome& outcome,
                                      const std::string& request_id);

 private:
  const service::AppContext& ctx_;
  http::RateLimiter failed_lookups_;
  service::Auth auth_;
};

}  // namespace tawasul::api
