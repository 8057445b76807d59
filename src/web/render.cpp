// Rendering and CSRF. CSRF uses the double-submit pattern: a random token in a SameSite=Strict,
// HttpOnly cookie and the same token in each form; a POST whose field does not match is refused.
// Templates are parsed per render (they are small; kainjow's renderer is not safe to share
// between threads).

#include "web/render.h"

#include <sodium.h>

#include "web/i18n.h"

namespace tawasul::web {

namespace {

bool WellFormedToken(const std::string& t) {
  if (t.size() != 32) return false;
  for (char c : t) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string Template(const std::string& name) {
  auto f = WebFile(name + ".mustache");
  if (!f) throw std::runtime_error("missing template " + name);
  return std::string(*f);
}

std::string Cookie(const std::string& name, const std::string& value, const char* same_site,
                   bool secure, bool http_only, int max_age) {
  std::string c = name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) +
                  "; SameSite=" + same_site;
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

std::string CsrfToken(const http::Request& req, bool* set_cookie) {
  std::string t = req.Cookie("csrf");
  if (WellFormedToken(t)) {
    *set_cookie = false;
    return t;
  }
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  *set_cookie = true;
  return hex;
}

bool CsrfValid(const http::Request& req, const std::string& form_token) {
  std::string cookie = req.Cookie("csrf");
  if (!WellFormedToken(cookie) || form_token.size() != cookie.size()) return false;
  return sodium_memcmp(cookie.data(), form_token.data(), cookie.size()) == 0;
}

http::Response RenderPage(const PageContext& pc, const std::string& page,
                          kainjow::mustache::data data, const std::string& title_key, int status) {
  using kainjow::mustache::mustache;
  bool ar = pc.language == domain::Language::kArabic;
  data.set("t", Strings(pc.language));
  data.set("csrf", pc.csrf);
  data.set("lang", ar ? "ar" : "en");
  data.set("dir", ar ? "rtl" : "ltr");
  mustache body_tmpl(Template(page));
  std::string body = body_tmpl.render(data);
  if (!body_tmpl.is_valid())
    throw std::runtime_error("template " + page + ": " + body_tmpl.error_message());

  kainjow::mustache::data layout;
  layout.set("t", Strings(pc.language));
  layout.set("lang", ar ? "ar" : "en");
  layout.set("dir", ar ? "rtl" : "ltr");
  layout.set("title", Text(pc.language, title_key));
  layout.set("content", body);
  layout.set("switch_href", pc.path + "?lang=" + (ar ? "en" : "ar"));
  layout.set("csrf", pc.csrf);
  if (pc.staff) {
    kainjow::mustache::data staff;
    staff.set("name", pc.staff->name);
    staff.set("role", Text(pc.language, "role_" + pc.staff->role));
    staff.set("supervisor", pc.staff->supervisor);
    staff.set("admin", pc.staff->admin);
    staff.set("caller", pc.staff->caller);
    staff.set("reads_cases", pc.staff->reads_cases);
    layout.set("staff", staff);
  }
  mustache layout_tmpl(Template("layout"));
  http::Response r;
  r.status = status;
  r.body = layout_tmpl.render(layout);
  r.Set("Content-Type", "text/html; charset=utf-8");
  r.Set("Cache-Control", "no-store");
  r.Set("Content-Language", ar ? "ar" : "en");
  r.Set("Vary", "Cookie, Accept-Language");
  if (pc.set_lang_cookie) {
    r.Add("Set-Cookie",
          Cookie("lang", ar ? "ar" : "en", "Lax", pc.secure_cookies, false, 31536000));
  }
  if (pc.set_csrf_cookie) {
    r.Add("Set-Cookie", Cookie("csrf", pc.csrf, "Strict", pc.secure_cookies, true, 86400));
  }
  return r;
}

}  // namespace tawasul::web
