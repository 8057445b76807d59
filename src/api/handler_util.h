#pragma once
// What several API route modules share: binding a handler to the context, the administration
// gate, the answer to a limited look-up, and the staff view of a case.

#include <optional>
#include <string>

#include "api/routes.h"
#include "service/citizen_lookup.h"

namespace tawasul::api {

// A route's handler: a free function of the shared context, the request and the reply.
using Handler = void (*)(const ApiContext& api, const http::Request& req, http::Reply reply);
// The same for a handler that changes shared state (the look-up limiter, sign-in).
using MutableHandler = void (*)(ApiContext& api, const http::Request& req, http::Reply reply);

// Registers `handler` for (method, pattern) with `api` bound by reference.
void AddRoute(http::Router& router, http::Method method, std::string pattern, const ApiContext& api,
              Handler handler);
void AddRoute(http::Router& router, http::Method method, std::string pattern, ApiContext& api,
              MutableHandler handler);

// The caller when a central administrator (or, for reads, an auditor); otherwise replies
// 401/403 and returns nullopt.
std::optional<service::Principal> RequireRole(const ApiContext& api, const http::Request& req,
                                              const http::Reply& reply, bool write);

// 429 with Retry-After for an address that failed too many look-ups.
http::Response LookupLimited(const service::LookupOutcome& outcome, const std::string& request_id);

// GET /api/v1/cases/{reference} for a signed-in staff member (staff.cpp): the staff view of a
// case of the caller's entity, 404 for any other.
void StaffCase(const ApiContext& api, const http::Request& req, const service::Principal& who,
               http::Reply reply);

}  // namespace tawasul::api
