// Staff second factor: enrolment (/staff/mfa) and the sign-in page's second step (/login/code).
// Issue 16 item 3; the rules are service/staff_mfa.h's, the sign-in flow service/auth.h's.
//
//   GET  /staff/mfa          on: says so; enrolment pending: the QR code (otpauth://, libqrencode
//                            SVG) and the secret as base32 text, and the form for a code;
//                            neither: a button to start
//   POST /staff/mfa/start    a new secret (replacing a pending one), then back to GET
//   POST /staff/mfa/confirm  a current code turns it on and shows the recovery codes, once (the
//                            one POST answered with a page: the codes are never shown again)
//   GET  /login/code         the second step, with the challenge cookie of POST /login
//   POST /login/code         the code or a recovery code -> the session; a wrong code is counted
//                            as a failed sign-in and asked again (a new challenge)
//
// /staff/mfa is the one page a session of a user who must enrol reaches (Auth::Session); every
// other staff page sends it here (RequireStaff). Store writes run on the sign-in pool.

#include "service/staff_mfa.h"
#include "web/i18n.h"
#include "web/qr_code.h"
#include "web/site.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

constexpr const char* kMfaPage = "/staff/mfa";

std::string SafeNext(const std::string& next) {
  if (next.size() < 2 || next[0] != '/' || next[1] == '/' || next[1] == '\\') return "/staff/";
  for (char c : next) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return "/staff/";
  }
  return next;
}

// The signed-in staff member, enrolment-only sessions included; else a redirect to /login.
std::optional<service::Principal> RequireSession(const WebContext& web, const http::Request& req,
                                                 PageContext& pc, const http::Reply& reply) {
  auto who = web.auth.Session(req);
  if (!who) {
    reply(Redirect(std::string("/login?next=") + kMfaPage));
    return std::nullopt;
  }
  if (!who->mfa_enrolment_due) return RequireStaff(web, req, pc, reply);  // the navigation
  return who;
}

void ShowMfa(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireSession(web, req, pc, reply);
  if (!who) return;
  data d;
  if (who->mfa_enabled) {
    d.set("enabled", true);
  } else if (auto pending = service::FindPendingEnrolment(web.app, who->user)) {
    data p;
    p.set("qr_svg", QrCodeSvg(pending->otpauth_uri, Text(pc.language, "mfa_qr_label")));
    p.set("secret", pending->secret_base32);
    d.set("pending", p);
  } else {
    d.set("start", true);
  }
  d.set("due", who->mfa_enrolment_due);
  reply(RenderPage(pc, "staff_mfa", d, "mfa_title"));
}

void StartMfa(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kMfaPage)) return;
  auto who = RequireSession(web, req, pc, reply);
  if (!who) return;
  const std::int64_t user_id = who->user.id;
  bool queued = web.auth.Post([&web, pc, user_id, reply]() {
    try {
      service::StartEnrolment(web.app, user_id);  // false: already on; the page says so
      reply(Redirect(kMfaPage));
    } catch (const std::exception&) {
      reply(ErrorPage(pc, 503, "busy", kMfaPage));
    }
  });
  if (!queued) reply(ErrorPage(pc, 503, "busy", kMfaPage));
}

void ConfirmMfa(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, kMfaPage)) return;
  auto who = RequireSession(web, req, pc, reply);
  if (!who) return;
  std::string code = FormValue(form, "code");
  bool queued = web.auth.Post([&web, pc, user = who->user, code, reply]() {
    std::optional<std::vector<std::string>> codes;
    std::optional<service::PendingEnrolment> pending;
    try {
      codes = service::ConfirmEnrolment(web.app, user.id, code);
      if (!codes) pending = service::FindPendingEnrolment(web.app, user);
    } catch (const std::exception&) {
      reply(ErrorPage(pc, 503, "busy", kMfaPage));
      return;
    }
    data d;
    if (codes) {
      list items;
      for (const auto& c : *codes) items.push_back(data("code", c));
      d.set("codes", items);
      auto r = RenderPage(pc, "staff_mfa_codes", d, "mfa_codes_title");
      r.Set("Cache-Control", "no-store");
      reply(std::move(r));
      return;
    }
    if (!pending) {  // nothing pending (started elsewhere, or on already): show the state
      reply(Redirect(kMfaPage));
      return;
    }
    data p;
    p.set("qr_svg", QrCodeSvg(pending->otpauth_uri, Text(pc.language, "mfa_qr_label")));
    p.set("secret", pending->secret_base32);
    d.set("pending", p);
    d.set("error", Text(pc.language, code.empty() ? "mfa_code_missing" : "mfa_code_wrong"));
    reply(RenderPage(pc, "staff_mfa", d, "mfa_title", 422));
  });
  if (!queued) reply(ErrorPage(pc, 503, "busy", kMfaPage));
}

void ShowCode(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (req.Cookie(service::kChallengeCookie).empty()) {
    reply(Redirect("/login"));
    return;
  }
  data d;
  d.set("next", SafeNext(req.QueryParam("next")));
  reply(RenderPage(pc, "login_code", d, "login_code_title"));
}

void CheckCode(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/login")) return;
  std::string next = SafeNext(FormValue(form, "next"));
  std::string code = FormValue(form, "code");
  std::string challenge = req.Cookie(service::kChallengeCookie);
  auto again = [&web, pc, next, reply](const char* key, int status, const std::string& challenge,
                                       int retry_after) {
    data d;
    d.set("error", Text(pc.language, key));
    d.set("next", next);
    auto r = RenderPage(pc, "login_code", d, "login_code_title", status);
    if (!challenge.empty()) r.Add("Set-Cookie", web.auth.ChallengeCookie(challenge));
    if (retry_after > 0) r.Set("Retry-After", std::to_string(retry_after));
    reply(std::move(r));
  };
  if (challenge.empty()) {
    reply(Redirect("/login"));
    return;
  }
  if (code.empty()) {
    again("mfa_code_missing", 422, "", 0);  // the challenge is not used up
    return;
  }
  web.auth.VerifyChallenge(
      challenge, code, req.remote_address, [&web, again, next, reply](service::SignInOutcome o) {
        using Kind = service::SignInOutcome::Kind;
        switch (o.kind) {
          case Kind::kOk: {
            auto r = Redirect(next);
            r.Add("Set-Cookie", web.auth.SessionCookie(o.token));
            r.Add("Set-Cookie", web.auth.ClearChallengeCookie());
            reply(std::move(r));
            return;
          }
          case Kind::kCodeInvalid:
            again("mfa_code_wrong", 401, o.challenge, 0);
            return;
          case Kind::kRateLimited:
            again("login_rate_limited", 429, o.challenge, std::max(1, o.retry_after));
            return;
          case Kind::kOverloaded:
          case Kind::kUnavailable:
            again("busy", 503, o.challenge, 5);
            return;
          default: {  // no live challenge, a locked account: start again with the password
            auto r = Redirect("/login?next=" + UrlEncode(next));
            r.Add("Set-Cookie", web.auth.ClearChallengeCookie());
            reply(std::move(r));
            return;
          }
        }
      });
}

}  // namespace

void RegisterMfaPages(http::Router& router, const WebContext& web) {
  using http::Method;
  router.Add(Method::kGet, "/login/code",
             [&web](const http::Request& req, http::Reply reply) { ShowCode(web, req, reply); });
  router.Add(Method::kPost, "/login/code",
             [&web](const http::Request& req, http::Reply reply) { CheckCode(web, req, reply); });
  router.Add(Method::kGet, kMfaPage,
             [&web](const http::Request& req, http::Reply reply) { ShowMfa(web, req, reply); });
  router.Add(Method::kPost, "/staff/mfa/start",
             [&web](const http::Request& req, http::Reply reply) { StartMfa(web, req, reply); });
  router.Add(Method::kPost, "/staff/mfa/confirm",
             [&web](const http::Request& req, http::Reply reply) { ConfirmMfa(web, req, reply); });
}

}  // namespace tawasul::web
