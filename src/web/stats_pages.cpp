// The public statistics page (/stats).

#include "web/site.h"

namespace tawasul::web {

void RegisterStatsPages(http::Router& router, const WebContext& web) {
  (void)router;
  (void)web;
}

}  // namespace tawasul::web
