// The route table of the web application; see site.h.

#include "web/site.h"

#include "http/problem.h"

namespace tawasul::web {

namespace {

// An unknown address: browsers (asking for HTML, outside the JSON API) get a page in their
// language with a way back; API clients keep problem+json (issue 23: /xyz showed raw JSON).
void NotFound(const WebContext& web, const http::Request& req, http::Reply reply) {
  const std::string_view path = req.path;
  const bool api = path.starts_with("/api/") || path == "/healthz" || path == "/readyz" ||
                   path == "/metrics" || path.starts_with("/open311/");
  if (api || req.Header("Accept").find("text/html") == std::string_view::npos) {
    reply(http::Problem(404, "not-found", "", "", req.request_id));
    return;
  }
  auto pc = MakeContext(web.app, req);
  reply(ErrorPage(pc, 404, "page_not_found", "/"));
}

}  // namespace

Site::Site(const service::AppContext& ctx, service::Auth& auth, http::RateLimiter& lookups,
           service::CitizenAccounts& accounts, std::string public_url)
    : web_{ctx, auth, lookups, accounts, std::move(public_url)} {
  while (!web_.public_url.empty() && web_.public_url.back() == '/') web_.public_url.pop_back();
}

void Site::Register(http::Router& router) {
  RegisterPublicPages(router, web_);  // also RegisterSubmitPages, between / and /track
  RegisterSignInPages(router, web_);
  RegisterMfaPages(router, web_);
  RegisterStaffPages(router, web_);
  RegisterCallerPages(router, web_);
  RegisterDashboardPages(router, web_);
  RegisterStatsPages(router, web_);
  RegisterAdminPages(router, web_);
  RegisterTrackPages(router, web_);
  RegisterStopPages(router, web_);
  RegisterServicesPages(router, web_);
  RegisterSuggestionPages(router, web_);
  RegisterNewsPages(router, web_);
  RegisterMePages(router, web_);
  RegisterRecoverPages(router, web_);
  RegisterSurveyPages(router, web_);
  router.SetNotFound([this](const http::Request& req, http::Reply reply) {
    NotFound(web_, req, std::move(reply));
  });
}

}  // namespace tawasul::web
