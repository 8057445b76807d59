// Staff endpoints (docs/API.md "Staff"): inbox, actions on a case, and the staff view of a case.
// Every handler authenticates first (401), then scopes to the caller's entity: a case of another
// entity is 404, exactly as if it did not exist.

#include "api/handler_util.h"
#include "domain/reference.h"
#include "http/problem.h"
#include "service/case_actions.h"
#include "service/case_service.h"
#include "service/json_io.h"
#include "service/staff_requests.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

namespace {

void Inbox(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = api.auth.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  if (!domain::MayReadCases(who->actor.role)) {
    return reply(
        http::Problem(403, "forbidden", "", "This role does not read cases.", req.request_id));
  }
  InboxRequest request;
  auto errors = ParseInboxRequest(req, who->actor, request);
  if (!errors.empty()) {
    return reply(
        http::Problem(400, "malformed", "", "Invalid query parameters.", req.request_id, errors));
  }
  const auto& q = request.query;
  auto result = api.app.store.Inbox(q);
  json items = json::array();
  for (const auto& r : result.items) {
    items.push_back(
        {{"reference", r.reference},
         {"status", domain::ToString(r.status)},
         {"type", domain::ToString(r.draft.type)},
         {"subject", r.draft.subject},
         {"entity", r.draft.entity},
         {"category", r.draft.category.empty() ? json(nullptr) : json(r.draft.category)},
         {"channel", domain::ToString(r.draft.channel)},
         {"assignee", r.assignee_id ? json(r.assignee_id) : json(nullptr)},
         {"submitted_at", FormatTime(api.app, r.submitted_at)},
         {"first_response_due_at", FormatTime(api.app, r.first_response_due_at)},
         {"due_at", FormatTime(api.app, r.due_at)},
         {"overdue", IsOverdue(r, q.now)}});
  }
  auto r = JsonResponse(200, {{"total", result.total},
                              {"page", request.page},
                              {"per_page", request.per_page},
                              {"items", std::move(items)}});
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void PostAction(const ApiContext& api, const http::Request& req, http::Reply reply) {
  auto who = api.auth.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  domain::Action action;
  auto errors = ParseStaffActionBody(api.app, *who, *body, action);
  if (!errors.empty())
    return reply(http::Problem(422, "validation", "Invalid request",
                               std::to_string(errors.size()) + " fields are invalid",
                               req.request_id, errors));
  auto ref = domain::ParseReference(req.PathParam("reference"));
  if (!ref) return reply(http::Problem(404, "not-found", "", "No such case.", req.request_id));
  const AppContext& ctx = api.app;
  domain::Actor actor = who->actor;
  ApplyCaseAction(api.app, domain::FormatReference(*ref), actor, action,
                  [&ctx, actor, reply, rid = req.request_id](ActionOutcome o) {
                    if (!o.found || !o.stored || o.decision.outcome != domain::Outcome::kOk) {
                      return reply(ActionProblem(o, rid));
                    }
                    auto r = JsonResponse(200, StaffView(ctx, o.record, o.events, actor));
                    r.Set("Cache-Control", "no-store");
                    reply(std::move(r));
                  });
}

}  // namespace

// The staff view of one case; GET /api/v1/cases/{reference} with a staff session (cases.cpp).
void StaffCase(const ApiContext& api, const http::Request& req, const Principal& who,
               http::Reply reply) {
  auto ref = domain::ParseReference(req.PathParam("reference"));
  auto record = ref ? api.app.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
  if (!record || !SeesEntity(who.actor, record->draft.entity)) {
    return reply(http::Problem(404, "not-found", "", "No such case.", req.request_id));
  }
  auto r = JsonResponse(
      200, StaffView(api.app, *record, api.app.store.CaseEvents(record->id), who.actor));
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void RegisterStaffRoutes(http::Router& router, const ApiContext& api) {
  using http::Method;
  AddRoute(router, Method::kGet, "/api/v1/inbox", api, Inbox);
  AddRoute(router, Method::kPost, "/api/v1/cases/{reference}/actions", api, PostAction);
}

}  // namespace tawasul::api
