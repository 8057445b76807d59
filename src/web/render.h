#pragma once
// Page rendering: a page template inside the layout, HTML-escaped by default (mustache {{ }}),
// with the language's strings, direction and the CSRF token available to every template.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

#include "domain/language.h"
#include "http/message.h"

namespace tawasul::web {

std::optional<std::string_view> WebFile(std::string_view name);
std::vector<std::string_view> WebFileNames();
// The embedded WOFF2 fonts by base name (e.g. "NotoSans-Regular.woff2"; CMakeLists.txt).
std::optional<std::string_view> FontFile(std::string_view name);

// The signed-in staff member, for the layout's navigation.
struct StaffNav {
  std::string name;
  std::string role;          // agent | supervisor | admin | auditor | call_centre
  bool supervisor = false;   // supervisor or admin: the dashboard
  bool admin = false;        // central administrator: /admin/
  bool caller = false;       // may enter cases for callers: /staff/caller
  bool reads_cases = false;  // inbox and search
};

struct PageContext {
  domain::Language language = domain::Language::kArabic;
  bool set_lang_cookie = false;
  std::string csrf;  // token for forms on this page
  bool set_csrf_cookie = false;
  bool secure_cookies = false;
  std::string path;               // current path (for the language switch link)
  std::optional<StaffNav> staff;  // set by RequireStaff
};

// Renders `page` (a template base name, e.g. "home") with `data` inside the layout; returns a
// complete response with status, content type and the cookies the context asks for.
http::Response RenderPage(const PageContext& page_ctx, const std::string& page,
                          kainjow::mustache::data data, const std::string& title_key,
                          int status = 200);

// The CSRF token of the request's cookie when well-formed, else a fresh one (set_cookie=true).
std::string CsrfToken(const http::Request& req, bool* set_cookie);
// True when the form's csrf field equals the cookie (constant-time).
bool CsrfValid(const http::Request& req, const std::string& form_token);

}  // namespace tawasul::web
