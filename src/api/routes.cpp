// The route table of the JSON API; see routes.h.

#include "api/routes.h"

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
                                : service::Auth::TokenHash(options.sms_report_token)) {}

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
}

}  // namespace tawasul::api
