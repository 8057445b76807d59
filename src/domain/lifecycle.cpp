// The case lifecycle: one function, Decide, that says whether an action may happen to a case
// and what follows from it.
//
// A case's history is append-only and its figures are public, so every change to a case must be
// one that DESIGN.md §2 allows, made by someone allowed to make it, and recorded. Keeping the
// whole rule set in one pure function means the API, the HTML forms, the scheduler and the
// importer cannot disagree about it, and that it can be tested exhaustively: five statuses times
// fourteen actions times six roles is small enough to enumerate, and the tests do.
//
// Decide checks in a fixed order and stops at the first failure, because the order is part of
// the contract: a case of another entity must be 404 whatever was asked (so that staff cannot
// probe for cases by watching 403/409 appear), then the role (403), then the status together with
// the time windows and limits (409), and only then the input (422). Whatever fails, nothing
// changes: the returned state equals the input and there are no events. On success the decision
// carries the new state, the events to append, and flags telling the store what happens to the
// SLA clocks (first response met, resolution met, pause started or ended, new cycle started);
// the due-time arithmetic itself lives in the calendar, not here.
//
// The rules (DESIGN.md §2 and §3, docs/API.md):
//   received --assign--> in_progress; reply and extend on a received case also move it to
//   in_progress ("any staff action"); in_progress --request_info--> awaiting_citizen (pauses);
//   awaiting_citizen --citizen_reply / info_timeout--> in_progress (resumes);
//   received|in_progress|awaiting_citizen --answer / reject(reason)--> answered (resolves);
//   ... --transfer(entity, reason)--> received at the new entity (new cycle);
//   ... --merge(into)--> closed; answered --rate / auto_close--> closed;
//   answered --reopen (within 14 days, at most twice)--> in_progress (new cycle).
//   reply, request_info, answer and reject are public and the first of them is the first
//   response; notes are internal and never count.
//
// Decisions (where the design is silent or ambiguous):
//  1. Roles. Citizen: citizen_reply, rate, reopen. Agent: assign (to themselves only; assigning
//     someone else is 403), reply, note, request_info, answer, reject. Agents may not transfer
//     (403): the design gives them "propose transfer", which the API does not have; they propose
//     with a note and a supervisor transfers. Supervisor: every staff action on the own entity's
//     cases. Admin (central): every staff action on any entity's case. Auditor: read-only, 403 on
//     everything (never 404: auditors may see every case). System (scheduler): auto_close and
//     info_timeout only. Staff may not use the citizen actions (403): information a citizen gives
//     by phone is recorded with reply or note, or entered through the citizen endpoint with the
//     case's access code.
//  2. Entity scope applies to agents and supervisors only; admins, auditors, the system and the
//     citizen (already authorised by the API layer) are not scoped.
//  3. Ratings. A rating of 1..2 keeps the case answered, so the citizen can still reopen it
//     within the window (the appeal path); a rating of 3..5 closes it ("close" event after the
//     "rate" event). Either way the answer is rated once. An unrated or low-rated answer is
//     closed by auto_close 14 days after the answer. Reopen is only ever from answered.
//  4. Windows are half-open: rating and reopen are allowed while now < answered_at + 14 days;
//     auto_close is allowed from now >= answered_at + 14 days. So at every instant exactly one
//     of "citizen may still act" and "may be auto-closed" holds. A missing answered_at on an
//     answered case (a broken projection) counts as long ago: windows closed, auto-close due.
//  5. Conflict order for rate: already_rated before rating_window_closed; for reopen:
//     reopen_limit_reached before reopen_window_closed; for extend: already_extended.
//  6. Notes are allowed in every status, closed included (internal bookkeeping such as a
//     follow-up call after closure); they never change the status or the clocks.
//  7. assign is allowed in the open statuses (received, in_progress, awaiting_citizen); it keeps
//     awaiting_citizen. Its event is internal (staff names never reach the citizen) and its
//     body is "user:<assignee>". Re-assigning to the current assignee is accepted.
//  8. reply in awaiting_citizen keeps the case awaiting (an interim message does not end the
//     pause); a second request_info while awaiting is 409 "already_awaiting_citizen".
//  9. request_info on a received case goes straight to awaiting_citizen.
// 10. extend needs 1..30 working days and a reason (public: the citizen sees it); allowed in the
//     open statuses, once per cycle (409 "already_extended"); reopen and transfer start a new
//     cycle and so allow another. On a received case it also moves it to in_progress.
// 11. citizen_reply is allowed in received and in_progress too, as additional information
//     (no status change, no clock change); in answered/closed it is 409 (reopen instead).
// 12. Leaving awaiting_citizen by any action (citizen_reply, info_timeout, answer, reject,
//     transfer, merge) sets resumes_clock, so the store always closes the pause interval.
// 13. transfer: to a different, non-empty entity code (existence is the API layer's check) with
//     a reason; the case goes back to received at the new entity, unassigned, with a new cycle
//     in which first_response_at is cleared (the receiving entity has its own first-response
//     clock) and extension is allowed again. The event body is the reason; the target entity
//     is next.entity.
// 14. reopen: reason required; in_progress, assignee kept, first_response_at kept (only the
//     resolution clock restarts, DESIGN.md §3), cycle+1, answered_at cleared (no current
//     answer), rated_this_answer and extended_this_cycle reset.
// 15. merge: `into` non-empty and not the case's own reference (when state.reference is known);
//     whether `into` exists and belongs to the same entity is the store's check. Events:
//     "merge" (body: the target reference) then "close".
// 16. info_timeout carries no duration here: the scheduler decides when a request has gone
//     unanswered long enough. Its event kind is "info_timeout" (public, by the system).
// 17. Text inputs count as empty when they hold only ASCII whitespace. Bodies are recorded as
//     given. The reject reason code, transfer entity, rating score and extension days are not
//     copied into CaseEvent (it has no field for them); the store takes them from the Action.
// 18. Event actors: "citizen", "system", or "user:<id>" for staff.
// 19. An agent assigning someone else is 403 "assign_others_not_allowed"; assigning nobody
//     (assignee <= 0) is 422 "assignee_required" for every role: missing input is not a role
//     question.
// 20. Every move into closed appends a "close" event (after "merge" or "rate"; alone for
//     auto_close), so the store sets closed_at from one rule.
// 21. Anonymous cases: the citizen's identity is shown to admins and auditors, and also to the
//     citizen (their own data) and the system (the outbox must reach them); never to agents
//     or supervisors. Receive (a new case) is channel-blind: a case entered by call-centre or
//     counter staff starts its clocks exactly like a citizen's; only auditors may not enter one.

#include "domain/lifecycle.h"

#include <array>
#include <utility>

namespace tawasul::domain {

namespace {

// The event of each action, in ActionKind order (EventOf). The actions' names are their events'
// names (event_kind.cpp), but auto_close's.
constexpr std::array<EventKind, kActionKindCount> kActionEvents = {
    EventKind::kAssign, EventKind::kReply,        EventKind::kNote,     EventKind::kRequestInfo,
    EventKind::kAnswer, EventKind::kReject,       EventKind::kTransfer, EventKind::kExtend,
    EventKind::kMerge,  EventKind::kCitizenReply, EventKind::kRate,     EventKind::kReopen,
    EventKind::kClose,  EventKind::kInfoTimeout};
constexpr std::string_view kAutoCloseName = "auto_close";
constexpr int kStaffActionCount = 9;  // kAssign .. kMerge

constexpr std::array<std::string_view, 5> kRejectReasonNames = {
    "out_of_scope", "duplicate", "insufficient_information", "abusive", "other"};

constexpr std::array<std::string_view, 7> kRoleNames = {"citizen", "agent",  "supervisor", "admin",
                                                        "auditor", "system", "call_centre"};

bool IsOpen(CaseStatus s) {
  return s == CaseStatus::kReceived || s == CaseStatus::kInProgress ||
         s == CaseStatus::kAwaitingCitizen;
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

bool IsStaffAction(ActionKind k) { return static_cast<int>(k) < kStaffActionCount; }

bool IsScoped(Role r) { return r == Role::kAgent || r == Role::kSupervisor; }

std::string ActorName(const Actor& a) {
  switch (a.role) {
    case Role::kCitizen:
      return "citizen";
    case Role::kSystem:
      return "system";
    default:
      return "user:" + std::to_string(a.user_id);
  }
}

bool RoleMayDo(Role role, ActionKind kind) {
  switch (role) {
    case Role::kCitizen:
      return kind == ActionKind::kCitizenReply || kind == ActionKind::kRate ||
             kind == ActionKind::kReopen;
    case Role::kAgent:
      return kind == ActionKind::kAssign || kind == ActionKind::kReply ||
             kind == ActionKind::kNote || kind == ActionKind::kRequestInfo ||
             kind == ActionKind::kAnswer || kind == ActionKind::kReject;
    case Role::kSupervisor:
    case Role::kAdmin:
      return IsStaffAction(kind);
    case Role::kAuditor:
    case Role::kCallCentre:
      return false;
    case Role::kSystem:
      return kind == ActionKind::kAutoClose || kind == ActionKind::kInfoTimeout;
  }
  return false;
}

// True while the citizen may still rate or reopen: now < answered_at + window (decision 4).
bool WithinWindow(const CaseState& s, Instant now, std::chrono::days window) {
  return s.answered_at.has_value() && now < *s.answered_at + window;
}

// The status, window and limit rules; returns the 409 code, or nullopt when allowed.
std::optional<std::string_view> StateConflict(const CaseState& s, ActionKind kind, Instant now) {
  constexpr std::string_view kIllegal = "illegal_transition";
  switch (kind) {
    case ActionKind::kNote:
      return std::nullopt;
    case ActionKind::kRequestInfo:
      if (s.status == CaseStatus::kAwaitingCitizen) return "already_awaiting_citizen";
      if (!IsOpen(s.status)) return kIllegal;
      return std::nullopt;
    case ActionKind::kExtend:
      if (!IsOpen(s.status)) return kIllegal;
      if (s.extended_this_cycle) return "already_extended";
      return std::nullopt;
    case ActionKind::kAssign:
    case ActionKind::kReply:
    case ActionKind::kAnswer:
    case ActionKind::kReject:
    case ActionKind::kTransfer:
    case ActionKind::kMerge:
    case ActionKind::kCitizenReply:
      if (!IsOpen(s.status)) return kIllegal;
      return std::nullopt;
    case ActionKind::kRate:
      if (s.status != CaseStatus::kAnswered) return kIllegal;
      if (s.rated_this_answer) return "already_rated";
      if (!WithinWindow(s, now, kRatingWindow)) return "rating_window_closed";
      return std::nullopt;
    case ActionKind::kReopen:
      if (s.status != CaseStatus::kAnswered) return kIllegal;
      if (s.reopen_count >= kMaxReopens) return "reopen_limit_reached";
      if (!WithinWindow(s, now, kReopenWindow)) return "reopen_window_closed";
      return std::nullopt;
    case ActionKind::kAutoClose:
      if (s.status != CaseStatus::kAnswered) return kIllegal;
      if (s.answered_at.has_value() && now < *s.answered_at + kAutoCloseAfter) return "not_due";
      return std::nullopt;
    case ActionKind::kInfoTimeout:
      if (s.status != CaseStatus::kAwaitingCitizen) return kIllegal;
      return std::nullopt;
  }
  return kIllegal;
}

// Input rules; returns the 422 code, or nullopt when the input is valid.
std::optional<std::string_view> InputError(const CaseState& s, const Action& a) {
  switch (a.kind) {
    case ActionKind::kAssign:
      if (a.assignee <= 0) return "assignee_required";
      if (!a.assignee_handles_cases || a.assignee_entity != s.entity) return "assignee_not_found";
      return std::nullopt;
    case ActionKind::kReply:
    case ActionKind::kNote:
    case ActionKind::kRequestInfo:
    case ActionKind::kAnswer:
    case ActionKind::kCitizenReply:
      if (IsBlank(a.body)) return "body_required";
      return std::nullopt;
    case ActionKind::kReject: {
      const int r = static_cast<int>(a.reason);
      if (r < 0 || r >= static_cast<int>(kRejectReasonNames.size())) return "invalid_reason";
      if (IsBlank(a.body)) return "body_required";
      return std::nullopt;
    }
    case ActionKind::kTransfer:
      if (IsBlank(a.entity)) return "entity_required";
      if (a.entity == s.entity) return "same_entity";
      if (IsBlank(a.body)) return "reason_required";
      return std::nullopt;
    case ActionKind::kExtend:
      if (a.working_days < 1 || a.working_days > kMaxExtensionWorkingDays) {
        return "invalid_working_days";
      }
      if (IsBlank(a.body)) return "reason_required";
      return std::nullopt;
    case ActionKind::kMerge:
      if (IsBlank(a.into)) return "into_required";
      if (!s.reference.empty() && a.into == s.reference) return "merge_into_self";
      return std::nullopt;
    case ActionKind::kRate:
      if (a.score < 1 || a.score > 5) return "invalid_score";
      return std::nullopt;
    case ActionKind::kReopen:
      if (IsBlank(a.body)) return "reason_required";
      return std::nullopt;
    case ActionKind::kAutoClose:
    case ActionKind::kInfoTimeout:
      return std::nullopt;
  }
  return "invalid_action";
}

Decision Refuse(const CaseState& state, Outcome outcome, std::string_view code) {
  Decision d;
  d.outcome = outcome;
  d.code = std::string(code);
  d.next = state;
  return d;
}

// Scope, role and status checks (everything before input validation). nullopt: passed.
std::optional<Decision> Gate(const CaseState& state, const Actor& actor, const Action& action,
                             Instant now) {
  if (IsScoped(actor.role) && actor.entity != state.entity) {
    return Refuse(state, Outcome::kNotFound, "not_found");
  }
  if (static_cast<int>(action.kind) < 0 || static_cast<int>(action.kind) >= kActionKindCount) {
    return Refuse(state, Outcome::kInvalid, "invalid_action");
  }
  if (!RoleMayDo(actor.role, action.kind)) {
    return Refuse(state, Outcome::kForbidden, "role_not_allowed");
  }
  if (actor.role == Role::kAgent && action.kind == ActionKind::kAssign && action.assignee > 0 &&
      action.assignee != actor.user_id) {
    return Refuse(state, Outcome::kForbidden, "assign_others_not_allowed");
  }
  if (auto conflict = StateConflict(state, action.kind, now)) {
    return Refuse(state, Outcome::kConflict, *conflict);
  }
  return std::nullopt;
}

// The effects an action has on the next state, named once for Apply's cases.
class Effects {
 public:
  Effects(const CaseState& state, const Actor& actor, Instant now)
      : state_(state), who_(ActorName(actor)), now_(now) {
    d_.outcome = Outcome::kOk;
    d_.next = state;
  }

  Decision& decision() { return d_; }
  CaseState& next() { return d_.next; }
  bool was_awaiting() const { return state_.status == CaseStatus::kAwaitingCitizen; }

  void Emit(EventKind kind, bool is_public, std::string body) {
    CaseEvent e;
    e.at = now_;
    e.kind = kind;
    e.is_public = is_public;
    e.actor = who_;
    e.body = std::move(body);
    d_.events.push_back(std::move(e));
  }
  // The first staff response of this cycle (it stops the first-response clock).
  void FirstResponse() {
    if (!state_.first_response_at.has_value()) {
      d_.first_response = true;
      d_.next.first_response_at = now_;
    }
  }
  void StartWorking() {
    if (state_.status == CaseStatus::kReceived) d_.next.status = CaseStatus::kInProgress;
  }
  // A transfer or a reopening starts a new answer cycle with its own deadline.
  void NewCycle() {
    d_.starts_new_cycle = true;
    d_.next.cycle = state_.cycle + 1;
    d_.next.extended_this_cycle = false;
    d_.next.rated_this_answer = false;
  }
  void Close() {
    d_.next.status = CaseStatus::kClosed;
    Emit(EventKind::kClose, true, "");
  }

 private:
  const CaseState& state_;
  const std::string who_;
  const Instant now_;
  Decision d_;
};

// Applies an action that passed every check.
Decision Apply(const CaseState& state, const Actor& actor, const Action& action, Instant now) {
  Effects fx(state, actor, now);
  Decision& d = fx.decision();
  CaseState& next = fx.next();
  const bool was_awaiting = fx.was_awaiting();

  switch (action.kind) {
    case ActionKind::kAssign:
      fx.StartWorking();
      next.assignee = action.assignee;
      fx.Emit(EventKind::kAssign, false, "user:" + std::to_string(action.assignee));
      break;
    case ActionKind::kReply:
      fx.StartWorking();
      fx.FirstResponse();
      fx.Emit(EventKind::kReply, true, action.body);
      break;
    case ActionKind::kNote:
      fx.Emit(EventKind::kNote, false, action.body);
      break;
    case ActionKind::kRequestInfo:
      next.status = CaseStatus::kAwaitingCitizen;
      d.pauses_clock = true;
      fx.FirstResponse();
      fx.Emit(EventKind::kRequestInfo, true, action.body);
      break;
    case ActionKind::kAnswer:
    case ActionKind::kReject:
      next.status = CaseStatus::kAnswered;
      next.answered_at = now;
      next.rated_this_answer = false;
      d.resolves_cycle = true;
      d.resumes_clock = was_awaiting;
      fx.FirstResponse();
      fx.Emit(EventOf(action.kind), true, action.body);
      break;
    case ActionKind::kTransfer:
      next.status = CaseStatus::kReceived;
      next.entity = action.entity;
      next.assignee = 0;
      next.first_response_at.reset();
      d.resumes_clock = was_awaiting;
      fx.NewCycle();
      fx.Emit(EventKind::kTransfer, true, action.body);
      break;
    case ActionKind::kExtend:
      fx.StartWorking();
      next.extended_this_cycle = true;
      fx.Emit(EventKind::kExtend, true, action.body);
      break;
    case ActionKind::kMerge:
      d.resumes_clock = was_awaiting;
      fx.Emit(EventKind::kMerge, true, action.into);
      fx.Close();
      break;
    case ActionKind::kCitizenReply:
      if (was_awaiting) {
        next.status = CaseStatus::kInProgress;
        d.resumes_clock = true;
      }
      fx.Emit(EventKind::kCitizenReply, true, action.body);
      break;
    case ActionKind::kRate:
      next.rated_this_answer = true;
      fx.Emit(EventKind::kRate, true, action.body);
      if (action.score > kAppealMaxScore) fx.Close();
      break;
    case ActionKind::kReopen:
      next.status = CaseStatus::kInProgress;
      next.reopen_count = state.reopen_count + 1;
      next.answered_at.reset();
      fx.NewCycle();
      fx.Emit(EventKind::kReopen, true, action.body);
      break;
    case ActionKind::kAutoClose:
      fx.Close();
      break;
    case ActionKind::kInfoTimeout:
      next.status = CaseStatus::kInProgress;
      d.resumes_clock = true;
      fx.Emit(EventKind::kInfoTimeout, true, "");
      break;
  }
  return std::move(d);
}

}  // namespace

Decision Decide(const CaseState& state, const Actor& actor, const Action& action, Instant now) {
  if (auto refused = Gate(state, actor, action, now)) return std::move(*refused);
  if (auto invalid = InputError(state, action)) {
    return Refuse(state, Outcome::kInvalid, *invalid);
  }
  return Apply(state, actor, action, now);
}

Decision Receive(std::string_view entity, const Actor& submitter, Instant now) {
  CaseState initial;
  initial.status = CaseStatus::kReceived;
  initial.entity = std::string(entity);
  if (submitter.role == Role::kAuditor) {
    return Refuse(initial, Outcome::kForbidden, "role_not_allowed");
  }
  if (IsBlank(entity)) return Refuse(initial, Outcome::kInvalid, "entity_required");
  Decision d;
  d.outcome = Outcome::kOk;
  d.next = std::move(initial);
  d.starts_new_cycle = true;
  CaseEvent e;
  e.at = now;
  e.kind = EventKind::kReceived;
  e.is_public = true;
  e.actor = ActorName(submitter);
  d.events.push_back(std::move(e));
  return d;
}

std::vector<ActionKind> AvailableActions(const CaseState& state, const Actor& actor, Instant now) {
  std::vector<ActionKind> out;
  for (int i = 0; i < kActionKindCount; ++i) {
    Action probe;
    probe.kind = static_cast<ActionKind>(i);
    probe.assignee = actor.user_id;  // an agent offers "assign to myself"
    if (!Gate(state, actor, probe, now)) out.push_back(probe.kind);
  }
  return out;
}

EventKind EventOf(ActionKind kind) { return kActionEvents[static_cast<int>(kind)]; }

std::string_view ToString(ActionKind kind) {
  return kind == ActionKind::kAutoClose ? kAutoCloseName : ToString(EventOf(kind));
}

std::optional<ActionKind> ParseStaffAction(std::string_view s) {
  for (int i = 0; i < kStaffActionCount; ++i) {
    if (ToString(static_cast<ActionKind>(i)) == s) return static_cast<ActionKind>(i);
  }
  return std::nullopt;
}

std::string_view ToString(RejectReason reason) {
  return kRejectReasonNames[static_cast<int>(reason)];
}

std::optional<RejectReason> ParseRejectReason(std::string_view s) {
  for (std::size_t i = 0; i < kRejectReasonNames.size(); ++i) {
    if (kRejectReasonNames[i] == s) return static_cast<RejectReason>(i);
  }
  return std::nullopt;
}

std::string_view ToString(Role role) { return kRoleNames[static_cast<int>(role)]; }

std::optional<Role> ParseStaffRole(std::string_view s) {
  for (Role r :
       {Role::kAgent, Role::kSupervisor, Role::kAdmin, Role::kAuditor, Role::kCallCentre}) {
    if (ToString(r) == s) return r;
  }
  return std::nullopt;
}

bool IsEntityRole(Role role) { return role == Role::kAgent || role == Role::kSupervisor; }

bool MayReadCases(Role role) {
  return IsEntityRole(role) || role == Role::kAdmin || role == Role::kAuditor;
}

bool MayEnterCasesForCallers(Role role) {
  return role == Role::kCallCentre || role == Role::kAdmin || IsEntityRole(role);
}

bool CanSeeCitizenIdentity(const Actor& viewer, bool anonymous) {
  if (!anonymous) return true;
  switch (viewer.role) {
    case Role::kAdmin:
    case Role::kAuditor:
    case Role::kCitizen:
    case Role::kSystem:
      return true;
    case Role::kAgent:
    case Role::kSupervisor:
    case Role::kCallCentre:
      return false;
  }
  return false;
}

}  // namespace tawasul::domain
