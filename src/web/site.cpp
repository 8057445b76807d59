// The route table of the web application; see site.h.

#include "web/site.h"

namespace tawasul::web {

Site::Site(const service::AppContext& ctx, service::Auth& auth, http::RateLimiter& lookups)
    : web_{ctx, auth, lookups} {}

void Site::Register(http::Router& router) {
  RegisterPublicPages(router, web_);  // also RegisterSubmitPages, between / and /track
  RegisterSignInPages(router, web_);
  RegisterStaffPages(router, web_);
  RegisterCallerPages(router, web_);
  RegisterDashboardPages(router, web_);
  RegisterStatsPages(router, web_);
  RegisterAdminPages(router, web_);
  RegisterTrackPages(router, web_);
  RegisterStopPages(router, web_);
}

}  // namespace tawasul::web
