#pragma once
// What a two-step citizen form (a code sent, then typed: /me/sign-in, /track/recover) carries
// between its steps: one short-lived HttpOnly cookie scoped to the form's path, holding the first
// step's value (the contact, the reference) so that it never appears in a URL; and the private,
// uncached answers of both steps.

#include <string>
#include <string_view>

#include "http/message.h"
#include "web/i18n.h"
#include "web/page_util.h"

namespace tawasul::web {

// No cache, no Referer: the pages show a masked contact or a new access code.
inline http::Response NoStore(http::Response r) {
  r.Set("Cache-Control", "no-store");
  r.Set("Referrer-Policy", "no-referrer");
  return r;
}

// Set-Cookie for `name` = `value` on `path`, for `max_age` seconds (0: removes it).
inline std::string StepCookie(const PageContext& pc, std::string_view name,
                              const std::string& value, std::string_view path, int max_age) {
  std::string c = std::string(name) + "=" + UrlEncode(value) + "; Path=" + std::string(path) +
                  "; Max-Age=" + std::to_string(max_age) + "; HttpOnly; SameSite=Lax";
  if (pc.secure_cookies) c += "; Secure";
  return c;
}

// The value StepCookie stored under `name`, decoded; "" when there is none.
inline std::string StepCookieValue(const http::Request& req, const char* name) {
  const std::string raw = req.Cookie(name);
  if (raw.empty()) return "";
  return FormValue(http::ParseUrlEncoded("v=" + raw), "v");
}

// The page of `page` with one error message in its summary, linked to `field` ("" for none).
inline http::Response WithError(const PageContext& pc, const std::string& page,
                                kainjow::mustache::data d, const std::string& title,
                                const std::string& field, const std::string& message_key,
                                int status, int retry_after = 0) {
  kainjow::mustache::list errors;
  kainjow::mustache::data e;
  e.set("field", field.empty() ? std::string("main") : field);
  e.set("message", Text(pc.language, message_key));
  errors.push_back(e);
  d.set("errors", errors);
  if (!field.empty()) d.set("err_" + field, Text(pc.language, message_key));
  auto r = RenderPage(pc, page, d, title, status);
  if (retry_after > 0) r.Set("Retry-After", std::to_string(retry_after));
  return NoStore(std::move(r));
}

}  // namespace tawasul::web
