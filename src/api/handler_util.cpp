// Helpers shared by the API's route modules; see handler_util.h.

#include "api/handler_util.h"

#include "http/problem.h"

namespace tawasul::api {

void AddRoute(http::Router& router, http::Method method, std::string pattern, const ApiContext& api,
              Handler handler) {
  router.Add(method, std::move(pattern),
             [&api, handler](const http::Request& req, http::Reply reply) {
               handler(api, req, std::move(reply));
             });
}

void AddRoute(http::Router& router, http::Method method, std::string pattern, ApiContext& api,
              MutableHandler handler) {
  router.Add(method, std::move(pattern),
             [&api, handler](const http::Request& req, http::Reply reply) {
               handler(api, req, std::move(reply));
             });
}

std::optional<service::Principal> RequireRole(const ApiContext& api, const http::Request& req,
                                              const http::Reply& reply, bool write) {
  auto who = api.auth.Authenticate(req);
  if (!who) {
    reply(service::UnauthorizedProblem(req.request_id));
    return std::nullopt;
  }
  auto role = who->actor.role;
  bool ok = role == domain::Role::kAdmin || (!write && role == domain::Role::kAuditor);
  if (!ok) {
    reply(http::Problem(403, "forbidden", "", "Central administrators only.", req.request_id));
    return std::nullopt;
  }
  return who;
}

http::Response LookupLimited(const service::LookupOutcome& outcome, const std::string& request_id) {
  auto r = http::Problem(429, "rate-limited", "", "Too many failed look-ups from this address.",
                         request_id);
  r.Set("Retry-After", std::to_string(outcome.retry_after));
  return r;
}

}  // namespace tawasul::api
