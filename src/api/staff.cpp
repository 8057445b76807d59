// Staff endpoints (docs/API.md "Staff"): inbox, actions on a case, and the staff view of a case.
// Every handler authenticates first (401), then scopes to the caller's entity: a case of another
// entity is 404, exactly as if it did not exist.

#include "api/routes.h"
#include "domain/reference.h"
#include "http/problem.h"
#include "service/case_actions.h"
#include "service/case_service.h"
#include "service/json_io.h"
#include "service/staff_requests.h"

namespace tawasul::api {

using namespace service;  // the use cases this adapter calls

using nlohmann::json;

void Api::Inbox(const http::Request& req, http::Reply reply) {
  auto who = auth_.Authenticate(req);
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
  auto result = ctx_.store.Inbox(q);
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
         {"submitted_at", FormatTime(ctx_, r.submitted_at)},
         {"first_response_due_at", FormatTime(ctx_, r.first_response_due_at)},
         {"due_at", FormatTime(ctx_, r.due_at)},
         {"overdue", IsOverdue(r, q.now)}});
  }
  auto r = JsonResponse(200, {{"total", result.total},
                              {"page", request.page},
                              {"per_page", request.per_page},
                              {"items", std::move(items)}});
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void Api::StaffCase(const http::Request& req, const Principal& who, http::Reply reply) {
  auto ref = domain::ParseReference(req.PathParam("reference"));
  auto record = ref ? ctx_.store.FindCase(domain::FormatReference(*ref)) : std::nullopt;
  if (!record || !SeesEntity(who.actor, record->draft.entity)) {
    return reply(http::Problem(404, "not-found", "", "No such case.", req.request_id));
  }
  auto r =
      JsonResponse(200, StaffView(ctx_, *record, ctx_.store.CaseEvents(record->id), who.actor));
  r.Set("Cache-Control", "no-store");
  reply(std::move(r));
}

void Api::PostAction(const http::Request& req, http::Reply reply) {
  auto who = auth_.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  auto body = ReadJsonBody(req, reply);
  if (!body) return;
  domain::Action action;
  auto errors = ParseStaffActionBody(ctx_, *who, *body, action);
  if (!errors.empty())
    return reply(http::Problem(422, "validation", "Invalid request",
                               std::to_string(errors.size()) + " fields are invalid",
                               req.request_id, errors));
  auto ref = domain::ParseReference(req.PathParam("reference"));
  if (!ref) return reply(http::Problem(404, "not-found", "", "No such case.", req.request_id));
  const AppContext& ctx = ctx_;
  domain::Actor actor = who->actor;
  ApplyCaseAction(ctx_, domain::FormatReference(*ref), actor, action,
                  [&ctx, actor, reply, rid = req.request_id](ActionOutcome o) {
                    if (!o.found || !o.stored || o.decision.outcome != domain::Outcome::kOk) {
                      return reply(ActionProblem(o, rid));
                    }
                    auto r = JsonResponse(200, StaffView(ctx, o.record, o.events, actor));
                    r.Set("Cache-Control", "no-store");
                    reply(std::move(r));
                  });
}

}  // namespace tawasul::api
