#pragma once
// The JSON API and operations endpoints (docs/api.md) on a router. Each area of the API is its
// own file with a Register function, its handlers free functions in that file; they share only
// the ApiContext. RegisterApi (routes.cpp) calls them all, in the order of the route table.

#include <string>
#include <vector>

#include "http/rate_limit.h"
#include "http/router.h"
#include "service/api_keys.h"
#include "service/auth.h"
#include "service/citizen_accounts.h"
#include "service/context.h"

namespace tawasul::api {

struct ApiOptions {
  double failed_lookups_per_minute = 30;  // per client address; guards access codes
  double failed_lookups_burst = 30;
  service::AuthOptions auth;
  // /metrics: with a token, only `Authorization: Bearer <token>`; without one, only clients on
  // loopback (a scraper on the node itself). Never public: it describes the internals.
  std::string metrics_token;
  // POST /api/v1/delivery-reports/sms: only `Authorization: Bearer <token>`; none: always 401.
  std::string sms_report_token;
  // Requests per minute (and burst) allowed to each API key (Open311; 429 beyond).
  double api_key_requests_per_minute = 120;
  // Where integrators reach the service (Open311 discovery); "": each request's Host.
  std::string public_url;
};

// What every API handler shares: the application, the failed look-up limiter and sign-in. Owned
// by src/app; must outlive the server that routes to it. The pages (web::Site) share `auth` and
// `lookups`, so an address has one limit whichever way it guesses.
struct ApiContext {
  ApiContext(const service::AppContext& app, const ApiOptions& options);
  const service::AppContext& app;
  http::RateLimiter lookups;  // failed case look-ups (access codes), per client address
  service::Auth auth;
  service::CitizenAccounts accounts;  // citizen accounts (issue 16); counts failures in `lookups`
  std::string metrics_token_hash;     // BLAKE2b of ApiOptions::metrics_token; empty: loopback only
  std::string sms_report_token_hash;  // BLAKE2b of ApiOptions::sms_report_token; empty: none
  service::ApiKeyGate api_keys;       // integrators' keys (Open311), each with its own rate limit
  std::string public_url;             // ApiOptions::public_url without a trailing '/'
};

// Every route of the API.
void RegisterApi(http::Router& router, ApiContext& api);

// The GET routes whose answers are public, read-only and the same for everyone (no personal
// data): the server gives them a strong ETag with If-None-Match -> 304 and CORS for any origin
// (http/public_reads.h; docs/api.md "Caching and CORS"). Includes the pages' /stats.json.
std::vector<std::string> PublicReadRoutes();

// Route modules (one file each). A module that changes shared state (the look-up limiter,
// sign-in) takes the context mutable.
void RegisterOpsRoutes(http::Router& router, const ApiContext& api);        // ops.cpp
void RegisterCatalogueRoutes(http::Router& router, const ApiContext& api);  // catalogue.cpp
void RegisterServicesRoutes(http::Router& router, const ApiContext& api);   // services.cpp
void RegisterCaseRoutes(http::Router& router, ApiContext& api);             // cases.cpp
void RegisterSignInRoutes(http::Router& router, ApiContext& api);           // sign_in.cpp
void RegisterStaffRoutes(http::Router& router, const ApiContext& api);      // staff.cpp
void RegisterStatsRoutes(http::Router& router, const ApiContext& api);      // stats.cpp
void RegisterSearchRoutes(http::Router& router, const ApiContext& api);     // search.cpp
void RegisterRoutingRoutes(http::Router& router, const ApiContext& api);    // routing.cpp
void RegisterSlaAdminRoutes(http::Router& router, const ApiContext& api);   // sla_admin.cpp
void RegisterWebhookRoutes(http::Router& router, const ApiContext& api);    // webhooks_admin.cpp
void RegisterCitizenActionRoutes(http::Router& router, ApiContext& api);    // citizen_actions.cpp
void RegisterTemplateRoutes(http::Router& router, const ApiContext& api);   // templates.cpp
void RegisterDeliveryReportRoutes(http::Router& router,
                                  const ApiContext& api);                    // delivery_reports.cpp
void RegisterMeRoutes(http::Router& router, ApiContext& api);                // me.cpp
void RegisterSuggestionRoutes(http::Router& router, const ApiContext& api);  // suggestions.cpp
void RegisterOpen311MetaRoutes(http::Router& router, ApiContext& api);       // open311_meta.cpp
void RegisterOpen311RequestRoutes(http::Router& router, ApiContext& api);    // open311_requests.cpp
void RegisterNewsRoutes(http::Router& router, const ApiContext& api);        // news.cpp
void RegisterOpen311UpdateRoutes(http::Router& router, ApiContext& api);     // open311_updates.cpp
void RegisterOpenApiRoutes(http::Router& router, const ApiContext& api);     // openapi.cpp

}  // namespace tawasul::api
