// The rules that change a stored case; see case_rules.h.
//
// Clock rules applied by PlanCaseAction (docs/design.md §3), all from the action's instant
// `now`. The action changes the clock's inputs (case_clock.h) and the due times are then
// recomputed from them (RecomputeDueTimes), the same function a holiday or target change uses:
//  * first public response: first_response_at = now (once per cycle);
//  * answer/reject: answered_at = now;
//  * request_info: a pause opens (paused_at = now); leaving awaiting_citizen closes it, which
//    moves the due times later by the working time spent paused;
//  * extend N working days: the clock's extension (to the close of the Nth working day after
//    the day its due time falls on);
//  * transfer: a new cycle at the receiving entity, both clocks from now with its targets;
//  * reopen: a new resolution clock from now with the targets in force;
//  * every move into closed sets closed_at.
// Every function here only computes: the store runs them inside the case's write transaction.

#include "domain/case_rules.h"

#include <nlohmann/json.hpp>

#include "domain/figures.h"

namespace tawasul::domain {

using nlohmann::json;

namespace {

std::int64_t Secs(Instant t) { return t.time_since_epoch().count(); }

// Structured details recorded with the event (and covered by its hash).
std::string EventData(const Action& a) {
  switch (a.kind) {
    case ActionKind::kReject:
      return json{{"reason", ToString(a.reason)}}.dump();
    case ActionKind::kTransfer:
      return json{{"entity", a.entity}}.dump();
    case ActionKind::kExtend:
      return json{{"working_days", a.working_days}}.dump();
    case ActionKind::kRate:
      return json{{"score", a.score}}.dump();
    case ActionKind::kMerge:
      return json{{"into", a.into}}.dump();
    case ActionKind::kAssign:
      return json{{"assignee", a.assignee}}.dump();
    default:
      return {};
  }
}

// An internal event the scheduler records (never shown to the citizen).
CaseEvent SystemEvent(Instant now, EventKind kind, const json& data) {
  CaseEvent e;
  e.at = now;
  e.kind = kind;
  e.is_public = false;
  e.actor = "system";
  e.data = data.dump();
  return e;
}

bool ClockRunning(const CaseRecord& r) {
  return r.status == CaseStatus::kReceived || r.status == CaseStatus::kInProgress;
}

}  // namespace

// The change recording one breach, or no change when the condition no longer holds (answered,
// paused, already recorded, due time moved by an extension...).
CaseChange BreachChange(const CaseRecord& cur, bool resolution, Instant now) {
  CaseChange ch;
  if (!ClockRunning(cur)) return ch;
  if (resolution && (cur.resolution_breached || cur.due_at > now)) return ch;
  if (!resolution &&
      (cur.first_response_breached || cur.first_response_at || cur.first_response_due_at > now))
    return ch;
  ch.apply = true;
  ch.next = cur;
  (resolution ? ch.next.resolution_breached : ch.next.first_response_breached) = true;
  Instant due = resolution ? cur.due_at : cur.first_response_due_at;
  std::string clock = resolution ? "resolution" : "first_response";
  ch.events.push_back(SystemEvent(
      now, EventKind::kBreached,
      {{"clock", clock}, {"due_at", due.time_since_epoch().count()}, {"cycle", cur.cycle}}));
  ch.outbox.push_back(StaffMessage(now, "breach", "role:supervisor@" + cur.draft.entity,
                                   json{{"reference", cur.reference},
                                        {"clock", clock},
                                        {"due_at", due.time_since_epoch().count()}}
                                       .dump()));
  return ch;
}

// The 75% warning to the assignee (or, unassigned, the entity's agents), once per cycle.
CaseChange WarningChange(const CaseRecord& cur, Instant now) {
  CaseChange ch;
  if (!ClockRunning(cur) || cur.warned || !cur.warn_at || *cur.warn_at > now) return ch;
  ch.apply = true;
  ch.next = cur;
  ch.next.warned = true;
  ch.events.push_back(SystemEvent(now, EventKind::kWarning,
                                  {{"clock", "resolution"},
                                   {"due_at", cur.due_at.time_since_epoch().count()},
                                   {"cycle", cur.cycle}}));
  std::string to = cur.assignee_id ? "user:" + std::to_string(cur.assignee_id)
                                   : "role:agent@" + cur.draft.entity;
  ch.outbox.push_back(StaffMessage(
      now, "warning", to,
      json{{"reference", cur.reference}, {"due_at", cur.due_at.time_since_epoch().count()}}
          .dump()));
  return ch;
}

// Escalation of a breach still unresolved after the delay, to central administration.
CaseChange EscalationChange(const CaseRecord& cur, Instant before, Instant now) {
  CaseChange ch;
  if (!ClockRunning(cur) || !cur.resolution_breached || cur.escalated || cur.due_at > before)
    return ch;
  ch.apply = true;
  ch.next = cur;
  ch.next.escalated = true;
  ch.events.push_back(SystemEvent(now, EventKind::kEscalated,
                                  {{"to", "central_administration"},
                                   {"due_at", cur.due_at.time_since_epoch().count()},
                                   {"cycle", cur.cycle}}));
  ch.outbox.push_back(StaffMessage(now, "escalation", "role:admin",
                                   json{{"reference", cur.reference},
                                        {"entity", cur.draft.entity},
                                        {"due_at", cur.due_at.time_since_epoch().count()}}
                                       .dump()));
  return ch;
}

CaseState StateOf(const CaseRecord& r) {
  CaseState s;
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

CaseChange PlanCaseAction(const WorkingCalendar& cal, const TargetTable& targets,
                          const CaseRecord& cur, const Actor& actor, const Action& action,
                          Instant now, Decision& decision) {
  decision = Decide(StateOf(cur), actor, action, now);
  CaseChange change;
  if (decision.outcome != Outcome::kOk) return change;
  change.apply = true;
  CaseRecord n = cur;
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
    const bool transfer = action.kind == ActionKind::kTransfer;
    if (transfer) n.draft.category.clear();  // the old category belongs to the sending entity
    CaseClock fresh = StartClock(targets, n.draft, now);
    // A reopen starts a new resolution clock only: the citizen already had a first response.
    if (!transfer) fresh.first_response = n.clock.first_response;
    n.clock = fresh;
    n.closed_at.reset();
    n.resolution_breached = false;  // a new cycle's clock has not been breached yet
    n.warned = false;
    n.escalated = false;
    if (transfer) n.first_response_breached = false;
  }
  if (action.kind == ActionKind::kExtend) {
    n.clock.extension = Target{TargetUnit::kWorkingDays, action.working_days};
  }
  RecomputeDueTimes(cal, n);
  if (action.kind == ActionKind::kRate) n.rating = action.score;
  if (action.kind == ActionKind::kMerge) n.merged_into = action.into;
  if (n.status == CaseStatus::kClosed && !cur.closed_at) n.closed_at = now;
  change.events = decision.events;
  std::string data = EventData(action);
  for (auto& e : change.events) {
    if (e.kind == EventOf(action.kind) && e.data.empty()) e.data = data;
  }
  RecordChangeFacts(cur, n, decision, action.kind, now, cal, change.events);
  change.figures = ChangeFigures(&cur, n, change.events, cal);
  change.next = std::move(n);
  return change;
}

CaseChange RecomputeChange(const WorkingCalendar& calendar, const TargetTable& targets,
                           const CaseRecord& cur, const std::string& reason, bool retarget,
                           const std::string& actor, Instant now) {
  CaseChange change;
  if (!IsOpenStatus(cur.status)) return change;
  CaseRecord n = cur;
  if (retarget) {
    auto fresh = StartClock(targets, n.draft, n.clock.start);
    n.clock.resolution = fresh.resolution;
    n.clock.first_response = fresh.first_response;
  }
  RecomputeDueTimes(calendar, n);
  if (n.due_at == cur.due_at && n.first_response_due_at == cur.first_response_due_at) {
    // No promise to anyone moved: store a changed target or warning instant without an event.
    change.apply = n.clock != cur.clock || n.warn_at != cur.warn_at;
    change.next = std::move(n);
    return change;
  }
  CaseEvent e;
  e.at = now;
  e.kind = EventKind::kDueRecomputed;
  e.is_public = false;
  e.actor = actor;
  e.data = json{{"reason", reason},
                {"previous_due_at", Secs(cur.due_at)},
                {"due_at", Secs(n.due_at)},
                {"previous_first_response_due_at", Secs(cur.first_response_due_at)},
                {"first_response_due_at", Secs(n.first_response_due_at)}}
               .dump();
  change.apply = true;
  change.events.push_back(std::move(e));
  change.next = std::move(n);
  return change;
}

}  // namespace tawasul::domain
