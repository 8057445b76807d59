// Administration (/admin/).

#include "web/site.h"

namespace tawasul::web {

void RegisterAdminPages(http::Router& router, const WebContext& web) {
  (void)router;
  (void)web;
}

}  // namespace tawasul::web
