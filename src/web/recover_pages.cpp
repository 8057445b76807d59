// Recovering access to a case (issue 16 item 1, docs/accounts.md "Recovering access"): instead
// of "the access code cannot be recovered", a code sent to the email or phone on the case gives
// a new access code. The rules are service::CitizenAccounts' (citizen_recovery.cpp).
//
//   GET  /track/recover        the reference form ("lost your access code?" on the track page)
//   POST /track/recover        reference, csrf -> a code sent if the case has a contact, then
//                              /track/recover/code (the same answer for every well-formed one)
//   GET  /track/recover/code   the code form, with the contact masked when there is one
//   POST /track/recover/code   code, csrf -> the case page with the NEW access code, shown once
//
// Invariants:
//  * The reference between the two steps travels in a short-lived cookie (HttpOnly,
//    SameSite=Lax, path /track/recover, Secure behind TLS), not in the URL.
//  * The new access code is shown once, in the answer to the POST that made it (no-store, no
//    redirect: it is nowhere else to be read again), with the warning that the old one is void.

#include "domain/reference.h"
#include "service/citizen_accounts.h"
#include "web/i18n.h"
#include "web/site.h"
#include "web/step_cookie.h"
#include "web/track_pages.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using Kind = service::AccountOutcome::Kind;

constexpr const char* kRecoverCookie = "tawasul_recover";
constexpr int kRecoverSeconds = 600;  // the code's lifetime (domain::kCodeLifetime)

std::string RecoverCookie(const PageContext& pc, const std::string& reference, int max_age) {
  return StepCookie(pc, kRecoverCookie, reference, "/track/recover", max_age);
}

// The reference of the first step in its normal form, or "".
std::string PendingReference(const http::Request& req) {
  auto ref = domain::ParseReference(StepCookieValue(req, kRecoverCookie));
  return ref ? domain::FormatReference(*ref) : "";
}

// The recovery page of `page` with one error message (step_cookie.h's WithError).
http::Response RecoverError(const PageContext& pc, const std::string& page, data d,
                            const std::string& field, const std::string& message_key, int status,
                            int retry_after = 0) {
  return WithError(pc, page, std::move(d), "recover_title", field, message_key, status,
                   retry_after);
}

void RecoverForm(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  data d;
  d.set("v_reference", req.QueryParam("reference"));
  reply(NoStore(RenderPage(pc, "recover", d, "recover_title")));
}

void RecoverPost(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/track/recover")) return;
  const std::string typed = FormValue(form, "reference");
  data d;
  d.set("v_reference", typed);
  auto o = web.accounts.RequestRecoveryCode(typed, pc.language, req.remote_address);
  switch (o.kind) {
    case Kind::kOk: {
      auto r = Redirect("/track/recover/code");
      r.Add("Set-Cookie", RecoverCookie(pc, domain::FormatReference(*domain::ParseReference(typed)),
                                        kRecoverSeconds));
      return reply(std::move(r));
    }
    case Kind::kInvalid:
      return reply(RecoverError(pc, "recover", d, "reference", "recover_reference_invalid", 422));
    case Kind::kLimited:
      return reply(
          RecoverError(pc, "recover", d, "reference", "me_code_limited", 429, o.retry_after));
    case Kind::kWrong:
    case Kind::kUnavailable:
      break;
  }
  reply(RecoverError(pc, "recover", d, "", "busy", 503, 5));
}

data CodeData(const WebContext& web, const std::string& reference) {
  data d;
  d.set("reference", reference);
  const std::string masked = web.accounts.RecoveryContact(reference);
  if (!masked.empty()) d.set("masked", masked);
  return d;
}

void CodeForm(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  const std::string reference = PendingReference(req);
  if (reference.empty()) return reply(Redirect("/track/recover"));
  reply(NoStore(RenderPage(pc, "recover_code", CodeData(web, reference), "recover_title")));
}

void CodePost(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/track/recover")) return;
  const std::string reference = PendingReference(req);
  if (reference.empty()) return reply(Redirect("/track/recover"));
  auto o = web.accounts.RecoverAccess(reference, FormValue(form, "code"), req.remote_address);
  switch (o.kind) {
    case Kind::kOk: {
      auto found = web.app.store.FindCaseWithEvents(reference);
      if (!found) break;
      CaseNotice notice;
      notice.success = Text(pc.language, "recover_done") + " " + o.access_code;
      auto r = CasePage(web, pc, found->first, found->second, notice);
      r.Add("Set-Cookie", RecoverCookie(pc, "", 0));
      return reply(NoStore(std::move(r)));
    }
    case Kind::kInvalid:
      return reply(RecoverError(pc, "recover_code", CodeData(web, reference), "code",
                                "me_code_format", 422));
    case Kind::kWrong:
      return reply(
          RecoverError(pc, "recover_code", CodeData(web, reference), "code", "me_code_wrong", 401));
    case Kind::kLimited:
      return reply(RecoverError(pc, "recover_code", CodeData(web, reference), "code",
                                "track_rate_limited", 429, o.retry_after));
    case Kind::kUnavailable:
      break;
  }
  reply(RecoverError(pc, "recover_code", CodeData(web, reference), "", "busy", 503, 5));
}

}  // namespace

void RegisterRecoverPages(http::Router& router, const WebContext& web) {
  using http::Method;
  auto add = [&](Method m, const char* path,
                 void (*f)(const WebContext&, const http::Request&, http::Reply)) {
    router.Add(m, path, [&web, f](const http::Request& req, http::Reply reply) {
      f(web, req, std::move(reply));
    });
  };
  add(Method::kGet, "/track/recover", RecoverForm);
  add(Method::kPost, "/track/recover", RecoverPost);
  add(Method::kGet, "/track/recover/code", CodeForm);
  add(Method::kPost, "/track/recover/code", CodePost);
}

}  // namespace tawasul::web
