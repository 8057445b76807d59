// Lifecycle actions on stored cases.
//
// Clock rules applied here (DESIGN.md §3), all from the action's instant `now`. The action
// changes the clock's inputs (domain/case_clock.h) and the due times are then recomputed from
// them (RecomputeDueTimes), the same function a holiday or target change uses:
//  * first public response: first_response_at = now (once per cycle);
//  * answer/reject: answered_at = now;
//  * request_info: a pause opens (paused_at = now); leaving awaiting_citizen closes it, which
//    moves the due times later by the working time spent paused;
//  * extend N working days: the clock's extension (to the close of the Nth working day after
//    the day its due time falls on);
//  * transfer: a new cycle at the receiving entity, both clocks from now with its targets;
//  * reopen: a new resolution clock from now with the targets in force;
//  * every move into closed sets closed_at.
// The decider runs on the store's writer thread inside the transaction; it only computes.

#include "api/case_actions.h"
#include "api/routing.h"

#include "api/case_service.h"
#include "domain/figures.h"
#include "domain/time.h"
#include "http/problem.h"

namespace tawasul::api {

using nlohmann::json;

domain::CaseState StateOf(const domain::CaseRecord& r) {
  domain::CaseState s;
  s.status = r.status;
  s.entity = r.draft.entity;
  s.assignee = r.assignee_id;
  s.cycle = r.cycle;
  s.extended_this_cycle = r.extended_this_cycle;
  s.answered_at = r.answered_at;
  s.rated_this_answer = r.rated_this_answer;
  s.reopen_count = r.reopen_count;
  s.first_response_at = r.first_response_at;
  s.reference = r.reference;
  return s;
}

namespace {

// Structured details recorded with the event (and covered by its hash).
std::string EventData(const domain::Action& a) {
  switch (a.kind) {
    case domain::ActionKind::kReject:
      return json{{"reason", domain::ToString(a.reason)}}.dump();
    case domain::ActionKind::kTransfer:
      return json{{"entity", a.entity}}.dump();
    case domain::ActionKind::kExtend:
      return json{{"working_days", a.working_days}}.dump();
    case domain::ActionKind::kRate:
      return json{{"score", a.score}}.dump();
    case domain::ActionKind::kMerge:
      return json{{"into", a.into}}.dump();
    case domain::ActionKind::kAssign:
      return json{{"assignee", a.assignee}}.dump();
    default:
      return {};
  }
}

}  // namespace

store::CaseChange PlanCaseAction(const SlaRules::Snapshot& sla, const domain::CaseRecord& cur,
                                 const domain::Actor& actor, const domain::Action& action,
                                 domain::Instant now, domain::Decision& decision) {
  const domain::WorkingCalendar& cal = sla.calendar;
  decision = domain::Decide(StateOf(cur), actor, action, now);
  store::CaseChange change;
  if (decision.outcome != domain::Outcome::kOk) return change;
  change.apply = true;
  domain::CaseRecord n = cur;
  const auto& s = decision.next;
  n.status = s.status;
  n.draft.entity = s.entity;
  n.assignee_id = s.assignee;
  n.cycle = s.cycle;
  n.extended_this_cycle = s.extended_this_cycle;
  n.rated_this_answer = s.rated_this_answer;
  n.reopen_count = s.reopen_count;
  n.answered_at = s.answered_at;
  n.first_response_at = s.first_response_at;
  if (decision.first_response) n.first_response_at = now;
  if (decision.resumes_clock) {
    for (auto& p : n.clock.pauses) {
      if (!p.to) p.to = now;
    }
    n.paused_at.reset();
  }
  if (decision.pauses_clock) {
    n.clock.pauses.push_back({now, std::nullopt});
    n.paused_at = now;
  }
  if (decision.starts_new_cycle) {
    const bool transfer = action.kind == domain::ActionKind::kTransfer;
    if (transfer) n.draft.category.clear();  // the old category belongs to the sending entity
    domain::CaseClock fresh = domain::StartClock(sla.targets, n.draft, now);
    // A reopen starts a new resolution clock only: the citizen already had a first response.
    if (!transfer) fresh.first_response = n.clock.first_response;
    n.clock = fresh;
    n.closed_at.reset();
    n.resolution_breached = false;  // a new cycle's clock has not been breached yet
    n.warned = false;
    n.escalated = false;
    if (transfer) n.first_response_breached = false;
  }
  if (action.kind == domain::ActionKind::kExtend) {
    n.clock.extension = domain::Target{domain::TargetUnit::kWorkingDays, action.working_days};
  }
  domain::RecomputeDueTimes(cal, n);
  if (action.kind == domain::ActionKind::kRate) n.rating = action.score;
  if (action.kind == domain::ActionKind::kMerge) n.merged_into = action.into;
  if (n.status == domain::CaseStatus::kClosed && !cur.closed_at) n.closed_at = now;
  change.events = decision.events;
  std::string data = EventData(action);
  for (auto& e : change.events) {
    if (e.kind == domain::ToString(action.kind) && e.data.empty()) e.data = data;
  }
  domain::RecordChangeFacts(cur, n, decision, action.kind, now, cal, change.events);
  change.figures = domain::ChangeFigures(&cur, n, change.events, cal);
  change.next = std::move(n);
  return change;
}

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
        return PlanCaseAction(*sla, cur, actor, action, now, *decision);
      },
      [&ctx, decision, done = std::move(done)](store::ChangeResult r) {
        // On the store's completion thread: only hop off it (the answer renders elsewhere).
        ctx.Complete([decision, done, r = std::move(r)]() mutable {
          ActionOutcome out;
          out.found = r.found;
          out.stored = r.ok;
          out.decision = std::move(*decision);
          out.record = std::move(r.record);
          out.events = std::move(r.events);
          done(std::move(out));
        });
      });
}

json StaffView(const AppContext& ctx, const domain::CaseRecord& r,
               const std::vector<domain::CaseEvent>& events, const domain::Actor& viewer) {
  json view = CitizenView(ctx, r, {});
  json timeline = json::array();
  for (const auto& e : events) {
    json item = {{"seq", e.seq},   {"at", FormatTime(ctx, e.at)}, {"kind", e.kind},
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
  if (domain::CanSeeCitizenIdentity(viewer, r.draft.anonymous)) {
    view["contact"] = {{"name", r.draft.contact_name},
                       {"email", r.draft.contact_email},
                       {"phone", r.draft.contact_phone}};
  } else {
    view["contact"] = nullptr;
  }
  json actions = json::array();
  for (auto a : domain::AvailableActions(StateOf(r), viewer, domain::Now()))
    actions.push_back(domain::ToString(a));
  view["available_actions"] = std::move(actions);
  return view;
}

http::Response ActionProblem(const ActionOutcome& o, const std::string& rid) {
  if (!o.found) return http::Problem(404, "not-found", "", "No such case.", rid);
  if (!o.stored) {
    auto r = http::Problem(503, "unavailable", "",
                           "The change could not be stored; nothing changed.", rid);
    r.Set("Retry-After", "1");
    return r;
  }
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

}  // namespace tawasul::api
