// Staff pages under /staff/ (inbox, case page, search).

#include "web/i18n.h"
#include "web/site.h"

namespace tawasul::web {

void RegisterStaffPages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/staff/", [&web](const http::Request& req, http::Reply reply) {
    auto pc = MakeContext(web.app, req);
    auto who = RequireStaff(web, req, pc, reply);
    if (!who) return;
    kainjow::mustache::data d;
    reply(RenderPage(pc, "error", d, "nav_inbox"));
  });
}

}  // namespace tawasul::web
