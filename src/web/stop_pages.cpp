// "Stop messages about this case" (issue 15, docs/notifications.md "Who is told what"): every
// email to a citizen carries a link (and a List-Unsubscribe header, RFC 8058) signed for that
// case and valid for a year; following it sets the case's channel choice to "none".
//
//   GET  /track/{reference}/stop?t=TOKEN     asks to confirm (a GET changes nothing: mail
//                                            scanners follow links)
//   POST /track/{reference}/stop?t=TOKEN     stops the messages; the one-click POST of a mail
//                                            client (body List-Unsubscribe=One-Click) lands here
//                                            too. No CSRF field: the token itself is the
//                                            authority, and no cookie is involved.
//
// A bad or expired token gets the 404 page, as an unknown case does, so a link reveals nothing.

#include "domain/case_token.h"
#include "domain/reference.h"
#include "domain/time.h"
#include "web/i18n.h"
#include "web/site.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;

// The canonical reference when `t` is a valid stop token for it.
std::optional<std::string> Authorised(const WebContext& web, const http::Request& req) {
  auto ref = domain::ParseReference(req.PathParam("reference"));
  if (!ref) return std::nullopt;
  std::string reference = domain::FormatReference(*ref);
  const std::int64_t now = domain::Now().time_since_epoch().count();
  if (!domain::VerifyCaseToken(web.app.pepper, req.QueryParam("t"), "stop", reference, "", now,
                               domain::kStopTokenSeconds)) {
    return std::nullopt;
  }
  return reference;
}

void Confirm(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto reference = Authorised(web, req);
  if (!reference) {
    reply(ErrorPage(pc, 404, "stop_unknown", "/track"));
    return;
  }
  data d;
  d.set("reference", *reference);
  d.set("action", "/track/" + *reference + "/stop?t=" + UrlEncode(req.QueryParam("t")));
  d.set("done", req.QueryParam("done") == "1");
  auto r = RenderPage(pc, "stop", d, "stop_title");
  r.Set("Cache-Control", "no-store");
  r.Set("Referrer-Policy", "no-referrer");
  reply(std::move(r));
}

void Stop(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto reference = Authorised(web, req);
  if (!reference || !web.app.store.SetCaseNotify(*reference, domain::NotifyChoice::kNone)) {
    reply(ErrorPage(pc, 404, "stop_unknown", "/track"));
    return;
  }
  reply(Redirect("/track/" + *reference + "/stop?t=" + UrlEncode(req.QueryParam("t")) + "&done=1"));
}

}  // namespace

void RegisterStopPages(http::Router& router, const WebContext& web) {
  router.Add(http::Method::kGet, "/track/{reference}/stop",
             [&web](const http::Request& req, http::Reply reply) { Confirm(web, req, reply); });
  router.Add(http::Method::kPost, "/track/{reference}/stop",
             [&web](const http::Request& req, http::Reply reply) { Stop(web, req, reply); });
}

}  // namespace tawasul::web
