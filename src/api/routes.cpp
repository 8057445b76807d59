// The route table of the JSON API; see routes.h.

#include "api/routes.h"

#include <algorithm>

namespace tawasul::api {

ApiContext::ApiContext(const service::AppContext& app, const ApiOptions& options)
    : app(app),
      lookups(options.failed_lookups_per_minute, options.failed_lookups_burst),
      auth(app, options.auth),
      accounts(app, lookups),
      metrics_token_hash(options.metrics_token.empty()
                             ? std::string()
                             : service::Auth::TokenHash(options.metrics_token)),
      sms_report_token_hash(options.sms_report_token.empty()
                                ? std::string()
                                : service::Auth::TokenHash(options.sms_report_token)),
      api_keys(app.store, options.api_key_requests_per_minute,
               std::max(1.0, options.api_key_requests_per_minute)),
      public_url(options.public_url) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
}

void RegisterApi(http::Router& router, ApiContext& api) {
  RegisterOpsRoutes(router, api);
  RegisterCatalogueRoutes(router, api);
  RegisterServicesRoutes(router, api);
  RegisterCaseRoutes(router, api);
  RegisterSignInRoutes(router, api);
  RegisterStaffRoutes(router, api);
  RegisterStatsRoutes(router, api);
  RegisterSearchRoutes(router, api);
  RegisterRoutingRoutes(router, api);
  RegisterSlaAdminRoutes(router, api);
  RegisterWebhookRoutes(router, api);
  RegisterCitizenActionRoutes(router, api);
  RegisterTemplateRoutes(router, api);
  RegisterDeliveryReportRoutes(router, api);
  RegisterMeRoutes(router, api);
  RegisterSuggestionRoutes(router, api);
  RegisterOpen311MetaRoutes(router, api);
  RegisterOpen311RequestRoutes(router, api);
  RegisterNewsRoutes(router, api);
  RegisterOpen311UpdateRoutes(router, api);
  RegisterOpenApiRoutes(router, api);
}

std::vector<std::string> PublicReadRoutes() {
  return {"/api/v1/entities",
          "/api/v1/categories",
          "/api/v1/services",
          "/api/v1/services/{code}",
          "/api/v1/stats",
          "/api/v1/suggestions",
          "/api/v1/openapi.json",
          "/open311/v2/discovery.xml",
          "/open311/v2/discovery.json",
          "/open311/v2/services.xml",
          "/open311/v2/services.json",
          "/open311/v2/services/{file}",
          "/stats.json"};
}

}  // namespace tawasul::api
