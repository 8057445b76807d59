// The supervisor dashboard (/staff/dashboard).

#include "web/site.h"

namespace tawasul::web {

void RegisterDashboardPages(http::Router& router, const WebContext& web) {
  (void)router;
  (void)web;
}

}  // namespace tawasul::web
