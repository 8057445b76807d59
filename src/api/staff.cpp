// Staff endpoints (docs/API.md "Staff"): inbox, actions on a case, and the staff view of a case.
// Every handler authenticates first (401), then scopes to the caller's entity: a case of another
// entity is 404, exactly as if it did not exist.

#include <set>

#include "api/case_actions.h"
#include "api/case_service.h"
#include "api/json_io.h"
#include "api/routes.h"
#include "domain/reference.h"
#include "http/problem.h"

namespace tawasul::api {

using nlohmann::json;

namespace {

domain::Instant Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

bool SeesEntity(const domain::Actor& a, const std::string& entity) {
  return a.role == domain::Role::kAdmin || a.role == domain::Role::kAuditor || a.entity == entity;
}

std::optional<int> IntParam(const std::string& v, int lo, int hi) {
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int n = std::stoi(v);
  if (n < lo || n > hi) return std::nullopt;
  return n;
}

}  // namespace

void Api::Inbox(const http::Request& req, http::Reply reply) {
  auto who = auth_.Authenticate(req);
  if (!who) return reply(UnauthorizedProblem(req.request_id));
  store::InboxQuery q;
  q.now = Now();
  std::vector<http::FieldError> errors;
  const auto& actor = who->actor;
  if (actor.role == domain::Role::kAgent || actor.role == domain::Role::kSupervisor) {
    q.entity = actor.entity;
  } else {
    q.entity = req.QueryParam("entity");
  }
  q.status = req.QueryParam("status");
  if (!q.status.empty() && !domain::ParseCaseStatus(q.status))
    errors.push_back({"status", "invalid_value", "unknown status"});
  q.type = req.QueryParam("type");
  if (!q.type.empty() && !domain::ParseCaseType(q.type))
    errors.push_back({"type", "invalid_value", "unknown type"});
  q.category = req.QueryParam("category");
  std::string assignee = req.QueryParam("assignee");
  if (assignee == "me") {
    q.assignee = actor.user_id;
  } else if (assignee == "none") {
    q.assignee = -1;
  } else if (!assignee.empty()) {
    auto id = IntParam(assignee, 1, 999999);
    if (!id)
      errors.push_back({"assignee", "invalid_value", "assignee must be me, none or a user id"});
    else
      q.assignee = *id;
  }
  std::string overdue = req.QueryParam("overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false")
    errors.push_back({"overdue", "invalid_value", "overdue must be true or false"});
  q.overdue_only = overdue == "true";
  std::string sort = req.QueryParam("sort");
  if (!sort.empty() && sort != "due")
    errors.push_back({"sort", "invalid_value", "only sort=due is supported"});
  auto page = IntParam(req.QueryParam("page").empty() ? "1" : req.QueryParam("page"), 1, 100000);
  auto per_page =
      IntParam(req.QueryParam("per_page").empty() ? "50" : req.QueryParam("per_page"), 1, 200);
  if (!page) errors.push_back({"page", "invalid_value", "page must be 1..100000"});
  if (!per_page) errors.push_back({"per_page", "invalid_value", "per_page must be 1..200"});
  if (!errors.empty()) {
    return reply(
        http::Problem(400, "malformed", "", "Invalid query parameters.", req.request_id, errors));
  }
  q.limit = *per_page;
  q.offset = (*page - 1) * *per_page;
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
         {"overdue", (r.status == domain::CaseStatus::kReceived ||
                      r.status == domain::CaseStatus::kInProgress) &&
                         r.due_at < q.now}});
  }
  auto r = JsonResponse(200, {{"total", result.total},
                              {"page", *page},
                              {"per_page", *per_page},
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
  std::vector<http::FieldError> errors;
  auto str = [&](const char* key) -> std::string {
    auto it = body->find(key);
    if (it == body->end() || it->is_null()) return {};
    if (!it->is_string()) {
      errors.push_back({key, "invalid_type", std::string(key) + " must be a string"});
      return {};
    }
    return it->get<std::string>();
  };
  domain::Action action;
  auto kind = domain::ParseStaffAction(str("action"));
  if (!kind)
    errors.push_back(
        {"action", body->contains("action") ? "invalid_value" : "required", "unknown action"});
  else
    action.kind = *kind;
  static const std::set<std::string> kAllowed = {"action", "body",         "assignee", "reason",
                                                 "entity", "working_days", "into"};
  for (auto it = body->begin(); it != body->end(); ++it) {
    if (!kAllowed.count(it.key()))
      errors.push_back({it.key(), "unknown_field", "unknown field " + it.key()});
  }
  action.body = domain::TrimText(str("body"));
  action.entity = str("entity");
  action.into = str("into");
  std::string reason = str("reason");
  if (kind == domain::ActionKind::kReject) {
    auto rr = domain::ParseRejectReason(reason);
    if (!rr)
      errors.push_back({"reason", reason.empty() ? "required" : "invalid_value",
                        "reason must be a rejection reason code"});
    else
      action.reason = *rr;
  } else if (!reason.empty()) {
    // transfer and extend carry a free-text reason the citizen reads: keep it as the body.
    if (action.body.empty()) action.body = domain::TrimText(reason);
  }
  if (auto it = body->find("assignee"); it != body->end() && !it->is_null()) {
    if (it->is_number_integer()) {
      action.assignee = it->get<std::int64_t>();
    } else if (it->is_string()) {
      std::string a = it->get<std::string>();
      if (a == "me")
        action.assignee = who->user.id;
      else if (auto u = ctx_.store.FindUserByEmail(a))
        action.assignee = u->id;
      else if (auto id = IntParam(a, 1, 999999999))
        action.assignee = *id;
      else
        errors.push_back({"assignee", "unknown", "no such user"});
    } else {
      errors.push_back({"assignee", "invalid_type", "assignee must be a user id or email"});
    }
    if (action.assignee > 0) {
      auto u = ctx_.store.FindUserById(action.assignee);
      if (!u || !u->active) errors.push_back({"assignee", "unknown", "no such user"});
    }
  }
  if (auto it = body->find("working_days"); it != body->end() && !it->is_null()) {
    if (!it->is_number_integer())
      errors.push_back({"working_days", "invalid_type", "working_days must be an integer"});
    else
      action.working_days =
          static_cast<int>(std::clamp<std::int64_t>(it->get<std::int64_t>(), -1, 1000));
  }
  if (kind == domain::ActionKind::kTransfer && !action.entity.empty() &&
      !ctx_.catalogue.FindEntity(action.entity)) {
    errors.push_back({"entity", "unknown", "unknown entity"});
  }
  if (kind == domain::ActionKind::kMerge && !action.into.empty()) {
    auto into = domain::ParseReference(action.into);
    auto target = into ? ctx_.store.FindCase(domain::FormatReference(*into)) : std::nullopt;
    if (!target || !SeesEntity(who->actor, target->draft.entity))
      errors.push_back({"into", "unknown", "no such case to merge into"});
    else
      action.into = target->reference;
  }
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
