// Staff sign-in and sign-out pages (/login, /logout). The password check is the JSON API's
// (Auth::SignIn: argon2id on a worker pool, per-address rate limit, account lockout); this file
// only turns its outcome into a page: a session, or the second step (/login/code, mfa_pages.cpp)
// with its challenge cookie. `next` is followed only when it is a local path, so the
// sign-in page cannot be used to send someone to another site.

#include "web/i18n.h"
#include "web/site.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;

// A local path to continue to after signing in; anything else (another site, "//host",
// backslashes) falls back to the inbox.
std::string SafeNext(const std::string& next) {
  if (next.size() < 2 || next[0] != '/' || next[1] == '/' || next[1] == '\\') return "/staff/";
  for (char c : next) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return "/staff/";
  }
  return next;
}

void ShowForm(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (web.auth.Authenticate(req)) {
    reply(Redirect(SafeNext(req.QueryParam("next"))));
    return;
  }
  data d;
  d.set("next", SafeNext(req.QueryParam("next")));
  reply(RenderPage(pc, "login", d, "login_title"));
}

void SignIn(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/login")) return;
  std::string email = FormValue(form, "email");
  std::string next = SafeNext(FormValue(form, "next"));
  auto fail = [pc, email, next, reply](const char* key, int status, int retry_after) {
    data d;
    d.set("error", Text(pc.language, key));
    d.set("v_email", email);
    d.set("next", next);
    auto r = RenderPage(pc, "login", d, "login_title", status);
    if (retry_after > 0) r.Set("Retry-After", std::to_string(retry_after));
    reply(std::move(r));
  };
  if (email.empty() || FormValue(form, "password").empty()) {
    fail("login_missing", 422, 0);
    return;
  }
  web.auth.SignIn(email, FormValue(form, "password"), req.remote_address,
                  [&web, fail, next, reply](service::SignInOutcome o) {
                    using Kind = service::SignInOutcome::Kind;
                    switch (o.kind) {
                      case Kind::kOk: {  // enrolment due: that page first (auth.h)
                        auto r = Redirect(o.enrolment_due ? "/staff/mfa" : next);
                        r.Add("Set-Cookie", web.auth.SessionCookie(o.token));
                        reply(std::move(r));
                        return;
                      }
                      case Kind::kCodeRequired: {  // the second step (mfa_pages.cpp)
                        auto r = Redirect("/login/code?next=" + UrlEncode(next));
                        r.Add("Set-Cookie", web.auth.ChallengeCookie(o.challenge));
                        reply(std::move(r));
                        return;
                      }
                      case Kind::kCodeInvalid:
                      case Kind::kEnrolmentRequired:  // not answered to the page
                      case Kind::kInvalid:
                      case Kind::kLocked:  // answered as an unknown account (sign_in_guard.h)
                        fail("login_invalid", 401, 0);
                        return;
                      case Kind::kRateLimited:
                        fail("login_rate_limited", 429, std::max(1, o.retry_after));
                        return;
                      case Kind::kOverloaded:
                      case Kind::kUnavailable:
                        fail("busy", 503, 5);
                        return;
                    }
                  });
}

void SignOut(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/staff/")) return;
  web.auth.SignOut(req, [&web, reply]() {
    auto r = Redirect("/login");
    r.Add("Set-Cookie", web.auth.ClearSessionCookie());
    reply(std::move(r));
  });
}

}  // namespace

void RegisterSignInPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/login",
             [&web](const http::Request& req, http::Reply reply) { ShowForm(web, req, reply); });
  router.Add(Method::kPost, "/login",
             [&web](const http::Request& req, http::Reply reply) { SignIn(web, req, reply); });
  router.Add(Method::kPost, "/logout",
             [&web](const http::Request& req, http::Reply reply) { SignOut(web, req, reply); });
}

}  // namespace tawasul::web
