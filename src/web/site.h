#pragma once
// The whole web application: every page module registered on one router. Each area of the site
// is its own file with a Register function (public pages, sign-in, staff, dashboard, statistics,
// administration), its handlers free functions in that file; they share only the WebContext.

#include "http/rate_limit.h"
#include "http/router.h"
#include "service/auth.h"
#include "web/page_util.h"

namespace tawasul::web {

// Page modules (one file each).
void RegisterPublicPages(http::Router& router, const WebContext& web);     // pages.cpp
void RegisterSubmitPages(http::Router& router, const WebContext& web);     // submit_pages.cpp
void RegisterSignInPages(http::Router& router, const WebContext& web);     // sign_in_pages.cpp
void RegisterMfaPages(http::Router& router, const WebContext& web);        // mfa_pages.cpp
void RegisterStaffPages(http::Router& router, const WebContext& web);      // staff_pages.cpp
void RegisterCallerPages(http::Router& router, const WebContext& web);     // caller_pages.cpp
void RegisterDashboardPages(http::Router& router, const WebContext& web);  // dashboard_pages.cpp
void RegisterStatsPages(http::Router& router, const WebContext& web);      // stats_pages.cpp
void RegisterAdminPages(http::Router& router, const WebContext& web);      // admin_pages.cpp
void RegisterTrackPages(http::Router& router, const WebContext& web);      // track_pages.cpp
void RegisterStopPages(http::Router& router, const WebContext& web);       // stop_pages.cpp
void RegisterServicesPages(http::Router& router, const WebContext& web);   // services_pages.cpp
// suggestion_pages.cpp
void RegisterSuggestionPages(http::Router& router, const WebContext& web);
void RegisterNewsPages(http::Router& router, const WebContext& web);     // news_pages.cpp
void RegisterMePages(http::Router& router, const WebContext& web);       // me_pages.cpp
void RegisterRecoverPages(http::Router& router, const WebContext& web);  // recover_pages.cpp
// survey_pages.cpp (the survey after each case; its administration is admin_surveys.cpp)
void RegisterSurveyPages(http::Router& router, const WebContext& web);

class Site {
 public:
  // Sign-in, citizen accounts and the failed look-up limiter are shared with the JSON API (one
  // limit for an address whichever way it guesses); all must outlive the site.
  // `public_url` is where citizens reach the service (links and QR codes); "": each request's Host.
  Site(const service::AppContext& ctx, service::Auth& auth, http::RateLimiter& lookups,
       service::CitizenAccounts& accounts, std::string public_url = "");
  void Register(http::Router& router);

 private:
  WebContext web_;
};

}  // namespace tawasul::web
