// Shared page helpers; see page_util.h.

#include "web/page_util.h"

#include "web/i18n.h"

namespace tawasul::web {

PageContext MakeContext(const service::AppContext& ctx, const http::Request& req) {
  PageContext pc;
  auto choice = ChooseLanguage(req);
  pc.language = choice.language;
  pc.set_lang_cookie = choice.from_query;
  pc.csrf = CsrfToken(req, &pc.set_csrf_cookie);
  pc.secure_cookies = ctx.secure_cookies;
  pc.path = req.path;
  return pc;
}

std::string FormValue(const Form& form, std::string_view key) {
  for (const auto& [k, v] : form) {
    if (k == key) return v;
  }
  return {};
}

std::optional<std::string> GivenValue(const Form& form, std::string_view key) {
  std::string v = FormValue(form, key);
  if (v.empty()) return std::nullopt;
  return v;
}

domain::SubmissionInput FormSubmission(const Form& form) {
  auto given = [&form](const char* f) { return GivenValue(form, f); };
  domain::SubmissionInput in;
  in.type = given("type");
  in.category = given("category");
  in.subject = given("subject");
  in.description = given("description");
  domain::ContactInput contact{given("name"), given("email"), given("phone")};
  if (contact.name || contact.email || contact.phone) in.contact = std::move(contact);
  in.anonymous = FormValue(form, "anonymous") == "on";
  if (auto n = FormValue(form, "notify"); !n.empty() && n != "auto") in.notify = n;
  return in;
}

http::Response Redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.Set("Location", location);
  r.Set("Cache-Control", "no-store");
  return r;
}

http::Response ErrorPage(const PageContext& pc, int status, const std::string& message_key,
                         const std::string& back_href) {
  kainjow::mustache::data d;
  d.set("message", Text(pc.language, message_key));
  d.set("back_href", back_href);
  return RenderPage(pc, "error", d, "error_title", status);
}

http::Response OutcomeUnknownPage(const PageContext& pc, const std::string& message_key,
                                  const std::string& reference, const std::string& access_code,
                                  const std::string& back_href) {
  kainjow::mustache::data d;
  d.set("message", Text(pc.language, message_key));
  d.set("reference", reference);
  d.set("access_code", access_code);
  d.set("back_href", back_href);
  auto r = RenderPage(pc, "error", d, "error_title", 503);
  r.Set("Cache-Control", "no-store");
  return r;
}

bool CheckCsrf(const PageContext& pc, const http::Request& req, const Form& form,
               const http::Reply& reply, const std::string& back_href) {
  if (CsrfValid(req, FormValue(form, "csrf"))) return true;
  reply(ErrorPage(pc, 403, "csrf_failed", back_href));
  return false;
}

std::optional<service::Principal> RequireStaff(const WebContext& web, const http::Request& req,
                                               PageContext& pc, const http::Reply& reply) {
  auto who = web.auth.Session(req);
  if (who && who->mfa_enrolment_due) {  // a second factor first, nothing else (auth.h)
    reply(Redirect("/staff/mfa"));
    return std::nullopt;
  }
  if (!who) {
    std::string next = req.path;
    if (!req.query.empty()) next += "?" + req.query;
    reply(Redirect("/login?next=" + UrlEncode(next)));
    return std::nullopt;
  }
  // The call centre enters cases for callers and reads none: every other staff page sends it to
  // its own (docs/notifications.md).
  if (!domain::MayReadCases(who->actor.role) && req.path != "/staff/caller") {
    reply(Redirect("/staff/caller"));
    return std::nullopt;
  }
  StaffNav nav;
  nav.name = who->user.name.empty() ? who->user.email : who->user.name;
  nav.role = std::string(domain::ToString(who->user.role));
  nav.supervisor =
      who->actor.role == domain::Role::kSupervisor || who->actor.role == domain::Role::kAdmin;
  nav.admin = who->actor.role == domain::Role::kAdmin;
  nav.caller = domain::MayEnterCasesForCallers(who->actor.role);
  nav.reads_cases = domain::MayReadCases(who->actor.role);
  pc.staff = nav;
  return who;
}

std::string EntityName(const service::AppContext& ctx, const std::string& code,
                       domain::Language l) {
  auto catalogue = ctx.catalogue.Get();
  const auto* e = catalogue->FindEntity(code);
  if (!e) return code;
  return Ar(l) ? e->name_ar : e->name_en;
}

std::string CategoryName(const service::AppContext& ctx, const std::string& code,
                         domain::Language l) {
  auto catalogue = ctx.catalogue.Get();
  const auto* c = catalogue->FindCategory(code);
  if (!c) return code;
  return Ar(l) ? c->name_ar : c->name_en;
}

std::string StatusText(domain::Language l, domain::CaseStatus s) {
  return Text(l, "status_" + std::string(domain::ToString(s)));
}

std::string TypeText(domain::Language l, domain::CaseType t) {
  return Text(l, "type_" + std::string(domain::ToString(t)));
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace tawasul::web
