// Lifecycle actions on stored cases: the store's transaction runs domain::PlanCaseAction
// (domain/case_rules.h) on the case as read inside it; the views of a case for staff.

#include "service/case_actions.h"
#include "service/routing_models.h"

#include "domain/contact_access.h"
#include "domain/figures.h"
#include "domain/notifications.h"
#include "domain/time.h"
#include "http/problem.h"
#include "service/case_service.h"
#include "service/suggestions.h"

namespace tawasul::service {

using nlohmann::json;

namespace {

json OptTime(const AppContext& ctx, const std::optional<domain::Instant>& t) {
  return t ? json(FormatTime(ctx, *t)) : json(nullptr);
}

}  // namespace

void ApplyCaseAction(const AppContext& ctx, const std::string& reference,
                     const domain::Actor& actor, const domain::Action& action,
                     std::function<void(ActionOutcome)> done) {
  auto decision = std::make_shared<domain::Decision>();
  auto now = domain::Now();
  ctx.store.ChangeCase(
      reference,
      [sla = ctx.sla.Get(), actor, action, now, decision](const domain::CaseRecord& cur) {
        auto change =
            domain::PlanCaseAction(sla->calendar, sla->targets, cur, actor, action, now, *decision);
        if (change.apply) domain::AddActionMessages(cur, actor, action, change, now);
        return change;
      },
      CompleteChange(ctx, "case action", decision, std::move(done)));
}

json StaffView(const AppContext& ctx, const domain::CaseRecord& r,
               const std::vector<domain::CaseEvent>& events, const domain::Actor& viewer) {
  json view = CitizenView(ctx, r, {});
  if (r.draft.type == domain::CaseType::kSuggestion) {
    view["outcome"] = OutcomeJson(ctx, domain::OutcomeOf(events));
  }
  json timeline = json::array();
  for (const auto& e : events) {
    json item = {
        {"seq", e.seq},   {"at", FormatTime(ctx, e.at)}, {"kind", std::string(domain::KindName(e))},
        {"body", e.body}, {"public", e.is_public},       {"actor", e.actor}};
    if (!e.data.empty()) item["data"] = json::parse(e.data, nullptr, false);
    timeline.push_back(std::move(item));
  }
  view["timeline"] = std::move(timeline);
  view["assignee"] = r.assignee_id ? json(r.assignee_id) : json(nullptr);
  view["cycle"] = r.cycle;
  view["reopen_count"] = r.reopen_count;
  view["extended"] = r.extended_this_cycle;
  view["paused_at"] = OptTime(ctx, r.paused_at);
  // Looks misrouted: the routing model is confident of another category (docs/routing.md).
  if (auto routing = ctx.routing ? ctx.routing->Get() : nullptr) {
    auto top = routing->model.Predict(r.draft.subject, r.draft.description, 1);
    if (!top.empty() && top[0].category != r.draft.category &&
        top[0].confidence >= kMisroutedConfidence) {
      view["routing_suggestion"] = {{"category", top[0].category},
                                    {"confidence", top[0].confidence}};
    }
  }
  view["rating"] = r.rating ? json(*r.rating) : json(nullptr);
  view["merged_into"] = r.merged_into.empty() ? json(nullptr) : json(r.merged_into);
  view["anonymous"] = r.draft.anonymous;
  // Masked for roles that need no contact (the auditor), hidden on anonymous cases from
  // entity staff (domain/contact_access.h).
  const auto access = domain::ContactAccessOf(viewer, r.draft.anonymous);
  if (access != domain::ContactAccess::kNone) {
    const auto shown = domain::ContactAs(r.draft, access);
    view["contact"] = {{"name", shown.name}, {"email", shown.email}, {"phone", shown.phone}};
    if (access == domain::ContactAccess::kMasked) view["contact"]["masked"] = true;
  } else {
    view["contact"] = nullptr;
  }
  json actions = json::array();
  for (auto a : domain::AvailableActions(domain::StateOf(r), viewer, domain::Now()))
    actions.push_back(domain::ToString(a));
  view["available_actions"] = std::move(actions);
  return view;
}

std::optional<http::Response> ChangeFailureProblem(bool found, bool stored, bool overloaded,
                                                   const std::string& rid) {
  if (!found) return http::Problem(404, "not-found", "", "No such case.", rid);
  if (!stored && overloaded) {
    auto r = http::Problem(503, "unavailable", "",
                           "Too many changes at once; nothing changed. Retry shortly.", rid);
    r.Set("Retry-After", "1");
    return r;
  }
  if (!stored) {
    // A fault, not load (logged where it happened): no Retry-After, which would promise that
    // the same request succeeds later.
    return http::Problem(500, "internal", "", "The change could not be stored; nothing changed.",
                         rid);
  }
  return std::nullopt;
}

http::Response ActionProblem(const ActionOutcome& o, const std::string& rid) {
  if (auto failed = ChangeFailureProblem(o.found, o.stored, o.overloaded, rid)) return *failed;
  const auto& d = o.decision;
  switch (d.outcome) {
    case domain::Outcome::kNotFound:
      return http::Problem(404, "not-found", "", "No such case.", rid);
    case domain::Outcome::kForbidden:
      return http::Problem(403, "forbidden", "", "Your role may not do this (" + d.code + ").",
                           rid);
    case domain::Outcome::kConflict:
      return http::Problem(409, d.code.empty() ? "conflict" : d.code, "",
                           "The case's state does not allow this (" + d.code + ").", rid);
    case domain::Outcome::kInvalid:
      return http::Problem(422, "validation", "Invalid request", d.code, rid,
                           {{"action", d.code, "invalid input: " + d.code}});
    case domain::Outcome::kOk:
      break;
  }
  return http::Problem(500, "internal", "", "", rid);
}

const char* CitizenTextField(domain::ActionKind kind) {
  return kind == domain::ActionKind::kRate     ? "comment"
         : kind == domain::ActionKind::kReopen ? "reason"
                                               : "body";
}

std::vector<http::FieldError> BuildCitizenAction(domain::ActionKind kind,
                                                 const std::optional<std::string>& text,
                                                 const std::optional<std::int64_t>& score,
                                                 domain::Action& action) {
  std::vector<http::FieldError> errors;
  const char* text_key = CitizenTextField(kind);
  action = domain::Action{};
  action.kind = kind;
  if (text) {
    action.body = domain::TrimText(*text);
    if (domain::Utf8Length(action.body) > 10000)
      errors.push_back({text_key, "too_long", "at most 10000 characters"});
  }
  if (kind != domain::ActionKind::kRate && action.body.empty()) {
    errors.push_back({text_key, "required", std::string(text_key) + " is required"});
  }
  if (kind == domain::ActionKind::kRate) {
    if (!score) {
      errors.push_back({"score", "required", "score must be an integer 1..5"});
    } else if (*score < 1 || *score > 5) {
      errors.push_back({"score", "out_of_range", "score must be 1..5"});
    } else {
      action.score = static_cast<int>(*score);
    }
  }
  return errors;
}

}  // namespace tawasul::service
