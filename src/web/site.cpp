// The route table of the web application; see site.h.

#include "web/site.h"

namespace tawasul::web {

Site::Site(const api::AppContext& ctx, api::Api& api)
    : web_{ctx, api.Authenticator(), api.LookupLimiter()}, pages_(web_) {}

void Site::Register(http::Router& router) {
  pages_.Register(router);
  RegisterSignInPages(router, web_);
  RegisterStaffPages(router, web_);
  RegisterDashboardPages(router, web_);
  RegisterStatsPages(router, web_);
  RegisterAdminPages(router, web_);
  RegisterTrackPages(router, web_);
}

}  // namespace tawasul::web
