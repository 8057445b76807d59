#pragma once
// What every page handler shares: the web context (application, sign-in, look-up limits), the
// page context of a request (language, CSRF token, the signed-in staff member), form access,
// redirects, error pages and the staff gate.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/case.h"
#include "domain/intake.h"
#include "http/rate_limit.h"
#include "service/auth.h"
#include "service/context.h"
#include "web/render.h"

namespace tawasul::service {
class CitizenAccounts;  // service/citizen_accounts.h: only the pages of citizens need it
}

namespace tawasul::web {

// Passed by reference to every page module; lives as long as the server.
struct WebContext {
  const service::AppContext& app;
  service::Auth& auth;
  http::RateLimiter& lookups;          // failed case look-ups, shared with the JSON API
  service::CitizenAccounts& accounts;  // citizen sign-in and sessions, shared with the JSON API
  std::string public_url;  // --public-url without a trailing '/'; "": the request's Host
};

using Form = std::vector<std::pair<std::string, std::string>>;

inline bool Ar(domain::Language l) { return l == domain::Language::kArabic; }

// Language, CSRF token and (when signed in) the staff member of a request.
PageContext MakeContext(const service::AppContext& ctx, const http::Request& req);

// The first value of `key` in a form ("" when absent).
std::string FormValue(const Form& form, std::string_view key);
// The same, nullopt when the field is absent or empty (a typed input's "not given").
std::optional<std::string> GivenValue(const Form& form, std::string_view key);
// The submission the fields a case form shares make (the one validator's typed input): type,
// category, subject, description, name, email, phone, anonymous ("on"), notify ("auto": not
// given). The page adds what is its own (channel, a typed place).
domain::SubmissionInput FormSubmission(const Form& form);

// 303 See Other to `location` (after a successful POST, or to the sign-in page).
http::Response Redirect(const std::string& location);

// The error page with a message (a string key) and a link back.
http::Response ErrorPage(const PageContext& pc, int status, const std::string& message_key,
                         const std::string& back_href);

// The page for a case whose COMMIT broke with an unknown outcome (store::CommitOutcomeUnknown):
// 503 with the message and the reference and access code the case has if it was stored, so the
// person can look it up before sending it again; never "nothing was saved", no Retry-After.
http::Response OutcomeUnknownPage(const PageContext& pc, const std::string& message_key,
                                  const std::string& reference, const std::string& access_code,
                                  const std::string& back_href);

// The form's CSRF field must match the cookie; otherwise replies 403 with the error page and
// returns false.
bool CheckCsrf(const PageContext& pc, const http::Request& req, const Form& form,
               const http::Reply& reply, const std::string& back_href);

// The signed-in staff member, recorded in `pc` for the layout's staff navigation; when nobody
// is signed in replies with a redirect to /login?next=<path>, and when the member must enrol a
// second factor first with a redirect to /staff/mfa, and returns nullopt.
std::optional<service::Principal> RequireStaff(const WebContext& web, const http::Request& req,
                                               PageContext& pc, const http::Reply& reply);

// Names in the page's language.
std::string EntityName(const service::AppContext& ctx, const std::string& code, domain::Language l);
std::string CategoryName(const service::AppContext& ctx, const std::string& code,
                         domain::Language l);
std::string StatusText(domain::Language l, domain::CaseStatus s);
std::string TypeText(domain::Language l, domain::CaseType t);

// Percent-encodes a path or query component.
std::string UrlEncode(std::string_view s);

}  // namespace tawasul::web
