// A citizen's account in the browser (issue 16 item 1, docs/accounts.md "Pages"): signing in
// with a one-time code, "My cases", claiming an earlier case, the sessions list. The rules are
// service::CitizenAccounts' (the JSON API's); this file turns their outcomes into pages.
//
//   GET  /me, /me/cases            My cases (signed in) with the claim form; else to sign-in
//   POST /me/claim                 reference, access_code, csrf -> /me?done=claimed
//   GET  /me/sign-in               the contact form
//   POST /me/sign-in               contact, csrf -> a code sent, then /me/sign-in/code
//   GET  /me/sign-in/code          "if the address is right, a code is on its way" and the form
//   POST /me/sign-in/code          code, csrf -> the citizen cookie, then /me
//   GET  /me/sessions              the account's live sessions
//   POST /me/sessions/revoke       session (a handle), csrf -> one session ended
//   POST /me/sessions/revoke-all   csrf -> every session ended ("sign out everywhere")
//   POST /me/sign-out              csrf -> this session ended
//
// Invariants:
//  * The answer to POST /me/sign-in is the same redirect whether or not an account exists for the
//    contact; only a malformed contact (422) or a limit (429) answers otherwise.
//  * The contact between the two steps travels in a short-lived cookie of its own (HttpOnly,
//    SameSite=Lax, path /me/sign-in, Secure behind TLS), never in a URL (logs, Referer); the code
//    page shows it only masked (domain/contact_mask.h).
//  * The citizen cookie (service::kCitizenCookie) is apart from the staff one; a staff session
//    is never a citizen's. Every form carries the CSRF token; every page is no-store.

#include "domain/calendar.h"
#include "domain/contact_mask.h"
#include "service/citizen_accounts.h"
#include "web/i18n.h"
#include "web/site.h"
#include "web/step_cookie.h"

namespace tawasul::web {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using Kind = service::AccountOutcome::Kind;

constexpr const char* kPendingCookie = "tawasul_me_pending";
constexpr int kPendingSeconds = 600;  // the code's lifetime (domain::kCodeLifetime)

std::string PendingCookie(const PageContext& pc, const std::string& contact, int max_age) {
  return StepCookie(pc, kPendingCookie, contact, "/me/sign-in", max_age);
}

// The contact of the first step, as its normal form, or "" when there is none.
std::string PendingContact(const http::Request& req) {
  auto contact = domain::NormalizeContact(StepCookieValue(req, kPendingCookie));
  return contact ? contact->value : "";
}

// The signed-in citizen; otherwise replies with a redirect to the sign-in page.
std::optional<service::CitizenPrincipal> RequireCitizen(const WebContext& web,
                                                        const http::Request& req,
                                                        const http::Reply& reply) {
  auto who = web.accounts.Authenticate(req);
  if (!who) reply(Redirect("/me/sign-in"));
  return who;
}

data CasesData(const WebContext& web, const PageContext& pc, std::int64_t account_id) {
  const std::string zone = web.app.sla.Get()->calendar.Spec().time_zone;
  const auto lang = pc.language;
  list cases;
  for (const auto& c : web.accounts.Cases(account_id)) {
    data item;
    item.set("reference", c.reference);
    auto type = domain::ParseCaseType(c.type);
    item.set("type", type ? TypeText(lang, *type) : c.type);
    item.set("entity", EntityName(web.app, c.entity, lang));
    auto status = domain::ParseCaseStatus(c.status);
    item.set("status", status ? StatusText(lang, *status) : c.status);
    item.set("submitted_at", FormatDateTime(c.submitted_at, lang, zone));
    item.set("due_at", c.due_at == domain::kNeverDue ? Text(lang, "me_no_due")
                                                     : FormatDateTime(c.due_at, lang, zone));
    cases.push_back(item);
  }
  data d;
  d.set("has_cases", !cases.empty());
  d.set("cases", cases);
  return d;
}

void MyCases(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireCitizen(web, req, reply);
  if (!who) return;
  data d = CasesData(web, pc, who->account_id);
  if (req.QueryParam("done") == "claimed") d.set("success", Text(pc.language, "me_claimed"));
  if (req.QueryParam("done") == "signed_in") d.set("success", Text(pc.language, "me_signed_in"));
  reply(NoStore(RenderPage(pc, "me", d, "me_title")));
}

void Claim(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/me")) return;
  auto who = RequireCitizen(web, req, reply);
  if (!who) return;
  const std::string reference = FormValue(form, "reference");
  const std::string code = FormValue(form, "access_code");
  data d = CasesData(web, pc, who->account_id);
  d.set("v_reference", reference);
  if (reference.empty() || code.empty()) {
    return reply(WithError(pc, "me", d, "me_title", reference.empty() ? "reference" : "access_code",
                           "me_claim_missing", 422));
  }
  auto o = web.accounts.Claim(who->account_id, reference, code, req.remote_address);
  switch (o.kind) {
    case Kind::kOk:
      return reply(Redirect("/me?done=claimed"));
    case Kind::kLimited:
      return reply(WithError(pc, "me", d, "me_title", "reference", "track_rate_limited", 429,
                             o.retry_after));
    case Kind::kWrong:
    case Kind::kInvalid:
      return reply(WithError(pc, "me", d, "me_title", "reference", "track_not_found", 404));
    case Kind::kUnavailable:
      break;
  }
  reply(WithError(pc, "me", d, "me_title", "", "busy", 503, 5));
}

void SignInForm(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  if (web.accounts.Authenticate(req)) return reply(Redirect("/me"));
  data d;
  if (req.QueryParam("done") == "signed_out") d.set("success", Text(pc.language, "me_signed_out"));
  reply(NoStore(RenderPage(pc, "me_sign_in", d, "me_sign_in_title")));
}

void SignInPost(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/me/sign-in")) return;
  const std::string typed = FormValue(form, "contact");
  data d;
  d.set("v_contact", typed);
  auto o = web.accounts.RequestCode(typed, pc.language, req.remote_address);
  switch (o.kind) {
    case Kind::kOk: {
      // The same redirect whether or not the contact has an account.
      auto r = Redirect("/me/sign-in/code");
      r.Add("Set-Cookie",
            PendingCookie(pc, domain::NormalizeContact(typed)->value, kPendingSeconds));
      return reply(std::move(r));
    }
    case Kind::kInvalid:
      return reply(
          WithError(pc, "me_sign_in", d, "me_sign_in_title", "contact", "me_contact_invalid", 422));
    case Kind::kLimited:
      return reply(WithError(pc, "me_sign_in", d, "me_sign_in_title", "contact", "me_code_limited",
                             429, o.retry_after));
    case Kind::kWrong:
    case Kind::kUnavailable:
      break;
  }
  reply(WithError(pc, "me_sign_in", d, "me_sign_in_title", "", "busy", 503, 5));
}

data CodeData(const std::string& contact) {
  data d;
  auto parsed = domain::NormalizeContact(contact);
  d.set("masked", parsed ? domain::MaskForScreen(*parsed) : std::string());
  return d;
}

void CodeForm(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  const std::string contact = PendingContact(req);
  if (contact.empty()) return reply(Redirect("/me/sign-in"));
  reply(NoStore(RenderPage(pc, "me_code", CodeData(contact), "me_code_title")));
}

void CodePost(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/me/sign-in")) return;
  const std::string contact = PendingContact(req);
  if (contact.empty()) return reply(Redirect("/me/sign-in"));
  data d = CodeData(contact);
  auto o = web.accounts.SignIn(contact, FormValue(form, "code"), req.Header("User-Agent"),
                               req.remote_address);
  switch (o.kind) {
    case Kind::kOk: {
      auto r = Redirect("/me?done=signed_in");
      r.Add("Set-Cookie", web.accounts.SessionCookie(o.token));
      r.Add("Set-Cookie", PendingCookie(pc, "", 0));
      return reply(std::move(r));
    }
    case Kind::kInvalid:
      return reply(WithError(pc, "me_code", d, "me_code_title", "code", "me_code_format", 422));
    case Kind::kWrong:
      return reply(WithError(pc, "me_code", d, "me_code_title", "code", "me_code_wrong", 401));
    case Kind::kLimited:
      return reply(WithError(pc, "me_code", d, "me_code_title", "code", "track_rate_limited", 429,
                             o.retry_after));
    case Kind::kUnavailable:
      break;
  }
  reply(WithError(pc, "me_code", d, "me_code_title", "", "busy", 503, 5));
}

void Sessions(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto who = RequireCitizen(web, req, reply);
  if (!who) return;
  const std::string zone = web.app.sla.Get()->calendar.Spec().time_zone;
  list sessions;
  for (const auto& s : web.accounts.Sessions(who->account_id)) {
    data item;
    item.set("handle", service::CitizenAccounts::SessionHandle(s.token_hash));
    item.set("device",
             s.user_agent == "other" ? Text(pc.language, "me_device_other") : s.user_agent);
    item.set("created_at", FormatDateTime(s.created_at, pc.language, zone));
    item.set("last_used_at", FormatDateTime(s.last_used_at, pc.language, zone));
    item.set("current", s.token_hash == who->token_hash);
    sessions.push_back(item);
  }
  data d;
  d.set("sessions", sessions);
  if (req.QueryParam("done") == "revoked") d.set("success", Text(pc.language, "me_revoked"));
  reply(NoStore(RenderPage(pc, "me_sessions", d, "me_sessions_title")));
}

// Ends this browser's citizen session: the cookie cleared, on to `location`.
http::Response SignedOut(const WebContext& web, const std::string& location) {
  auto r = Redirect(location);
  r.Add("Set-Cookie", web.accounts.ClearSessionCookie());
  return r;
}

void Revoke(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/me/sessions")) return;
  auto who = RequireCitizen(web, req, reply);
  if (!who) return;
  const std::string handle = FormValue(form, "session");
  if (!web.accounts.RevokeSession(who->account_id, handle)) {
    return reply(ErrorPage(pc, 404, "me_session_gone", "/me/sessions"));
  }
  if (handle == service::CitizenAccounts::SessionHandle(who->token_hash)) {
    return reply(SignedOut(web, "/me/sign-in?done=signed_out"));
  }
  reply(Redirect("/me/sessions?done=revoked"));
}

void RevokeAll(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/me/sessions")) return;
  auto who = RequireCitizen(web, req, reply);
  if (!who) return;
  web.accounts.SignOutEverywhere(who->account_id);
  reply(SignedOut(web, "/me/sign-in?done=signed_out"));
}

void SignOut(const WebContext& web, const http::Request& req, http::Reply reply) {
  auto pc = MakeContext(web.app, req);
  auto form = http::ParseUrlEncoded(req.body);
  if (!CheckCsrf(pc, req, form, reply, "/me")) return;
  if (auto who = web.accounts.Authenticate(req)) {
    web.accounts.RevokeSession(who->account_id,
                               service::CitizenAccounts::SessionHandle(who->token_hash));
  }
  reply(SignedOut(web, "/me/sign-in?done=signed_out"));
}

}  // namespace

void RegisterMePages(http::Router& router, const WebContext& web) {
  using http::Method;
  auto add = [&](Method m, const char* path,
                 void (*f)(const WebContext&, const http::Request&, http::Reply)) {
    router.Add(m, path, [&web, f](const http::Request& req, http::Reply reply) {
      f(web, req, std::move(reply));
    });
  };
  add(Method::kGet, "/me", MyCases);
  add(Method::kGet, "/me/cases", MyCases);  // the name for the same page
  add(Method::kPost, "/me/claim", Claim);
  add(Method::kGet, "/me/sign-in", SignInForm);
  add(Method::kPost, "/me/sign-in", SignInPost);
  add(Method::kGet, "/me/sign-in/code", CodeForm);
  add(Method::kPost, "/me/sign-in/code", CodePost);
  add(Method::kGet, "/me/sessions", Sessions);
  add(Method::kPost, "/me/sessions/revoke", Revoke);
  add(Method::kPost, "/me/sessions/revoke-all", RevokeAll);
  add(Method::kPost, "/me/sign-out", SignOut);
}

}  // namespace tawasul::web
